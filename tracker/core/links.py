"""Opaque tokens for links in emails (confirm, unsubscribe, manage), looked up server-side.

A token is random (or keyed from SECRET_KEY, which looks no different) and says nothing about
what it opens: its purpose, the row it opens and what it carries live in a `link_tokens` row.
That row holds only a SHA-256 of the token, so a copy of the database cannot be used to follow
anyone's links, and an access log that records a token cannot be read for a subscription or
event id.

Links signed by the earlier scheme (tracker.core.tokens) contain dots; a random token never does,
so the views still read those until they expire.
"""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import JSON, DateTime, Integer, String, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.tokens import BadToken
from tracker.extensions import db
from tracker.timeutil import as_utc

MAX_TOKEN_LENGTH = 100


class LinkToken(db.Model):
    """What one emailed token opens; the token itself is never stored."""

    __tablename__ = "link_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int] = mapped_column(Integer, index=True)
    # What the link applies beyond its target, e.g. the preferences a subscriber chose.
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Link:
    """What a valid token opens: its target, and what the link carries besides."""

    target_id: int
    payload: dict[str, Any]


def is_signed(token: str) -> bool:
    """Whether a token is in the earlier signed format (its parts are joined by dots)."""
    return "." in token


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    purpose: str,
    target_id: int,
    *,
    now: datetime,
    payload: dict[str, Any] | None = None,
    expires_at: datetime | None = None,
) -> str:
    """A new random token that opens `target_id` for `purpose`."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        LinkToken(
            token_hash=_hash(token),
            purpose=purpose,
            target_id=target_id,
            payload=payload,
            created_at=now,
            expires_at=expires_at,
        )
    )
    return token


def standing_tokens(
    purpose: str,
    targets: Mapping[int, str],
    *,
    now: datetime,
    payloads: Mapping[int, dict[str, Any]] | None = None,
) -> dict[int, str]:
    """One token per target that stays the same in every email, for links that never expire.

    A fresh row per email would grow without bound for links sent again and again (an unsubscribe
    link in every reminder, an event's manage link), so the token is keyed from SECRET_KEY and the
    target instead: `targets` maps each target id to a value that tells it from an earlier row with
    the same id. The database still holds only the hash; a row is added once, and again only after
    SECRET_KEY changes, so links in older emails keep working.
    """
    tokens = {target_id: _derive(purpose, target_id, binding) for target_id, binding in targets.items()}
    if tokens:
        dialect = db.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        rows = [
            {
                "token_hash": _hash(token),
                "purpose": purpose,
                "target_id": target_id,
                "payload": (payloads or {}).get(target_id),
                "created_at": now,
            }
            for target_id, token in tokens.items()
        ]
        db.session.execute(insert(LinkToken).on_conflict_do_nothing(index_elements=["token_hash"]), rows)
    return tokens


def _derive(purpose: str, target_id: int, binding: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"link:{purpose}:{target_id}:{binding}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def read(purpose: str, token: str, *, now: datetime) -> Link:
    """What a token opens; BadToken when it is unknown, made for another purpose, or expired."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadToken()
    row = db.session.scalar(select(LinkToken).where(LinkToken.token_hash == _hash(token)))
    if row is None or row.purpose != purpose:
        raise BadToken()
    if row.expires_at is not None and now >= as_utc(row.expires_at):
        raise BadToken(expired=True)
    return Link(row.target_id, dict(row.payload or {}))


def delete_expired(now: datetime) -> int:
    """Delete rows of links that can no longer open anything; standing links never expire."""
    result = db.session.execute(
        delete(LinkToken).where(LinkToken.expires_at.is_not(None), LinkToken.expires_at <= now),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount


def forget_targets(purposes: tuple[str, ...], target_ids: list[int]) -> None:
    """Delete every link that opens one of `target_ids` for one of `purposes` (their target is gone).

    A deleted row's id can come back (SQLite reuses the highest), and a link must never open
    whatever takes its place.
    """
    db.session.execute(
        delete(LinkToken).where(LinkToken.purpose.in_(purposes), LinkToken.target_id.in_(target_ids)),
        execution_options={"synchronize_session": False},
    )
