"""Time helpers: store UTC, compute dates in their own zone."""

import functools
from datetime import UTC, date, datetime
from importlib.resources import files
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


@functools.cache
def _zone_table() -> tuple[tuple[str, str], ...]:
    # zone.tab lists the canonical zones of places people live, each with its country; links
    # (Europe/Kiev), "localtime", "Factory" and the POSIX-style zones are not in it.
    text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return tuple((row[0], row[2]) for row in rows)


@functools.cache
def canonical_timezones() -> frozenset[str]:
    """The canonical IANA zones a person may choose: those of zone.tab, and UTC."""
    return frozenset(zone for _country, zone in _zone_table()) | {"UTC"}


def is_canonical_timezone(zone_name: str) -> bool:
    """Tell whether a name is a canonical IANA zone (not a link, not "localtime" or "Factory")."""
    return zone_name in canonical_timezones() and is_valid_timezone(zone_name)


def country_timezones(country: str) -> list[str]:
    """The canonical zones of a country (ISO code), the most populous area first."""
    return [zone for code, zone in _zone_table() if code == country]


def _clock(zone_name: str, year: int) -> tuple:
    samples = [datetime(year + offset, month, 15, 12, tzinfo=UTC) for offset in (0, 1) for month in (1, 4, 7, 10)]
    return tuple(moment.astimezone(ZoneInfo(zone_name)).utcoffset() for moment in samples)


@functools.cache
def _offered(year: int) -> tuple[str, ...]:
    seen: set[tuple] = set()
    offered = []
    for country, zone in _zone_table():
        key = (country, _clock(zone, year))
        if key not in seen:
            seen.add(key)
            offered.append(zone)
    return tuple(offered)


def offered_timezones(now: datetime | None = None) -> tuple[str, ...]:
    """The zones a form offers: per country, one for each clock it keeps (its most populous area's).

    The United States lists 29 canonical zones, mostly Indiana and Kentucky counties that keep
    New York's or Chicago's time; offering each once keeps the list short enough to read and to
    send to a phone. Every canonical zone is still accepted.
    """
    return _offered((now or utcnow()).year)


def country_zone(country: str, now: datetime | None = None) -> str | None:
    """The one clock a country keeps: its first zone when all its zones agree this year and next, else None.

    Germany lists Europe/Busingen beside Europe/Berlin, and both keep the same time; the United
    States or Spain (the Canary Islands) keep several times, so the place must say which.
    """
    zones = country_timezones(country)
    if not zones:
        return None
    year = (now or utcnow()).year
    return zones[0] if len({_clock(zone, year) for zone in zones}) == 1 else None


def in_dst_gap(local: datetime, zone_name: str) -> bool:
    """Tell whether a wall-clock time does not exist in the zone (skipped when the clocks go forward)."""
    zone = ZoneInfo(zone_name)
    round_trip = local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return round_trip != local.replace(tzinfo=None)
