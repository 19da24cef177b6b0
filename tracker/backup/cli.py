"""`flask --app wsgi backup export|import`: the full export from the command line."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from tracker.backup.services import BackupError, export_everything, import_everything
from tracker.extensions import db

backup = click.Group(
    "backup",
    help=(
        "Full export and import of every record: prisoners, figures, dates, events, listing and reminder "
        "pages, and the record history, soft-deleted rows and private fields included.\n\n"
        "Left out on purpose: user accounts (credentials; a version names the editor's role instead), "
        "reminder subscribers' emails and the mail outbox (personal data, not the record), and the "
        "scheduler heartbeat."
    ),
)


@backup.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(path: Path) -> None:
    """Write every record, private fields included, to PATH as JSON (no accounts, subscribers or outbox)."""
    document = export_everything(current_app.config["UPLOAD_DIR"])
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(
        f"Exported {_counted({key: len(rows) for key, rows in document.items() if isinstance(rows, list)})} to {path}."
    )


@backup.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(path: Path) -> None:
    """Load a full export into an empty instance, in one transaction; it adds no history of its own."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        counts = import_everything(document, current_app.config["UPLOAD_DIR"])
    except (BackupError, ValueError, UnicodeDecodeError, SQLAlchemyError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Imported {_counted(counts)}.")


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {key.replace('_', ' ')}" for key, count in counts.items())
