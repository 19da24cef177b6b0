"""Security headers on every response."""

from flask import Flask, current_app, request
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


def register(app: Flask) -> None:
    """Add the headers to every response."""

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        frameable = _is_frameable()
        headers = response.headers
        headers.setdefault("Content-Security-Policy", content_security_policy(frameable))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        # Links to other sites must not reveal that a visitor came from here.
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        if not frameable:
            headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("HSTS_ENABLED"):
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        return response
