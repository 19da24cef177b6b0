"""Account operations: create users, check passwords, change roles."""

import logging
import secrets
from datetime import datetime

import pyotp
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


def check_password(user: User, password: str) -> bool:
    """Whether `password` is this user's password."""
    try:
        return password_hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def set_password(user: User, password: str) -> None:
    """Replace a user's password and sign out every existing session of theirs."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    user.password_hash = password_hasher.hash(password)
    user.session_token = secrets.token_hex(16)
    db.session.flush()
    logger.info("user %s changed password; other sessions signed out", user.id)


def new_totp_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def totp_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app imports."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def _accepted_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step `code` belongs to (±1 step of drift), unless already used."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if (last_step is None or step > last_step) and secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def enable_two_factor(user: User, secret: str, code: str, now: datetime) -> bool:
    """Turn on TOTP once the user proves their app shows the right code."""
    step = _accepted_step(secret, code, now, None)
    if step is None:
        return False
    user.totp_secret = secret
    user.totp_last_step = step
    db.session.flush()
    logger.info("user %s turned on two-factor sign-in", user.id)
    return True


def verify_two_factor(user: User, code: str, now: datetime) -> bool:
    """Check a sign-in code; each code works once."""
    if not user.totp_secret:
        return False
    step = _accepted_step(user.totp_secret, code, now, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    db.session.flush()
    return True


def disable_two_factor(user: User) -> None:
    """Turn off TOTP."""
    user.totp_secret = None
    user.totp_last_step = None
    db.session.flush()
    logger.info("user %s turned off two-factor sign-in", user.id)


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
