"""Tell editors that a request is waiting: a link to the queue, never the request itself."""

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.accounts.models import Role, User
from tracker.core.urls import external_url
from tracker.extensions import db
from tracker.mail.services import enqueue
from tracker.requests.models import RecordRequest

EDITOR_ROLES = [role for role in Role if role.rank >= Role.EDITOR.rank]


def queue_editor_notices(record_request: RecordRequest, now: datetime) -> int:
    """Queue "a new request is waiting" to every active editor and admin; returns how many.

    Mail passes through other people's servers and sits in inboxes: the message holds no word of
    the request, its record or its requester, only the link to the queue behind sign-in.
    """
    editors = db.session.scalars(
        select(User).where(User.active.is_(True), User.role.in_(EDITOR_ROLES)).order_by(User.id)
    )
    link = external_url("requests.queue")
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        subject = _("A new request is waiting")
        body = _("A new request is waiting in the editors' queue:\n%(link)s", link=link)
    queued = 0
    for editor in editors:
        message = enqueue(
            to_address=editor.email,
            subject=subject,
            body_text=body,
            kind="request-waiting",
            now=now,
            language=language,
            dedupe_key=f"request-waiting:{record_request.id}:{editor.id}",
        )
        queued += message is not None
    return queued
