"""Site-wide endpoints: health check and language choice."""

from datetime import timedelta

from flask import Blueprint, current_app, redirect, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker.core.i18n import LANGUAGE_COOKIE
from tracker.core.services import scheduler_is_stale
from tracker.core.urls import safe_next_path
from tracker.extensions import csrf, db
from tracker.timeutil import utcnow

blueprint = Blueprint("core", __name__)


@blueprint.get("/livez")
def livez():
    """200 while the process serves requests; touches nothing else (for a load balancer's liveness probe)."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@blueprint.get("/healthz")
def healthz():
    """Database, scheduler and dispatcher liveness: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "error", "database": "unavailable"}, 503
    now, max_age = utcnow(), timedelta(seconds=current_app.config["SCHEDULER_STALE_SECONDS"])
    return {
        "status": "ok",
        "database": "ok",
        "scheduler": "stale" if scheduler_is_stale(now, max_age=max_age) else "ok",
        # Any dispatcher beats for all: "ok" while at least one is draining the outbox.
        "dispatcher": "stale" if scheduler_is_stale(now, max_age=max_age, name="dispatcher") else "ok",
    }


# GET too: the header's language switch is a plain link per language, which works without a form,
# a button or JavaScript. Choosing a language only sets a preference cookie, so neither a link
# followed by a crawler nor a forged request can do more than change the display language.
@blueprint.route("/language", methods=["GET", "POST"])
@csrf.exempt  # a forged request can only change the display language; the next URL stays on this site
def set_language():
    """Remember the visitor's language choice and go back to where they were."""
    language = request.values.get("language", "")
    response = redirect(safe_next_path(request.values.get("next")), code=303)
    if language in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response
