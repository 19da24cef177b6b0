"""`flask --app wsgi backup export|import`: the full export from the command line."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from tracker.backup.encryption import (
    decrypt_document,
    encrypt_document,
    is_encrypted,
    parse_identities,
    parse_recipients,
)
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
@click.option(
    "--recipient",
    "recipients",
    multiple=True,
    metavar="AGE_PUBLIC_KEY",
    help="age public key (age1…) to encrypt the export to; repeat for several. Default: BACKUP_AGE_RECIPIENTS.",
)
@with_appcontext
def export_command(path: Path, recipients: tuple[str, ...]) -> None:
    """Write every record, private fields included, to PATH as JSON encrypted with age (never in plain text).

    No accounts, subscribers or outbox. Decrypt with `age -d -i KEY PATH` or import with --identity.
    """
    keys = recipients or tuple(current_app.config["BACKUP_AGE_RECIPIENTS"])
    try:
        encrypted_to = parse_recipients(keys)
    except BackupError as error:
        raise click.UsageError(f"{error} Use --recipient or set BACKUP_AGE_RECIPIENTS.") from None
    document = export_everything(current_app.config["UPLOAD_DIR"])
    path.write_bytes(encrypt_document(document, encrypted_to))
    counts = {key: len(rows) for key, rows in document.items() if isinstance(rows, list)}
    click.echo(f"Exported {_counted(counts)} to {path}, encrypted to {len(encrypted_to)} key(s).")


@backup.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--identity",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="age identity file (as age-keygen writes it) holding the secret key the export was encrypted to.",
)
@with_appcontext
def import_command(path: Path, identity: Path | None) -> None:
    """Load a full export into an empty instance, in one transaction; it adds no history of its own."""
    try:
        document = _read_export(path, identity)
        counts = import_everything(document, current_app.config["UPLOAD_DIR"])
    except (BackupError, ValueError, UnicodeDecodeError, SQLAlchemyError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Imported {_counted(counts)}.")


def _read_export(path: Path, identity: Path | None) -> dict:
    data = path.read_bytes()
    if is_encrypted(data):
        if identity is None:
            raise BackupError("This export is encrypted: give --identity FILE with the age secret key.")
        return decrypt_document(data, parse_identities(identity.read_bytes().decode("utf-8", errors="replace")))
    # Exports written before they were encrypted still load; the operator should delete the plain copy.
    click.echo(f"Warning: {path} is not encrypted. Delete it once imported.", err=True)
    return json.loads(data.decode("utf-8"))


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {key.replace('_', ' ')}" for key, count in counts.items())
