"""Site-wide endpoints: health check, language choice, the web app manifest and the favicon."""

from datetime import timedelta

from flask import Blueprint, current_app, redirect, request, send_from_directory, url_for
from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker.core.i18n import LANGUAGE_COOKIE, current_language
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


# The icons a phone shows for the site on its home screen, at the sizes browsers ask for.
MANIFEST_ICONS = (("icons/icon-192.png", "192x192"), ("icons/icon-512.png", "512x512"))


@blueprint.get("/manifest.webmanifest")
def manifest():
    """The web app manifest: the site's name in the visitor's language, its colours and icons."""
    body = {
        "name": _("Political Prisoner Tracker"),
        "short_name": _("Prisoner Tracker"),
        "lang": current_language(),
        "start_url": "./",
        "display": "browser",
        "background_color": "#ffffff",
        "icons": [
            {"src": url_for("static", filename=path), "sizes": sizes, "type": "image/png"}
            for path, sizes in MANIFEST_ICONS
        ],
    }
    response = current_app.json.response(body)
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.vary.update(("Cookie", "Accept-Language"))  # the name is in the visitor's language
    return response


@blueprint.get("/favicon.ico")
def favicon():
    """The icon for browsers and crawlers that ask the site's root for it rather than read the page's link."""
    return send_from_directory(current_app.static_folder, "icons/favicon-32.png", mimetype="image/png", max_age=86400)
