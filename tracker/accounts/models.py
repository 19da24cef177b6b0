"""User accounts and roles."""

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.timeutil import utcnow


class Role(enum.StrEnum):
    """What a user may do; each role includes the ones below it in RANK."""

    ACTIVIST = "activist"
    MODERATOR = "moderator"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Order of privilege: activist < moderator < editor < admin."""
        return list(Role).index(self)


class User(UserMixin, db.Model):
    """A person who signs in: activist, moderator, editor or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda roles: [r.value for r in roles])
    )
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the login session id: rotating it signs out every session of this user.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last accepted TOTP time step, so one code cannot be used twice.
    totp_last_step: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users at login and per request
        """Whether the account may sign in."""
        return self.active

    def get_id(self) -> str:
        """Session id for Flask-Login: user id plus the current session token."""
        return f"{self.id}:{self.session_token}"

    @property
    def has_two_factor(self) -> bool:
        """Whether sign-in asks for a TOTP code."""
        return bool(self.totp_secret)

    def has_role(self, role: Role) -> bool:
        """Whether the user holds this role or a higher one."""
        return self.role.rank >= role.rank

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
