"""`flask --app wsgi dispatcher`: a mail dispatcher process (run one or several)."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker.mail.jobs import run_dispatcher


@click.command("dispatcher")
@click.option("--batch-size", type=click.IntRange(1, 1000), default=None, help="Messages claimed at a time.")
@click.option("--idle", type=click.FloatRange(0.1, 3600), default=None, help="Seconds to wait when nothing is due.")
@click.option("--once", is_flag=True, help="Send everything due now, then exit.")
@with_appcontext
def dispatcher_command(batch_size: int | None, idle: float | None, once: bool) -> None:
    """Send queued mail until stopped; SIGTERM finishes the message in hand and exits cleanly."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    sent = run_dispatcher(
        app,
        batch_size=batch_size or app.config["MAIL_DISPATCH_BATCH_SIZE"],
        idle_seconds=idle or app.config["MAIL_DISPATCH_IDLE_SECONDS"],
        once=once,
    )
    click.echo(f"sent {sent} message(s)")
