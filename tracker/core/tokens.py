"""Signed, expiring tokens for links in emails (confirm, unsubscribe, edit)."""

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class BadToken(ValueError):
    """A token that was tampered with, made for another purpose, or expired."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    # The purpose is the salt: a token made to confirm cannot be used to unsubscribe.
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"tracker:{purpose}")


def make_token(purpose: str, payload: Any) -> str:
    """Sign a JSON-serializable payload for one purpose."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, *, max_age_seconds: int | None = None) -> Any:
    """Return the payload of a valid token; raise BadToken otherwise."""
    if not token or len(token) > 2000:
        raise BadToken()
    try:
        return _serializer(purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired:
        raise BadToken(expired=True) from None
    except (BadSignature, ValueError, TypeError):
        raise BadToken() from None
