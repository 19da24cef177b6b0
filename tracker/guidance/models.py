"""Guidance notes: facts about prisons and letters, one per topic and language, each with its source."""

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Enum, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.changes import PublicData
from tracker.extensions import db


class GuidanceTopic(enum.StrEnum):
    """Where a note appears."""

    LETTER_WRITER_RISK = "letter-writer-risk"
    LETTER_RULES = "letter-rules"
    LETTER_SAMPLE_FIRST = "letter-sample-first"
    LETTER_SAMPLE_BIRTHDAY = "letter-sample-birthday"


TOPIC_LABELS = {
    GuidanceTopic.LETTER_WRITER_RISK: _l("The letter writer's own risk (shown beside every letter address)"),
    GuidanceTopic.LETTER_RULES: _l("What gets a letter through (shown beside every letter address)"),
    GuidanceTopic.LETTER_SAMPLE_FIRST: _l("Sample first letter (on the letter page, in its own language)"),
    GuidanceTopic.LETTER_SAMPLE_BIRTHDAY: _l("Sample birthday card (on the letter page, in its own language)"),
}


class GuidanceNote(PublicData, db.Model):
    """What supporters are told on one topic in one language, with where it comes from and when it was checked."""

    __tablename__ = "guidance_notes"
    __table_args__ = (UniqueConstraint("topic", "language", name="uq_guidance_notes_topic_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[GuidanceTopic] = mapped_column(
        Enum(GuidanceTopic, native_enum=False, length=32, values_callable=lambda m: [x.value for x in m])
    )
    language: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)
    source_title: Mapped[str] = mapped_column(String(300))
    source_url: Mapped[str] = mapped_column(String(500))
    reviewed_on: Mapped[date] = mapped_column(Date)
    # Demo text: short, sourced, and marked as a sample wherever it shows.
    is_sample: Mapped[bool] = mapped_column(default=False)
