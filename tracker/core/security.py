"""Security headers on every response."""

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response


def allow_framing(view):
    """Let partner sites embed this view's page in an iframe (the events widget)."""
    view.allow_framing = True
    return view


def _is_frameable() -> bool:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return bool(getattr(view, "allow_framing", False))


def content_security_policy(frameable: bool) -> str:
    """A policy with no inline script or style: everything comes from this app."""
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors *" if frameable else "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def _has_nul(values) -> bool:
    return any("\x00" in value for _key, items in values for value in items)


def register(app: Flask) -> None:
    """Refuse NUL bytes in any input, and add the headers to every response."""

    @app.before_request
    def refuse_nul_bytes():
        # No text anyone types holds a NUL, and PostgreSQL refuses it in a query: a clear 400, not a 500.
        if "\x00" in request.path or _has_nul(request.args.lists()) or _has_nul(request.form.lists()):
            message = _(
                "The request holds an invisible NUL character, which no field accepts. Remove it and try again."
            )
            if request.path.startswith("/api/"):
                return {"error": "bad_request", "status": 400, "message": message}, 400
            return render_template("errors/error.html", error=BadRequest(), message=message), 400

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        frameable = _is_frameable()
        headers = response.headers
        headers.setdefault("Content-Security-Policy", content_security_policy(frameable))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        # Links to other sites must not reveal that a visitor came from here. Posts to the site itself
        # keep their Referer: over HTTPS the CSRF check refuses a form post without one.
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        if not frameable:
            headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("HSTS_ENABLED"):
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        return response
