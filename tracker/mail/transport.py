"""Turning an outbox row into a MIME message and handing it to SMTP (or a folder in development)."""

import contextlib
import functools
import smtplib
from collections.abc import Mapping
from email import policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path

from flask import current_app

from tracker.mail.models import OutboxMessage
from tracker.timeutil import utcnow


class TransientMailError(Exception):
    """Delivery failed in a way worth retrying (4xx, connection trouble)."""


class PermanentMailError(Exception):
    """Delivery failed for good (5xx, a malformed message)."""


class _HeaderClasses(HeaderRegistry):
    """The standard header registry, building each header's class once instead of once per header.

    The email package makes a new class for every header it parses, each the same as the last for
    its header name, so a large dispatch would spend much of its time building identical classes.
    """

    @functools.lru_cache(maxsize=256)  # noqa: B019  one registry for the process
    def __getitem__(self, name: str) -> type:
        return super().__getitem__(name)


class UrlListHeader(UnstructuredHeader):
    """An RFC 2369 header (List-Unsubscribe, …): angle-bracketed URLs that must reach the wire literally.

    The default folding turns a URL longer than a line into RFC 2047 encoded words, which mail
    providers do not decode in these headers, so they offer no one-click unsubscribe. ASCII URLs
    are never encoded: the header is folded only between URLs, and a single URL stays on one line
    (RFC 5322 allows 998 octets; the 78 is a recommendation).
    """

    def fold(self, *, policy: policy.Policy) -> str:
        """The header as it goes on the wire."""
        value = str(self)
        if not value.isascii() or "\r" in value or "\n" in value:
            return super().fold(policy=policy)
        urls = [url.strip() for url in value.split(",") if url.strip()]
        folded = f"{self.name}: {', '.join(urls)}"
        if len(folded) > (policy.max_line_length or len(folded)):
            folded = f"{self.name}: " + f",{policy.linesep} ".join(urls)
        return folded + policy.linesep


RFC_2369_HEADERS = ("list-unsubscribe", "list-subscribe", "list-help", "list-post", "list-owner", "list-archive")


def _header_classes() -> HeaderRegistry:
    registry = _HeaderClasses()
    for name in RFC_2369_HEADERS:
        registry.map_to_type(name, UrlListHeader)
    return registry


# The default policy (what EmailMessage() uses), with the registry above.
MAIL_POLICY = policy.default.clone(header_factory=_header_classes())


def sender_header(config: Mapping) -> str:
    """The From header: MAIL_DEFAULT_SENDER, under the display name MAIL_SENDER_NAME when one is set.

    The name is what a phone's inbox shows; docs/privacy.md says why it can be neutral.
    """
    name = config.get("MAIL_SENDER_NAME", "")
    if not name:
        return config["MAIL_DEFAULT_SENDER"]
    return formataddr((name, parseaddr(config["MAIL_DEFAULT_SENDER"])[1]))


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The MIME message for an outbox row; raises PermanentMailError on header injection."""
    mime = EmailMessage(policy=MAIL_POLICY)
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


class MailConnection:
    """One SMTP connection reused for a run of messages (or the development folder without a server).

    Opened on the first send and reopened after a connection-level failure, so one bad moment on
    the wire costs one message a retry, not the whole batch.
    """

    def __init__(self, config: Mapping):
        self._config = config
        self._sender = sender_header(config)
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "MailConnection":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def send(self, message: OutboxMessage) -> None:
        """Send one message; raise Transient/PermanentMailError on failure."""
        mime = build_email(message, self._sender)
        if not self._config["MAIL_SERVER"]:
            _write_to_folder(mime, Path(self._config["MAIL_FILE_DIR"]), message.id)
            return
        try:
            self._connection().send_message(mime)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            raise (PermanentMailError if all(c >= 500 for c in codes) else TransientMailError)(
                f"recipient refused: {codes}"
            ) from None
        except smtplib.SMTPServerDisconnected as error:
            self._drop()
            raise TransientMailError(f"{type(error).__name__}: {error}") from None
        except smtplib.SMTPResponseException as error:
            # smtplib has already reset the transaction; the connection stays usable.
            if error.smtp_code == 421:  # the server is closing the connection
                self._drop()
            kind = PermanentMailError if error.smtp_code >= 500 else TransientMailError
            raise kind(f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}") from None
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            self._drop()
            raise TransientMailError(f"{type(error).__name__}: {error}") from None

    @property
    def connected(self) -> bool:
        """Whether an SMTP connection is open (always True for the development folder)."""
        return self._smtp is not None or not self._config["MAIL_SERVER"]

    def close(self) -> None:
        """Say goodbye to the server, if connected."""
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._drop()

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            config = self._config
            smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30)
            try:
                if config["MAIL_USE_TLS"]:
                    smtp.starttls()
                if config["MAIL_USERNAME"]:
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError):
                self._smtp.close()
            self._smtp = None


def deliver(message: OutboxMessage) -> None:
    """Send one message on a connection of its own; raise Transient/PermanentMailError on failure."""
    with MailConnection(current_app.config) as connection:
        connection.send(message)


def _write_to_folder(mime: EmailMessage, folder: Path, outbox_id: int) -> None:
    """Development transport: one .eml file per message under instance/mail."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{utcnow():%Y%m%dT%H%M%S}-{outbox_id}.eml").write_bytes(bytes(mime))
