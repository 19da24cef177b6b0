"""What goes into a kit, from the live data and only what the public pages already show.

Case cards come from the letters feature's fairness rule (tracker.letters.services), which already
admits only people who are named, held by the whole timeline (a release held back from public pages
counts), with an address that is not hidden, letters advised and not kept off lists. A photo
appears only where the person's photo is public.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.guidance.models import GuidanceNote, GuidanceTopic
from tracker.guidance.services import note_for
from tracker.letters.services import ranked_suggestions, writable_conditions
from tracker.prisoners.models import Prisoner
from tracker.prisoners.timeline import custody_periods, days_behind_bars

CASE_CARDS = 6
# Big enough to scan from a few steps away on a wall.
QR_MILLIMETRES = {"a4": 60, "a3": 85}
STORY_CHARACTERS = 180
GUIDANCE_TOPICS = (
    GuidanceTopic.LETTER_RULES,
    GuidanceTopic.LETTER_WRITER_RISK,
    GuidanceTopic.LETTER_SAMPLE_FIRST,
    GuidanceTopic.LETTER_SAMPLE_BIRTHDAY,
)

NOTE_TITLES = {
    GuidanceTopic.LETTER_RULES: _l("What gets a letter through"),
    GuidanceTopic.LETTER_WRITER_RISK: _l("Your own safety"),
    GuidanceTopic.LETTER_SAMPLE_FIRST: _l("A first letter"),
    GuidanceTopic.LETTER_SAMPLE_BIRTHDAY: _l("A birthday card"),
}


@dataclass(frozen=True)
class CaseCard:
    """One person on a case card and an envelope: public fields only."""

    name: str
    envelope_name: str
    photo: str | None
    sentence: str
    days: int
    address: str
    story: str


def photo_folder() -> Path:
    """Where prisoners' photos are kept (the same folder their public photo URL serves from)."""
    return Path(current_app.config["UPLOAD_DIR"]) / "photos"


def two_lines(text: str, limit: int = STORY_CHARACTERS) -> str:
    """The start of a story, cut at a word with an ellipsis: about two lines on a card."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _card(prisoner: Prisoner, today: date, language: str) -> CaseCard:
    photo = prisoner.public_photo
    photo_uri = (photo_folder() / photo).resolve().as_uri() if photo and (photo_folder() / photo).is_file() else None
    return CaseCard(
        name=prisoner.display_name(language),
        envelope_name=prisoner.name_ru or prisoner.name_be or prisoner.display_name(language),
        photo=photo_uri,
        sentence=prisoner.sentence,
        days=days_behind_bars(custody_periods(prisoner.timeline, public=True), today),
        address=prisoner.public_letter_address(True) or "",
        story=two_lines(prisoner.biography),
    )


def case_cards(today: date, language: str, limit: int = CASE_CARDS) -> list[CaseCard]:
    """The people the letters' fairness rule puts first today, as cards."""
    slugs = ranked_suggestions(today)[:limit]
    if not slugs:
        return []
    statement = (
        select(Prisoner)
        .where(Prisoner.slug.in_(slugs), *writable_conditions(today))
        .options(selectinload(Prisoner.timeline))
    )
    by_slug = {prisoner.slug: prisoner for prisoner in db.session.scalars(statement)}
    return [_card(by_slug[slug], today, language) for slug in slugs if slug in by_slug]


def guidance(language: str) -> list[GuidanceNote]:
    """The letter rules, the writer's own risk and the sample texts, nearest the kit's language."""
    notes = [note_for(topic, language) for topic in GUIDANCE_TOPICS]
    return [note for note in notes if note is not None]


def qr_codes(url: str) -> dict[str, Markup]:
    """Inline SVG QR codes for `url`, one per poster size, sized in millimetres."""
    code = segno.make(url, error="m")
    width = code.symbol_size()[0]
    return {
        size: Markup(code.svg_inline(scale=millimetres / width, unit="mm", svgclass="qr-code", dark="#000"))  # noqa: S704
        for size, millimetres in QR_MILLIMETRES.items()
    }
