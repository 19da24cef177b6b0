"""Share cards for the home page, prisoner pages and day pages, and the tags and links that share pages.

A card is only ever drawn from what the page itself publishes: the disclosure-safe count, and a
prisoner's card only while the record is named and the person has not asked to be kept off share
cards or lists (tracker.consent). Anything else is the same 404 as a page that does not exist.
"""

import logging
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from flask import Blueprint, Response, abort, current_app, has_request_context, redirect, request, url_for
from flask_babel import format_date, format_decimal, ngettext
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from tracker.core.changes import data_generation
from tracker.core.http import conditional
from tracker.core.i18n import current_language
from tracker.core.slugs import old_number
from tracker.core.urls import external_url
from tracker.counts import figures
from tracker.events import services as event_services
from tracker.prisoners import services as prisoner_services
from tracker.prisoners.models import EVENT_LABELS, EventKind, Prisoner
from tracker.prisoners.timeline import custody_periods, days_behind_bars
from tracker.sharing.cards import Card, CardFontMissing, Line, render

logger = logging.getLogger(__name__)

blueprint = Blueprint("sharing", __name__)

# Cards kept per process: enough for the home card in four languages, the day pages and the most
# shared prisoners; a separate store, so a crawler walking every card cannot evict the home figures.
MAX_CARDS = 256


def _card_store() -> OrderedDict:
    return current_app.extensions.setdefault("tracker.share_cards", OrderedDict())


def _cached_png(key: tuple, build: Callable[[], Card]) -> bytes:
    """The card's PNG, drawn once per data generation, day and language."""
    store = _card_store()
    full_key = (data_generation(), figures.display_today(), current_language(), *key)
    if full_key in store:
        store.move_to_end(full_key)
        return store[full_key]
    png = render(build())
    store[full_key] = png
    while len(store) > MAX_CARDS:
        store.popitem(last=False)
    return png


def _png_response(key: tuple, build: Callable[[], Card]) -> Response:
    try:
        png = _cached_png(key, build)
    except CardFontMissing:
        logger.error("share card typeface missing: run make to fetch it")
        abort(503)
    return conditional(Response(png, mimetype="image/png"))


def _footer() -> str:
    host = urlsplit(current_app.config["SITE_URL"]).netloc
    return f"{_('Political Prisoner Tracker')} · {host}"


def _home_card() -> Card:
    today = figures.display_today()
    current = figures.current_count(today)
    return Card(
        lines=(
            Line(format_decimal(current.held), 200, bold=True, colour="#b3261e", max_lines=1),
            Line(
                ngettext(
                    "person held for political reasons in Belarus, by our records",
                    "people held for political reasons in Belarus, by our records",
                    current.held,
                ),
                50,
                bold=True,
                max_lines=3,
            ),
            Line(format_date(today, "long"), 38, colour="#555555", max_lines=1),
        ),
        footer=_footer(),
    )


@blueprint.get("/cards/home.png")
def home_card():
    """The home page's card: our count today (the public, disclosure-safe figure) and the date."""
    return _png_response(("home",), _home_card)


def card_allowed(prisoner: Prisoner | None) -> bool:
    """Whether a person may have a share card: named, and not kept off cards or lists."""
    return prisoner is not None and not (prisoner.name_withheld or prisoner.share_cards_off or prisoner.kept_off_lists)


def _prisoner_card(prisoner: Prisoner) -> Card:
    today = figures.display_today()
    periods = custody_periods(prisoner.timeline, public=True)
    days = days_behind_bars(periods, today)
    lines = [Line(prisoner.display_name(current_language()), 76, bold=True)]
    if days:
        lines.append(Line(format_decimal(days), 150, bold=True, colour="#b3261e", max_lines=1))
        lines.append(Line(ngettext("day behind bars", "days behind bars", days), 46, bold=True, max_lines=1))
    if periods and periods[-1].end is None:
        since = format_date(periods[-1].start, "long")
        lines.append(Line(_("Held since %(day)s", day=since), 36, colour="#555555", max_lines=1))
    elif periods and periods[-1].ended_by == EventKind.DEATH_IN_CUSTODY:
        died = f"{EVENT_LABELS[EventKind.DEATH_IN_CUSTODY]}: {format_date(periods[-1].end, 'long')}"
        lines.append(Line(died, 36, colour="#555555", max_lines=1))
    return Card(lines=tuple(lines), footer=_footer())


