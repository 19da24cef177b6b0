"""Absolute links for emails, feeds and widget snippets."""

import functools
from urllib.parse import urlsplit

from flask import current_app, url_for
from werkzeug.routing import Map, MapAdapter


def external_url(endpoint: str, **values) -> str:
    """An absolute link on SITE_URL — never on a request's Host header, which a sender controls."""
    return _site_adapter(current_app.url_map, current_app.config["SITE_URL"]).build(
        endpoint, values, force_external=True
    )


# Binding the URL map costs more than building a link; feeds and mailings build thousands.
@functools.lru_cache(maxsize=8)
def _site_adapter(url_map: Map, site_url: str) -> MapAdapter:
    base = urlsplit(site_url)
    return url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")


def safe_next_path(target: str | None) -> str:
    """A same-site path to go back to, or the home page: `next` must never send people to another host."""
    if target and target.startswith("/") and not any(character.isspace() or character == "\\" for character in target):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme and not target.startswith("//"):
            return target
    return url_for("counts.home")
