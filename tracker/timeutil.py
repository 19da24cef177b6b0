"""Time helpers: store UTC, compute dates in their own zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """A stored datetime as aware UTC: SQLite hands them back naive, PostgreSQL in the session's time zone."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def today_in(zone_name: str, now: datetime | None = None) -> date:
    """Return today's date (or `now`'s) in the named IANA time zone."""
    return (as_utc(now) or utcnow()).astimezone(ZoneInfo(zone_name)).date()


def is_valid_timezone(zone_name: str) -> bool:
    """Tell whether a name is a time zone in the IANA database."""
    if not zone_name or zone_name not in available_timezones():
        return False
    try:
        ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
