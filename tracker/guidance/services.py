"""Finding and saving guidance notes."""

from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.guidance.models import GuidanceNote, GuidanceTopic

# A reader of one language is best served next by these, in order.
FALLBACKS = {"be": ("be", "ru", "en"), "ru": ("ru", "be", "en"), "uk": ("uk", "ru", "en"), "en": ("en", "ru", "be")}


def note_for(topic: GuidanceTopic, language: str) -> GuidanceNote | None:
    """The note on `topic` in `language`, or the nearest language that has one."""
    notes = {
        note.language: note for note in db.session.scalars(select(GuidanceNote).where(GuidanceNote.topic == topic))
    }
    for candidate in FALLBACKS.get(language, (language, "en")):
        if candidate in notes:
            return notes[candidate]
    return None


def note_in(topic: GuidanceTopic, language: str) -> GuidanceNote | None:
    """The note on `topic` written in exactly `language` (sample texts are shown in the language they teach)."""
    statement = select(GuidanceNote).where(GuidanceNote.topic == topic, GuidanceNote.language == language)
    return db.session.scalar(statement)


def all_notes() -> list[GuidanceNote]:
    """Every note, by topic and language."""
    return list(db.session.scalars(select(GuidanceNote).order_by(GuidanceNote.topic, GuidanceNote.language)))


def save_note(
    note: GuidanceNote | None,
    *,
    topic: GuidanceTopic,
    language: str,
    body: str,
    source_title: str,
    source_url: str,
    reviewed_on: date,
    is_sample: bool,
) -> GuidanceNote:
    """Create or update a note; flushes."""
    if note is None:
        note = GuidanceNote()
        db.session.add(note)
    note.topic, note.language, note.body = topic, language, body
    note.source_title, note.source_url, note.reviewed_on, note.is_sample = (
        source_title,
        source_url,
        reviewed_on,
        is_sample,
    )
    db.session.flush()
    return note


def topic_taken(topic: GuidanceTopic, language: str, except_id: int | None) -> bool:
    """Whether another note already covers this topic in this language."""
    statement = select(GuidanceNote.id).where(GuidanceNote.topic == topic, GuidanceNote.language == language)
    return any(found != except_id for found in db.session.scalars(statement))
