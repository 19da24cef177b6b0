"""Password reset by email: an opaque, expiring link that works once.

The link is a tracker.core.links token (only its hash is stored). It carries a fingerprint of
the password hash it was issued for, so setting a new password spends every reset link sent
before; an unknown or inactive address gets the same answer and no email.
"""

import hashlib
import logging
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from tracker.accounts.models import User
from tracker.accounts.services import find_user_by_email
from tracker.core import links
from tracker.core.tokens import BadToken
from tracker.core.urls import external_url
from tracker.extensions import db
from tracker.mail import services as outbox

logger = logging.getLogger(__name__)

RESET_PURPOSE = "password-reset"


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def request_reset(email: str, *, language: str, now: datetime) -> None:
    """Email a reset link when the address belongs to an active account; otherwise do nothing."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        logger.info("password reset asked for an address with no active account")
        return
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"]
    token = links.issue(
        RESET_PURPOSE, user.id, now=now, payload={"p": _fingerprint(user)}, expires_at=now + timedelta(seconds=max_age)
    )
    with force_locale(language):
        subject = _("Choose a new password")
        body = render_template(
            "accounts/email/password_reset.txt",
            link=external_url("accounts.password_reset", token=token),
            minutes=max_age // 60,
        )
    outbox.enqueue(
        to_address=user.email, subject=subject, body_text=body, kind="password-reset", now=now, language=language
    )
    logger.info("password reset link queued for user %s", user.id)


def user_for_reset(token: str, *, now: datetime) -> User:
    """The account a reset link opens; BadToken when it is unknown, expired or already used."""
    link = links.read(RESET_PURPOSE, token, now=now)
    user = db.session.get(User, link.target_id)
    if user is None or not user.active or link.payload.get("p") != _fingerprint(user):
        raise BadToken()
    return user
