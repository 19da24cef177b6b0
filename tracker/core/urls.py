"""Absolute links for emails, feeds and widget snippets."""

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """An absolute link on SITE_URL — never on a request's Host header, which a sender controls."""
    base = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)
