"""What a day-of-action page says beside its events: the day, the countdown, the count, the totals, past years.

The events list itself is the occurrence page's (tracker.events.views); this adds what turns the
list into a day people can act on. Totals count places as the public sees them: an event in a
country whose events are published without their place (tracker.events.safety) adds its country,
never its city.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import distinct, func, select

from tracker.core.cache import cached
from tracker.counts.figures import current_count
from tracker.dates.models import CommemorativeDate
from tracker.events import maps as map_drawing
from tracker.events.maps import CityPin
from tracker.events.models import Event, EventStatus, OccurrenceListing
from tracker.events.safety import unsafe_countries
from tracker.extensions import db
from tracker.timeutil import today_in


@dataclass(frozen=True)
class DayTotals:
    """Published, not cancelled events of one occurrence, and the cities and countries they are in."""

    events: int
    cities: int
    countries: int


@dataclass(frozen=True)
class PastYear:
    """One earlier occurrence of the date, with the tally frozen when it passed (or counted now)."""

    on: date
    events: int
    countries: int


def _listed(commemorative_date_id: int, on: date):
    return (
        Event.status == EventStatus.APPROVED,
        Event.cancelled.is_(False),
        Event.commemorative_date_id == commemorative_date_id,
        Event.occurrence_on == on,
    )


def day_totals(commemorative_date_id: int, on: date) -> DayTotals:
    """How many events, in how many public cities and countries (SQL, for days with thousands of events)."""
    listed = _listed(commemorative_date_id, on)
    events, countries = db.session.execute(
        select(func.count(Event.id), func.count(distinct(func.nullif(Event.country, "")))).where(*listed)
    ).one()
    cities = db.session.execute(
        select(Event.country, func.lower(func.trim(Event.city)))
        .where(*listed, func.trim(Event.city) != "", Event.country.not_in(unsafe_countries()))
        .distinct()
    ).all()
    return DayTotals(events or 0, len(cities), countries or 0)


def past_years(commemorative_date: CommemorativeDate, today: date) -> list[PastYear]:
    """Every earlier occurrence that had a listing page, newest first."""
    statement = select(OccurrenceListing).where(
        OccurrenceListing.commemorative_date_id == commemorative_date.id, OccurrenceListing.occurrence_on < today
    )
    years = []
    for listing in db.session.scalars(statement.order_by(OccurrenceListing.occurrence_on.desc())):
        if listing.archived_at is not None:
            final = (listing.final_event_count or 0, listing.final_country_count or 0)
            years.append(PastYear(listing.occurrence_on, *final))
        else:
            totals = day_totals(commemorative_date.id, listing.occurrence_on)
            years.append(PastYear(listing.occurrence_on, totals.events, totals.countries))
    return years


@dataclass(frozen=True)
class DayMap:
    """The map of one occurrence and its text twin: cities (linked to their events) and countries."""

    svg: Markup | None
    cities: list[CityPin]
    countries: list[tuple[str, int]]


def _places(commemorative_date_id: int, on: date) -> tuple[list[tuple[str, str, int]], list[tuple[str, int]]]:
    listed = _listed(commemorative_date_id, on)
    city_key = func.lower(func.trim(Event.city))
    cities = db.session.execute(
        select(Event.country, func.min(func.trim(Event.city)), func.count(Event.id))
        .where(*listed, func.trim(Event.city) != "", Event.country.not_in(unsafe_countries()))
        .group_by(Event.country, city_key)
        .order_by(func.count(Event.id).desc(), Event.country, city_key)
    ).all()
    countries = db.session.execute(
        select(Event.country, func.count(Event.id))
        .where(*listed, Event.country != "")
        .group_by(Event.country)
        .order_by(func.count(Event.id).desc(), Event.country)
    ).all()
    return [tuple(row) for row in cities], [tuple(row) for row in countries]


def countries_on(commemorative_date_id: int, on: date) -> list[str]:
    """The countries of the events listed on one occurrence."""
    statement = select(Event.country).where(*_listed(commemorative_date_id, on), Event.country != "").distinct()
    return list(db.session.scalars(statement))


def _pins(commemorative_date: CommemorativeDate, on: date) -> tuple[list[CityPin], list[tuple[str, int]]]:
    """A pin per city with events (NaN where the gazetteer does not know it), and the countries."""
    cities, countries = _places(commemorative_date.id, on)
    pins = []
    for country, city, count in cities:
        url = url_for("events.occurrence", slug=commemorative_date.slug, year=on.year, country=country, city=city)
        latitude, longitude = map_drawing.locate(country, city) or (math.nan, math.nan)
        pins.append(CityPin(country, city, count, latitude, longitude, url))
    return pins, countries


def _placed(pins: list[CityPin]) -> list[CityPin]:
    return [pin for pin in pins if not math.isnan(pin.latitude)]


def day_map(commemorative_date: CommemorativeDate, on: date) -> DayMap:
    """Pins for the cities the gazetteer knows, the countries, and the SVG (cached per data and pins)."""
    pins, countries = _pins(commemorative_date, on)
    placed = _placed(pins)
    svg = None
    if placed and map_drawing.world():
        key = map_drawing.pins_key(placed, {country for country, _count in countries})
        title = _("Cities with events on %(day)s", day=format_date(on, "long"))
        # The pins' key in the layer's address: a layer kept for older pins is never laid under new ones.
        layer = url_for("events.occurrence_map", slug=commemorative_date.slug, year=on.year, v=key)
        svg = cached(f"day-map:{key}:{layer}", lambda: map_drawing.render_svg(placed, title, layer), day=None)
    return DayMap(svg, pins, countries)


def day_map_countries(commemorative_date: CommemorativeDate, on: date) -> str | None:
    """The map's country layer as an SVG document, or None when the day's map has no pins."""
    pins, countries = _pins(commemorative_date, on)
    placed = _placed(pins)
    if not placed or not map_drawing.world():
        return None
    codes = {country for country, _count in countries}
    key = f"day-map-countries:{map_drawing.pins_key(placed, codes)}"
    return cached(key, lambda: map_drawing.render_countries(placed, codes), day=None, per_language=False)


def week_of(on: date) -> tuple[date, date]:
    """Monday and Sunday of the week `on` falls in."""
    monday = on - timedelta(days=on.weekday())
    return monday, monday + timedelta(days=6)


def _today() -> date:
    return today_in(current_app.config["DISPLAY_TIMEZONE"])


def register(state: BlueprintSetupState) -> None:
    """The day page's helpers, for its template."""
    state.app.jinja_env.globals.update(
        day_totals=day_totals,
        day_past_years=lambda commemorative_date: past_years(commemorative_date, _today()),
        day_week=week_of,
        day_today=_today,
        day_current_count=lambda: current_count(_today()),
        day_map=day_map,
    )
