"""The app's own jobs, run in a process of their own so their time and memory are theirs alone.

    python -m bench.jobs enqueue --at 2026-05-14T06:00:00+00:00   the scheduler's reminder fan-out job
    python -m bench.jobs dispatch                                 drain the outbox with the dispatch job
    python -m bench.jobs figures                                  the scheduler's count-figures job
    python -m bench.jobs pages                                    the scheduler's warm-pages job

Settings come from the environment (DATABASE_URL, MAIL_SERVER, MAIL_PORT, ...), as in production.
`dispatch` stands in for `flask --app wsgi dispatcher --once` where that command does not exist:
it runs the scheduler's dispatch job until the outbox has nothing due.
"""

import argparse
import json
import sys
import time
from datetime import datetime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    enqueue = commands.add_parser("enqueue", help="queue every reminder due at --at")
    enqueue.add_argument("--at", required=True, type=datetime.fromisoformat)
    commands.add_parser("dispatch", help="send everything due, then exit")
    commands.add_parser("figures", help="build and store the count figures, as the scheduler does")
    commands.add_parser("pages", help="render the most-read pages into the shared cache, as the scheduler does")
    args = parser.parse_args(argv)

    from tracker import create_app
    from tracker.scheduler import run_job

    app = create_app()
    started = time.perf_counter()
    if args.command == "enqueue":
        from tracker.reminders.jobs import enqueue_due_reminders

        result = {"queued": run_job(app, enqueue_due_reminders, args.at)}
    elif args.command == "figures":
        from tracker.counts.jobs import precompute_figures

        result = {"built": run_job(app, precompute_figures)}
    elif args.command == "pages":
        from tracker.core.pagecache import warm_pages

        result = {"pages": run_job(app, warm_pages)}
    else:
        from tracker.mail.jobs import dispatch_outbox

        sent = 0
        while batch := run_job(app, dispatch_outbox):
            sent += batch
        result = {"sent": sent}
    result["seconds"] = time.perf_counter() - started
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
