"""Account operations: create users, check passwords, change roles."""

import logging

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from tracker.accounts.models import Role, User
from tracker.extensions import db

logger = logging.getLogger(__name__)
password_hasher = PasswordHasher()  # argon2id with the library's current defaults

# Verified against when the email is unknown so a failed login takes as long either way.
_DUMMY_HASH = password_hasher.hash("not-a-real-password")

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A request to change accounts that cannot be carried out."""


def normalize_email(email: str) -> str:
    """Lower-case and trim an email address for storage and lookup."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this email, case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def create_user(email: str, password: str, role: Role) -> User:
    """Create an account; raises AccountError if the email is taken or the password is short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError("Enter a valid email address.") from None
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this email already exists.")
    user = User(email=normalize_email(email), password_hash=password_hasher.hash(password), role=role)
    db.session.add(user)
    db.session.flush()
    logger.info("created user %s with role %s", user.id, role.value)
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the active user whose password matches, else None, in similar time either way."""
    user = find_user_by_email(email)
    try:
        password_hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if password_hasher.check_needs_rehash(user.password_hash):
        user.password_hash = password_hasher.hash(password)
        db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Replace a user's password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    user.password_hash = password_hasher.hash(password)
    db.session.flush()


def update_account(user: User, *, role: Role, active: bool, acting_admin: User) -> None:
    """Change a user's role and active flag; an admin cannot demote or lock out themself."""
    if user.id == acting_admin.id and (role != Role.ADMIN or not active):
        raise AccountError("You cannot remove your own admin role or deactivate yourself.")
    user.role = role
    user.active = active
    db.session.flush()
    logger.info("user %s now has role %s, active=%s", user.id, role.value, active)


def list_users() -> list[User]:
    """All accounts, by email."""
    return list(db.session.scalars(select(User).order_by(User.email)))
