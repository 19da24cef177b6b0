"""Time the pages people quote most, over a registry the size Belarus's really is.

Loads N invented records (default 1,500, as many as human-rights defenders count) into a
fresh SQLite database, then times each URL over several runs and checks it against a
target. Exits non-zero when a target is missed.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from config import TestConfig
from tracker import create_app
from tracker.demo.data import load_demo_data
from tracker.extensions import db

# URL -> target median in milliseconds on the 2-core reference machine.
TARGETS = {
    "/": 500,
    "/counts": 600,
    "/counts.json": 500,
    "/prisoners": 600,
    "/prisoners?q=ashurak": 200,
    "/prisoners?status=sentenced&region=brest": 400,
    "/api/v1/prisoners?per_page=100": 800,
    "/api/v1/counts": 600,
    "/dates": 800,
    "/events": 200,
}
# HTML pages must stay within the page-weight budget (issue 5) even with a full registry.
HTML_BUDGET_BYTES = 60 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:

        class Bench(TestConfig):
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            INSTANCE_DIR = Path(folder)

        app = create_app(Bench)
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            load_demo_data(date.today(), samples=args.records)
            db.session.commit()
            print(f"loaded {args.records} records in {time.perf_counter() - started:.1f} s")
        client = app.test_client()
        failures = 0
        print(f"{'url':45} {'median ms':>10} {'max ms':>8} {'target':>7} {'KB':>6}")
        for url, target in TARGETS.items():
            client.get(url)  # warm caches and templates
            timings = []
            for _run in range(args.runs):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            median = statistics.median(timings)
            size = len(response.data)
            verdict = "ok" if median <= target else "SLOW"
            if response.mimetype == "text/html" and size > HTML_BUDGET_BYTES:
                verdict = "HEAVY"
            failures += verdict != "ok"
            print(f"{url:45} {median:10.1f} {max(timings):8.1f} {target:7d} {size / 1024:6.1f} {verdict}")
        with app.app_context():
            db.engine.dispose()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
