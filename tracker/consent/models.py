"""Consent decisions: one row per choice about one output of one record, kept as its history."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, Enum, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.timeutil import utcnow


def _enum(enum_class: type[enum.Enum]) -> Enum:
    return Enum(enum_class, native_enum=False, length=32, values_callable=lambda m: [x.value for x in m])


class ConsentOutput(enum.StrEnum):
    """What a person or family can agree to, one by one."""

    NAME = "name"
    PHOTO = "photo"
    LETTER_ADDRESS = "letter_address"
    LISTS = "lists"
    SHARE_CARDS = "share_cards"
    DEDICATIONS = "dedications"
    LETTERS = "letters"


# The record's attribute that is True while the output is withheld: every output reads these.
WITHHELD_BY = {
    ConsentOutput.NAME: "name_withheld",
    ConsentOutput.PHOTO: "photo_hidden",
    ConsentOutput.LETTER_ADDRESS: "address_hidden",
    ConsentOutput.LISTS: "kept_off_lists",
    ConsentOutput.SHARE_CARDS: "share_cards_off",
    ConsentOutput.DEDICATIONS: "dedications_off",
    ConsentOutput.LETTERS: "letters_not_advised",
}

OUTPUT_LABELS = {
    ConsentOutput.NAME: _l("Name and details on public pages"),
    ConsentOutput.PHOTO: _l("Photo"),
    ConsentOutput.LETTER_ADDRESS: _l("Postal address for letters"),
    ConsentOutput.LISTS: _l("Letter suggestions, birthday lists and kits"),
    ConsentOutput.SHARE_CARDS: _l("Share cards (images for social networks)"),
    ConsentOutput.DEDICATIONS: _l("Events dedicated to the person"),
    ConsentOutput.LETTERS: _l("Letters advised (no: held incommunicado or at risk of retaliation for mail)"),
}


class GivenBy(enum.StrEnum):
    """Who gave or withdrew consent."""

    PERSON = "person"
    FAMILY = "family"
    LAWYER = "lawyer"
    EDITORS = "editors"


GIVEN_BY_LABELS = {
    GivenBy.PERSON: _l("The person themselves"),
    GivenBy.FAMILY: _l("Family"),
    GivenBy.LAWYER: _l("Lawyer"),
    GivenBy.EDITORS: _l("The editors' own judgement"),
}


class Channel(enum.StrEnum):
    """How the choice reached the editors."""

    REQUEST_FORM = "request_form"
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    MESSENGER = "messenger"
    RECORD_FORM = "record_form"


CHANNEL_LABELS = {
    Channel.REQUEST_FORM: _l("The site's request form"),
    Channel.EMAIL: _l("Email"),
    Channel.PHONE: _l("Phone"),
    Channel.IN_PERSON: _l("In person"),
    Channel.MESSENGER: _l("Messenger"),
    Channel.RECORD_FORM: _l("An editor's change to the record"),
}


class DecisionStatus(enum.StrEnum):
    """Where a decision stands: loosening waits for a second editor, tightening applies at once."""

    APPLIED = "applied"
    PENDING = "pending"
    REFUSED = "refused"
    CANCELLED = "cancelled"


class ConsentDecision(db.Model):
    """One choice about one output of one record: who gave it, when, how, and who applied it."""

    __tablename__ = "consent_decisions"
    __table_args__ = (Index("ix_consent_decisions_status", "status", "proposed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prisoner_id: Mapped[int] = mapped_column(ForeignKey("prisoners.id", ondelete="CASCADE"), index=True)
    output: Mapped[ConsentOutput] = mapped_column(_enum(ConsentOutput))
    allowed: Mapped[bool]
    given_by: Mapped[GivenBy] = mapped_column(_enum(GivenBy))
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    given_on: Mapped[date] = mapped_column(Date)
    review_by: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[DecisionStatus] = mapped_column(_enum(DecisionStatus))
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    prisoner: Mapped[Prisoner] = relationship()

    @property
    def loosens(self) -> bool:
        """Whether the decision makes the record more public."""
        return self.allowed
