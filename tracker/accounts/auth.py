"""Login wiring and the role guard used by every protected view."""

import hmac
from functools import wraps

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from tracker.accounts.models import Role, User
from tracker.extensions import db, login_manager

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to open this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load the signed-in user; a session made before a password change no longer matches."""
    user_id, _sep, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


# Pages a moderator, editor or admin without two-factor may still reach when production requires it.
TWO_FACTOR_SETUP_ENDPOINTS = {
    "accounts.two_factor",
    "accounts.logout",
    "static",
    "core.healthz",
    "core.livez",
    "core.set_language",
}


def two_factor_required(user: User) -> bool:
    """Whether this user must keep two-factor on: in production, anyone who can read or change records.

    A stolen moderator password would show unpublished events and their organisers' contacts; an
    editor's would show withheld names. Activists see only what they submitted themselves.
    """
    return bool(current_app.config.get("REQUIRE_STAFF_TOTP")) and user.has_role(Role.MODERATOR)


def may_be_signed_in() -> bool:
    """Whether the request carries what a sign-in leaves: Flask-Login's id in the session or its remember cookie.

    Read without loading a user: most requests are anonymous readers, who then cost no user lookup.
    """
    return "_user_id" in session or current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def register_two_factor_guard(app: Flask) -> None:
    """In production, moderators, editors and admins must set up two-factor before doing anything else."""

    @app.before_request
    def require_staff_two_factor():
        if request.endpoint in TWO_FACTOR_SETUP_ENDPOINTS or not may_be_signed_in():
            return None
        if not current_user.is_authenticated:
            return None
        if two_factor_required(current_user) and not current_user.has_two_factor:
            flash(_l("Your role needs two-factor sign-in. Turn it on before continuing."), "info")
            return redirect(url_for("accounts.two_factor"))
        return None


def role_required(role: Role):
    """Allow a view only to signed-in users holding `role` or higher."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
