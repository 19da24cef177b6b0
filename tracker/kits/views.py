"""Download an organiser kit: `/events/<slug>/kit.pdf` and `/events/on/<slug>/<year>/kit.pdf`, `?lang=`.

Built at download time from the live data and kept per process until the data changes (the
data-change generation), the day turns, the event or the day's tally changes, per language.
"""

import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _

from tracker.core.changes import data_generation
from tracker.core.http import conditional
from tracker.core.i18n import current_language
from tracker.core.urls import external_url
from tracker.counts import figures
from tracker.events import feeds
from tracker.events import services as event_services
from tracker.events.day import day_totals
from tracker.events.models import Event
from tracker.kits import content, pdf
from tracker.sharing.cards import FONT_DIR, FONT_FILES, CardFontMissing, fonts_available

logger = logging.getLogger(__name__)

blueprint = Blueprint("kits", __name__)

# PDFs kept per process: a few hundred kilobytes each; the most-downloaded days and events stay.
MAX_KITS = 32


def _store() -> OrderedDict:
    return current_app.extensions.setdefault("tracker.kits", OrderedDict())


def kit_language() -> str:
    """The kit's language from `?lang=`, else the reader's; any other value is a 400 with a message."""
    language = request.args.get("lang")
    if language is None:
        return current_language()
    if language not in current_app.config["LANGUAGES"]:
        message = _(
            "There is no kit in that language. Choose one of: %(languages)s.",
            languages=", ".join(current_app.config["LANGUAGES"]),
        )
        abort(Response(message, status=400, mimetype="text/plain"))
    return language


def _roots() -> list[Path]:
    """The only folders WeasyPrint may read: the card typeface and the prisoners' photos."""
    return [FONT_DIR, content.photo_folder()]


def _cached_pdf(key: tuple, build: Callable[[], str]) -> bytes:
    store = _store()
    full_key = (data_generation(), figures.display_today(), *key)
    if full_key in store:
        store.move_to_end(full_key)
        return store[full_key]
    if not fonts_available():
        # Without the typeface WeasyPrint would fall back to whatever the system has, Cyrillic or not.
        raise CardFontMissing("the kit typeface is missing; run `make tracker/sharing/fonts/.fetched`")
    document = pdf.render_pdf(build(), roots=_roots())
    logger.info("kit built: %s", key[:2])
    store[full_key] = document
    while len(store) > MAX_KITS:
        store.popitem(last=False)
    return document


@blueprint.errorhandler(CardFontMissing)
def _typeface_missing(error: CardFontMissing):
    logger.error("%s", error)
    return Response(_("The kit cannot be made just now. Please try again later."), status=503, mimetype="text/plain")


def _pdf_response(document: bytes, filename: str) -> Response:
    response = Response(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return conditional(response)


def _render(language: str, **context) -> str:
    today = figures.display_today()
    with force_locale(language):
        return render_template(
            "kits/kit.html",
            language=language,
            today=today,
            held=figures.current_count(today).held,
            cards=content.case_cards(today, language),
            notes=content.guidance(language),
            note_titles=content.NOTE_TITLES,
            qr=content.qr_codes(context["page_url"]),
            font_uris={bold: (FONT_DIR / name).as_uri() for bold, name in FONT_FILES.items()},
            **context,
        )


def _event_context(event: Event, language: str) -> dict:
    with force_locale(language):
        place = feeds.public_location(event)
        return {
            "event": event,
            "place": place,
            "when": feeds.when_text(event, language),
            "day_name": event.commemorative_date.translated("name", language) if event.commemorative_date else "",
            "on": event.occurrence_on or event.local_start.date(),
            "page_url": external_url("events.show", slug=event.slug),
        }


@blueprint.get("/events/<slug>/kit.pdf")
def event_kit(slug: str):
    """The kit for one published event."""
    language = kit_language()
    event = event_services.get_public_event_by_slug(slug)
    if event is None or event.cancelled:
        abort(404)
    key = ("event", event.id, language, event.updated_at, event.sequence)
    document = _cached_pdf(key, lambda: _render(language, **_event_context(event, language)))
    return _pdf_response(document, f"kit-{event.slug}-{language}.pdf")


@blueprint.get("/events/on/<slug>/<int:year>/kit.pdf")
def day_kit(slug: str, year: int):
    """The kit for a day of action: its poster leads to the day page."""
    language = kit_language()
    found = event_services.day_page(slug, year, horizon_days=current_app.config["DATES_HORIZON_DAYS"])
    if found is None:
        abort(404)
    commemorative_date, on, _listing = found
    totals = day_totals(commemorative_date.id, on)
    context = {
        "event": None,
        "day_name": commemorative_date.translated("name", language),
        "on": on,
        "totals": totals,
        "page_url": external_url("events.occurrence", slug=slug, year=year),
    }
    key = ("day", commemorative_date.id, language, on, totals)
    document = _cached_pdf(key, lambda: _render(language, **context))
    return _pdf_response(document, f"kit-{slug}-{year}-{language}.pdf")


@blueprint.app_template_global()
def kit_languages() -> list[tuple[str, str]]:
    """The languages a kit comes in, with their own names, for the download links."""
    return list(current_app.config["LANGUAGE_NAMES"].items())