@blueprint.get("/prisoners/<slug>/card.png")
def prisoner_card(slug: str):
    """A named person's card: the name in the reader's language and the days behind bars."""
    if (number := old_number(slug)) is not None:
        # Like the page: only a record that had a numbered address moves; any other number is a 404.
        prisoner = prisoner_services.get_public_prisoner(number)
        if card_allowed(prisoner) and prisoner.numbered_address:
            return redirect(url_for("sharing.prisoner_card", slug=prisoner.slug), code=301)
        abort(404)
    prisoner = prisoner_services.get_public_prisoner_by_slug(slug)
    if not card_allowed(prisoner):
        abort(404)
    return _png_response(("prisoner", prisoner.id), lambda: _prisoner_card(prisoner))


def _day_card(slug: str, year: int) -> Card:
    commemorative_date, on, listing = _day_page(slug, year)
    if listing is not None and listing.archived_at is not None:
        events = listing.final_event_count or 0
    else:
        events = event_services.tally(commemorative_date.id, on)[0]
    return Card(
        lines=(
            Line(format_date(on, "long"), 96, bold=True, colour="#b3261e", max_lines=1),
            Line(commemorative_date.name, 60, bold=True),
            Line(ngettext("%(num)s event listed", "%(num)s events listed", events), 44, max_lines=1),
        ),
        footer=_footer(),
    )


def _day_page(slug: str, year: int):
    found = event_services.day_page(slug, year, horizon_days=current_app.config["DATES_HORIZON_DAYS"])
    return found or abort(404)


@blueprint.get("/events/on/<slug>/<int:year>/card.png")
def day_card(slug: str, year: int):
    """A day page's card: the date and how many events are listed for it."""
    _day_page(slug, year)
    return _png_response(("day", slug, year), lambda: _day_card(slug, year))


# ---- tags and links for sharing a page ----------------------------------------------------------------------


@blueprint.app_template_global()
def share_page_url() -> str:
    """This page's address on SITE_URL, without its query: what a share link and og:url carry."""
    if not has_request_context():
        return current_app.config["SITE_URL"]
    if request.endpoint and request.url_rule is not None and request.endpoint != "static":
        try:
            return external_url(request.endpoint, **(request.view_args or {}))
        except BuildError:  # an error page's rule may not build from its arguments; the path will do
            logger.debug("no external URL for %s", request.endpoint)
    return current_app.config["SITE_URL"].rstrip("/") + quote(request.path)


@blueprint.app_template_global()
def share_card_url(prisoner: Prisoner | None = None) -> str:
    """The card for a page: a person's own where they may have one, else the home page's."""
    if prisoner is not None and card_allowed(prisoner):
        return external_url("sharing.prisoner_card", slug=prisoner.slug)
    return external_url("sharing.home_card")


@blueprint.app_template_global()
def day_card_url(slug: str, year: int) -> str:
    """A day page's card."""
    return external_url("sharing.day_card", slug=slug, year=year)


@blueprint.app_template_global()
def share_links(url: str, text: str) -> dict[str, str]:
    """Plain share links, no script from any network: email, Telegram, X, Facebook."""
    link, words = quote(url, safe=""), quote(text, safe="")
    return {
        "email": f"mailto:?subject={words}&body={words}%0A{link}",
        "telegram": f"https://t.me/share/url?url={link}&text={words}",
        "x": f"https://x.com/intent/tweet?url={link}&text={words}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={link}",
    }
