"""Error pages: every HTTP error gets a page, never a traceback."""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict, HTTPException, InternalServerError

from tracker.extensions import db

logger = logging.getLogger(__name__)

# Machine clients read these paths: their errors are JSON whatever the Accept header says.
JSON_PATHS = ("/healthz", "/api/")


def register(app: Flask) -> None:
    """Attach the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/error.html", error=error, csrf=True), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith(JSON_PATHS) or request.accept_mimetypes.best == "application/json":
            response = jsonify({"error": error.name, "status": error.code, "message": error.description})
            response.status_code = error.code
            # Keep the headers the error carries, such as Allow on a 405.
            for name, value in error.get_headers():
                if name.lower() != "content-type":
                    response.headers[name] = value
            return response
        return render_template("errors/error.html", error=error), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        # The route pattern, not the path: paths carry tokens (unsubscribe, organizer edit links).
        route = request.url_rule.rule if request.url_rule else "(no route)"
        logger.exception("unhandled error on %s %s", request.method, route)
        if request.path.startswith(JSON_PATHS):
            return {"error": "Internal Server Error", "status": 500}, 500
        return render_template("errors/error.html", error=InternalServerError()), 500

    @app.errorhandler(IntegrityError)
    def conflicting_save(error: IntegrityError):
        # Two people saving at the same instant (the same record's next version, the same short
        # name): the database refuses the second save whole; tell that person to try again.
        # Any other integrity error is a bug and is handled as one.
        sqlstate = getattr(error.orig, "sqlstate", None)
        if sqlstate != "23505" and "UNIQUE constraint failed" not in str(error.orig):
            return unexpected_error(error)
        db.session.rollback()
        route = request.url_rule.rule if request.url_rule else "(no route)"
        logger.warning("conflicting save on %s %s", request.method, route)
        message = _(
            "Someone else saved at the same moment, so your change was not saved. Reload the page and try again."
        )
        if request.path.startswith(JSON_PATHS):
            return {"error": "conflict", "status": 409, "message": message}, 409
        return render_template("errors/error.html", error=Conflict(), message=message), 409
