"""Turning an outbox row into a MIME message and handing it to SMTP (or a folder in development)."""

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from flask import current_app

from tracker.mail.models import OutboxMessage
from tracker.timeutil import utcnow


class TransientMailError(Exception):
    """Delivery failed in a way worth retrying (4xx, connection trouble)."""


class PermanentMailError(Exception):
    """Delivery failed for good (5xx, a malformed message)."""


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The MIME message for an outbox row; raises PermanentMailError on header injection."""
    mime = EmailMessage()
    try:
        mime["From"] = sender
        mime["To"] = message.to_address
        mime["Subject"] = message.subject
        mime["Message-ID"] = message.message_id
        mime["Date"] = format_datetime(utcnow())
        for name, value in (message.headers or {}).items():
            mime[name] = value
    except (ValueError, TypeError) as error:
        # The email package refuses CR/LF in header values: no header injection gets through.
        raise PermanentMailError(f"invalid header: {error}") from None
    mime.set_content(message.body_text)
    if message.body_html:
        mime.add_alternative(message.body_html, subtype="html")
    try:
        # Set after the body: set_content() drops every Content-* header set before it.
        mime["Content-Language"] = message.language
    except (ValueError, TypeError) as error:
        raise PermanentMailError(f"invalid header: {error}") from None
    return mime


def deliver(message: OutboxMessage) -> None:
    """Send one message with the configured transport; raise Transient/PermanentMailError on failure."""
    config = current_app.config
    mime = build_email(message, config["MAIL_DEFAULT_SENDER"])
    if not config["MAIL_SERVER"]:
        _write_to_folder(mime, Path(config["MAIL_FILE_DIR"]), message.id)
        return
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(mime)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        raise (PermanentMailError if all(c >= 500 for c in codes) else TransientMailError)(
            f"recipient refused: {codes}"
        ) from None
    except smtplib.SMTPResponseException as error:
        kind = PermanentMailError if error.smtp_code >= 500 else TransientMailError
        raise kind(f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}") from None
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise TransientMailError(f"{type(error).__name__}: {error}") from None


def _write_to_folder(mime: EmailMessage, folder: Path, outbox_id: int) -> None:
    """Development transport: one .eml file per message under instance/mail."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{utcnow():%Y%m%dT%H%M%S}-{outbox_id}.eml").write_bytes(bytes(mime))
