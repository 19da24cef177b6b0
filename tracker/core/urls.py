"""Absolute links for emails, feeds and widget snippets."""

from urllib.parse import urlsplit

from flask import current_app, url_for


def external_url(endpoint: str, **values) -> str:
    """An absolute link on SITE_URL — never on a request's Host header, which a sender controls."""
    base = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def safe_next_path(target: str | None) -> str:
    """A same-site path to go back to, or the home page: `next` must never send people to another host."""
    if target and target.startswith("/") and not any(character.isspace() or character == "\\" for character in target):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme and not target.startswith("//"):
            return target
    return url_for("counts.home")
