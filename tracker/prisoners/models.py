"""Prisoner records: names in several scripts, a dated timeline, sources."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _pl
from sqlalchemy import (
    DDL,
    Boolean,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.changes import PublicData
from tracker.core.slugs import opaque_slug
from tracker.core.translations import Translatable
from tracker.extensions import db
from tracker.history.models import Versioned
from tracker.prisoners.names import search_key
from tracker.timeutil import utcnow


def _enum(enum_class: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(enum_class, native_enum=False, length=length, values_callable=lambda m: [x.value for x in m])


class Gender(enum.StrEnum):
    """Gender as the record states it."""

    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class Region(enum.StrEnum):
    """Regions of Belarus (where the person lived or was detained)."""

    BREST = "brest"
    VITEBSK = "vitebsk"
    GOMEL = "gomel"
    GRODNO = "grodno"
    MINSK_CITY = "minsk-city"
    MINSK = "minsk"
    MOGILEV = "mogilev"
    UNKNOWN = "unknown"


class EventKind(enum.StrEnum):
    """Kinds of dated timeline entries."""

    DETENTION = "detention"
    CHARGE = "charge"
    TRIAL_HEARING = "trial_hearing"
    VERDICT = "verdict"
    APPEAL = "appeal"
    TRANSFER = "transfer"
    RELEASE = "release"
    PARDON = "pardon"
    EXILE = "exile"
    DEATH_IN_CUSTODY = "death_in_custody"


class Status(enum.StrEnum):
    """Status derived from a timeline; never stored."""

    UNKNOWN = "unknown"
    DETAINED = "detained"
    AWAITING_TRIAL = "awaiting_trial"
    SENTENCED = "sentenced"
    RELEASED = "released"
    EXILED = "exiled"
    DIED_IN_CUSTODY = "died_in_custody"

    @property
    def in_custody(self) -> bool:
        """Whether a person with this status is held now."""
        return self in IN_CUSTODY


IN_CUSTODY = frozenset({Status.DETAINED, Status.AWAITING_TRIAL, Status.SENTENCED})

# The status each kind of entry leads to; None keeps the status the person had.
STATUS_AFTER: dict[EventKind, Status | None] = {
    EventKind.DETENTION: Status.DETAINED,
    EventKind.CHARGE: Status.AWAITING_TRIAL,
    EventKind.TRIAL_HEARING: Status.AWAITING_TRIAL,
    EventKind.VERDICT: Status.SENTENCED,
    EventKind.APPEAL: None,
    EventKind.TRANSFER: None,
    EventKind.RELEASE: Status.RELEASED,
    EventKind.PARDON: Status.RELEASED,
    EventKind.EXILE: Status.EXILED,
    EventKind.DEATH_IN_CUSTODY: Status.DIED_IN_CUSTODY,
}

# Entries that end custody can be held back from public pages until an editor publishes them.
CUSTODY_ENDING = frozenset({EventKind.RELEASE, EventKind.PARDON, EventKind.EXILE})

GENDER_LABELS = {Gender.FEMALE: _l("Female"), Gender.MALE: _l("Male"), Gender.UNKNOWN: _l("Not stated")}
REGION_LABELS = {
    Region.BREST: _l("Brest region"),
    Region.VITEBSK: _l("Vitebsk region"),
    Region.GOMEL: _l("Gomel region"),
    Region.GRODNO: _l("Grodno region"),
    Region.MINSK_CITY: _l("Minsk (city)"),
    Region.MINSK: _l("Minsk region"),
    Region.MOGILEV: _l("Mogilev region"),
    Region.UNKNOWN: _l("Region not stated"),
}
EVENT_LABELS = {
    EventKind.DETENTION: _l("Detention"),
    EventKind.CHARGE: _l("Charges brought"),
    EventKind.TRIAL_HEARING: _l("Trial hearing"),
    EventKind.VERDICT: _l("Verdict"),
    EventKind.APPEAL: _l("Appeal"),
    EventKind.TRANSFER: _l("Transfer"),
    EventKind.RELEASE: _l("Release"),
    EventKind.PARDON: _l("Pardon"),
    EventKind.EXILE: _l("Forced exile"),
    EventKind.DEATH_IN_CUSTODY: _l("Death in custody"),
}
STATUS_LABELS = {
    Status.UNKNOWN: _l("Unknown"),
    Status.DETAINED: _l("Detained"),
    Status.AWAITING_TRIAL: _l("Awaiting trial"),
    Status.SENTENCED: _l("Sentenced"),
    Status.RELEASED: _l("Released"),
    Status.EXILED: _l("Released into exile"),
    Status.DIED_IN_CUSTODY: _l("Died in custody"),
}

# Statuses said of one person agree with the record's gender ("освобождён" / "освобождена"); when the
# gender is not known, or for a group, the wording avoids gender ("на свободе") instead of "освобождён(а)".
GENDERED_STATUS_LABELS = {
    Gender.FEMALE: {
        Status.DETAINED: _pl("woman", "Detained"),
        Status.SENTENCED: _pl("woman", "Sentenced"),
        Status.RELEASED: _pl("woman", "Released"),
        Status.EXILED: _pl("woman", "Released into exile"),
        Status.DIED_IN_CUSTODY: _pl("woman", "Died in custody"),
    },
    Gender.MALE: {
        Status.DETAINED: _pl("man", "Detained"),
        Status.SENTENCED: _pl("man", "Sentenced"),
        Status.RELEASED: _pl("man", "Released"),
        Status.EXILED: _pl("man", "Released into exile"),
        Status.DIED_IN_CUSTODY: _pl("man", "Died in custody"),
    },
    Gender.UNKNOWN: {
        Status.DETAINED: _pl("gender not known", "Detained"),
        Status.SENTENCED: _pl("gender not known", "Sentenced"),
        Status.RELEASED: _pl("gender not known", "Released"),
        Status.EXILED: _pl("gender not known", "Released into exile"),
        Status.DIED_IN_CUSTODY: _pl("gender not known", "Died in custody"),
    },
}


def status_label(status: Status, gender: Gender | str = Gender.UNKNOWN):
    """A status as said of a person of this gender, or without gender (for a group or when not known)."""
    status = Status(status)
    label = GENDERED_STATUS_LABELS.get(Gender(gender) if gender else Gender.UNKNOWN, {}).get(status)
    # A catalogue without the context yet answers with the English msgid: the plain label is better than English.
    if label is None or (str(label) == label._args[1] and str(STATUS_LABELS[status]) != label._args[1]):
        return STATUS_LABELS[status]
    return label


# Withheld-output flags beyond the name and address, which consent decisions set (tracker.consent).
CONSENT_FLAGS = ("photo_hidden", "kept_off_lists", "share_cards_off", "dedications_off", "letters_not_advised")

# Python sorts strings by code point; PostgreSQL's "C" collation (and SQLite's default) does too,
# where a locale collation would put the names in another order than the one pages promise.
SORT_KEY_TYPE = Text().with_variant(Text(collation="C"), "postgresql")


class Place(Translatable, PublicData, db.Model):
    """A prison, colony or pre-trial prison: one row each, named in every language, that records point at."""

    __tablename__ = "places"
    translated_fields = ("name",)
    history_title = _l("Place of detention")
    history_edit_endpoint = ("prisoners.edit_place", "place_id")
    history_field_labels = {"name": _l("Name")}

    id: Mapped[int] = mapped_column(primary_key=True)
    # English, as sources in English name it; unique, so an import finds the place a row names.
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def history_label(self) -> str:
        """The English name, for editors' lists."""
        return self.name

    def __repr__(self) -> str:
        return f"<Place {self.id}>"


class Article(Translatable, PublicData, db.Model):
    """A criminal-code article: its number and what it is about, in every language, with the source editors used."""

    __tablename__ = "articles"
    translated_fields = ("title",)
    history_title = _l("Criminal-code article")
    history_edit_endpoint = ("prisoners.edit_article", "article_id")
    history_field_labels = {"title": _l("What the article is about")}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    source_title: Mapped[str] = mapped_column(String(300), default="")
    source_url: Mapped[str] = mapped_column(String(1000), default="")
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    is_sample: Mapped[bool] = mapped_column(default=False, server_default=false())

    def history_label(self) -> str:
        """The article's number, for editors' lists."""
        return self.code

    def __repr__(self) -> str:
        return f"<Article {self.code}>"


class Prisoner(Versioned, Translatable, PublicData, db.Model):
    """A person the record counts as a political prisoner (now or in the past)."""

    __tablename__ = "prisoners"
    __table_args__ = (Index("ix_prisoners_sort_name", "sort_name", "id"),)
    history_children = {"timeline": ("occurred_on", "kind", "note"), "articles": ("code",), "sources": ()}
    history_edit_endpoint = ("prisoners.edit", "prisoner_id")
    history_title = _l("Prisoner record")
    history_field_labels = {
        "slug": _l("Public address"),
        "name_be": _l("Name in Belarusian (Cyrillic)"),
        "name_ru": _l("Name in Russian"),
        "name_be_latn": _l("Name in Belarusian Latin (Łacinka)"),
        "name_en": _l("Name in English transliteration"),
        "aliases": _l("Other spellings and aliases (one per line)"),
        "birth_date": _l("Date of birth"),
        "gender": _l("Gender"),
        "region": _l("Region"),
        "sentence": _l("Sentence"),
        "term_months": _l("Term in months"),
        "expected_release_on": _l("Expected release date"),
        "place_id": _l("Place of detention"),
        "translations": _l("Translations"),
        "postal_address": _l("Postal address for letters"),
        "address_hidden": _l("Hide the postal address from public pages"),
        "biography": _l("Short biography"),
        "photo_filename": _l("Photo"),
        "last_verified_on": _l("Last verified on"),
        "name_withheld": _l("Counted but not named (the family asked not to publish the name)"),
        "photo_hidden": _l("Photo kept off public pages"),
        "kept_off_lists": _l("Kept off letter suggestions, birthday lists and kits"),
        "share_cards_off": _l("No share cards"),
        "dedications_off": _l("No events dedicated to the person"),
        "letters_not_advised": _l("Letters not advised"),
        "consent_review_on": _l("Consent to be reviewed by"),
        "is_sample": _l("Sample record"),
        "private_notes": _l("Private notes for editors"),
        "timeline": _l("Timeline"),
        "articles": _l("Criminal-code articles"),
        "sources": _l("Sources"),
    }
    history_value_labels = {"gender": GENDER_LABELS, "region": REGION_LABELS}
    translated_fields = ("biography", "sentence")

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public identifier in URLs and the API (tracker.core.slugs); ids stay for editors' pages.
    slug: Mapped[str | None] = mapped_column(String(16), default=opaque_slug, unique=True, index=True)
    # Records that had a public numbered address before slugs: only their old address moves to the
    # slug. A newer record's number answers 404 like any other, so numbers reveal nothing new.
    numbered_address: Mapped[bool] = mapped_column(default=False, server_default=false())
    name_be: Mapped[str] = mapped_column(String(200), default="")
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    name_be_latn: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    aliases: Mapped[str] = mapped_column(Text, default="")
    # Derived from the names for cross-script search and for the list order; refreshed on every flush.
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(SORT_KEY_TYPE, default="", server_default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[Gender] = mapped_column(_enum(Gender), default=Gender.UNKNOWN)
    region: Mapped[Region] = mapped_column(_enum(Region), default=Region.UNKNOWN)
    sentence: Mapped[str] = mapped_column(String(300), default="")
    term_months: Mapped[int | None]
    expected_release_on: Mapped[date | None] = mapped_column(Date)
    # A key without a database constraint (see the migration that added it): places are never deleted.
    place_id: Mapped[int | None] = mapped_column(index=True)
    postal_address: Mapped[str] = mapped_column(Text, default="")
    address_hidden: Mapped[bool] = mapped_column(default=False)
    biography: Mapped[str] = mapped_column(Text, default="")
    photo_filename: Mapped[str | None] = mapped_column(String(100))
    last_verified_on: Mapped[date | None] = mapped_column(Date)
    # Counted but not named: the family asked that no name or detail be published.
    name_withheld: Mapped[bool] = mapped_column(default=False)
    # Consent per output (tracker.consent): each True keeps the record out of that output.
    photo_hidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    kept_off_lists: Mapped[bool] = mapped_column(default=False, server_default=false())
    share_cards_off: Mapped[bool] = mapped_column(default=False, server_default=false())
    dedications_off: Mapped[bool] = mapped_column(default=False, server_default=false())
    letters_not_advised: Mapped[bool] = mapped_column(default=False, server_default=false())
    consent_review_on: Mapped[date | None] = mapped_column(Date)
    is_sample: Mapped[bool] = mapped_column(default=False)
    private_notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    timeline: Mapped[list["TimelineEntry"]] = relationship(
        back_populates="prisoner",
        cascade="all, delete-orphan",
        order_by="(TimelineEntry.occurred_on, TimelineEntry.id)",
    )
    articles: Mapped[list["PrisonerArticle"]] = relationship(
        cascade="all, delete-orphan", order_by="PrisonerArticle.code"
    )
    sources: Mapped[list["Source"]] = relationship(cascade="all, delete-orphan", order_by="Source.id")
    place: Mapped[Place | None] = relationship(
        primaryjoin="foreign(Prisoner.place_id) == Place.id", lazy="joined", viewonly=False
    )

    NAME_FIELDS = ("name_be", "name_ru", "name_be_latn", "name_en")
    # Which stored script each interface language reads first.
    NAME_ORDER_BY_LOCALE = {
        "be": ("name_be", "name_be_latn", "name_ru", "name_en"),
        "ru": ("name_ru", "name_be", "name_en", "name_be_latn"),
        "uk": ("name_be", "name_ru", "name_en", "name_be_latn"),
        "en": ("name_en", "name_be_latn", "name_be", "name_ru"),
    }

    def display_name(self, locale: str = "en") -> str:
        """The name in the script the reader's language prefers, with fallbacks."""
        return preferred_name({field: getattr(self, field) for field in self.NAME_FIELDS}, locale)

    @property
    def public_photo(self) -> str | None:
        """The photo file the public may see, if any (consent per output: tracker.consent)."""
        return None if self.photo_hidden else self.photo_filename

    def public_letter_address(self, in_custody: bool) -> str | None:
        """The address letters may be sent to: only while held, not hidden, and letters are advised."""
        if not self.postal_address or self.address_hidden or self.letters_not_advised or not in_custody:
            return None
        return self.postal_address

    @property
    def detention_place(self) -> str:
        """The place's English name (exports and the API name it so; pages read `place` in their language)."""
        return self.place.name if self.place else ""

    @property
    def alias_list(self) -> list[str]:
        """Aliases, one per line in storage."""
        return [line.strip() for line in (self.aliases or "").splitlines() if line.strip()]

    @property
    def article_codes(self) -> list[str]:
        """Criminal-code article numbers."""
        return [article.code for article in self.articles]

    def history_label(self) -> str:
        """The English-script name, for editors' history pages."""
        return self.display_name("en") or f"#{self.id}"

    def history_apply(self, snapshot: dict) -> None:
        """Write a version back, but never make the record more public than it is now.

        A family's request to withhold the name or hide the address, and an entry held back from
        public pages, may postdate the version; a revert must not quietly undo them. Loosening
        them stays a deliberate edit in the form.
        """
        withheld, hidden, photo = self.name_withheld, self.address_hidden, self.photo_filename
        consent = {name: getattr(self, name) for name in CONSENT_FLAGS}
        held_back = {(entry.kind, entry.occurred_on) for entry in self.timeline if not entry.published}
        super().history_apply(snapshot)
        self.name_withheld = self.name_withheld or withheld
        self.address_hidden = self.address_hidden or hidden
        for name, was_withheld in consent.items():
            setattr(self, name, getattr(self, name) or was_withheld)
        if photo is None:
            self.photo_filename = None  # a photo removed (perhaps at the family's request) stays removed
        for entry in self.timeline:
            if (entry.kind, entry.occurred_on) in held_back:
                entry.published = False

    def __repr__(self) -> str:
        return f"<Prisoner {self.id}>"


def preferred_name(names: dict[str, str], locale: str = "en") -> str:
    """The first name present in the order a language prefers (`names` maps the NAME_FIELDS)."""
    for field in Prisoner.NAME_ORDER_BY_LOCALE.get(locale, Prisoner.NAME_ORDER_BY_LOCALE["en"]):
        if value := names.get(field):
            return value
    return ""


def derived_name_columns(names: dict[str, str], aliases: str = "") -> dict[str, str]:
    """search_text and sort_name for a record's names; bulk loaders call this to match the listener."""
    keys = [names.get(field) or "" for field in Prisoner.NAME_FIELDS]
    keys += [line.strip() for line in (aliases or "").splitlines() if line.strip()]
    return {
        "search_text": " | ".join(search_key(name) for name in keys if name.strip()),
        # The list is in the order of the English-script name, as a reader of any language sees it sorted.
        "sort_name": preferred_name(names, "en").casefold(),
    }


@event.listens_for(Prisoner, "before_insert")
@event.listens_for(Prisoner, "before_update")
def _refresh_derived_names(mapper, connection, prisoner: Prisoner) -> None:
    names = {field: getattr(prisoner, field) or "" for field in Prisoner.NAME_FIELDS}
    for column, value in derived_name_columns(names, prisoner.aliases or "").items():
        setattr(prisoner, column, value)


# Name search by word. A query word is found inside the words of a record's search_text (the
# words are [a-z]+, so "inside the text" and "inside one word" are the same). Names share few
# distinct words, so name_words, every word any record has used, is small enough to scan for the
# ones a query word sits in; prisoner_name_words then lists each record under each of its words,
# with the list order and whether the public list shows it (named, not deleted), so a public
# search finds, counts and orders its matches from this index alone, without reading the records.
# Triggers keep both in step with every write, ORM or not, on both engines. Migrations that
# rebuild the prisoners table on SQLite (batch mode) drop the triggers and must create them again
# (tests/prisoners/test_search.py checks the migrated schema).
name_words = Table("name_words", db.metadata, Column("word", Text, primary_key=True), sqlite_with_rowid=False)
prisoner_name_words = Table(
    "prisoner_name_words",
    db.metadata,
    Column("word", Text, primary_key=True),
    Column("listed", Boolean, primary_key=True),
    Column("sort_name", SORT_KEY_TYPE, primary_key=True),
    Column("prisoner_id", ForeignKey("prisoners.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_prisoner_name_words_prisoner_id", "prisoner_id"),
    sqlite_with_rowid=False,
)

# search_text's words, one row each: SQLite splits through JSON (json_quote escapes whatever the
# text holds; a space never appears inside an escape), PostgreSQL through a regular expression.
_SQLITE_WORDS = "json_each('[' || replace(json_quote(replace(new.search_text, '|', ' ')), ' ', '\",\"') || ']')"
# Both are constants: no value from outside reaches this SQL (hence the noqa for S608).
_SQLITE_FILL = (
    f"INSERT OR IGNORE INTO name_words (word) SELECT value FROM {_SQLITE_WORDS} WHERE value <> ''; "  # noqa: S608
    "INSERT OR IGNORE INTO prisoner_name_words (word, listed, sort_name, prisoner_id) "
    "SELECT value, NOT new.name_withheld AND new.deleted_at IS NULL, new.sort_name, new.id "
    f"FROM {_SQLITE_WORDS} WHERE value <> ''; "
)
NAME_WORDS_DDL = {
    "sqlite": (
        f"CREATE TRIGGER prisoner_name_words_insert AFTER INSERT ON prisoners BEGIN {_SQLITE_FILL}END",
        "CREATE TRIGGER prisoner_name_words_update "  # noqa: S608
        "AFTER UPDATE OF search_text, sort_name, name_withheld, deleted_at ON prisoners BEGIN "
        f"DELETE FROM prisoner_name_words WHERE prisoner_id = old.id; {_SQLITE_FILL}END",
        # SQLite enforces no foreign keys here (no PRAGMA foreign_keys), so the cascade is a trigger.
        "CREATE TRIGGER prisoner_name_words_delete AFTER DELETE ON prisoners BEGIN "
        "DELETE FROM prisoner_name_words WHERE prisoner_id = old.id; END",
    ),
    "postgresql": (
        """CREATE OR REPLACE FUNCTION prisoner_name_words_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM prisoner_name_words WHERE prisoner_id = OLD.id;
    END IF;
    INSERT INTO name_words (word)
        SELECT DISTINCT word FROM regexp_split_to_table(NEW.search_text, '[ |]+') AS word WHERE word <> ''
        ON CONFLICT DO NOTHING;
    INSERT INTO prisoner_name_words (word, listed, sort_name, prisoner_id)
        SELECT DISTINCT word, NOT NEW.name_withheld AND NEW.deleted_at IS NULL, NEW.sort_name, NEW.id
        FROM regexp_split_to_table(NEW.search_text, '[ |]+') AS word WHERE word <> '';
    RETURN NULL;
END
$$""",
        "CREATE TRIGGER prisoner_name_words_refresh "
        "AFTER INSERT OR UPDATE OF search_text, sort_name, name_withheld, deleted_at ON prisoners "
        "FOR EACH ROW EXECUTE FUNCTION prisoner_name_words_refresh()",
    ),
}
for _dialect, _statements in NAME_WORDS_DDL.items():
    for _statement in _statements:
        event.listen(prisoner_name_words, "after_create", DDL(_statement).execute_if(dialect=_dialect))


class TimelineEntry(Translatable, PublicData, db.Model):
    """One dated fact in a prisoner's case: detention, verdict, release…"""

    __tablename__ = "timeline_entries"
    __table_args__ = (Index("ix_timeline_entries_prisoner_date", "prisoner_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prisoner_id: Mapped[int] = mapped_column(ForeignKey("prisoners.id", ondelete="CASCADE"))
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")
    translated_fields = ("note",)
    # For the editors' list of missing translations (tracker.core.translations).
    history_title = _l("Timeline entry")
    history_edit_endpoint = ("prisoners.edit_entry_note", "entry_id")
    history_field_labels = {"note": _l("Note")}
    # False holds a release or pardon back from public pages until an editor publishes it.
    published: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    prisoner: Mapped[Prisoner] = relationship(back_populates="timeline")

    @classmethod
    def translations_listed(cls) -> ColumnElement[bool]:
        """Entries the editors' list of missing translations may show: not those of a deleted record."""
        return cls.prisoner.has(Prisoner.deleted_at.is_(None))

    def history_label(self) -> str:
        """Whose entry, and of when, for editors' lists."""
        return f"{self.prisoner.history_label()}, {self.occurred_on.isoformat()}"


class PrisonerArticle(PublicData, db.Model):
    """A criminal-code article a prisoner is charged or convicted under."""

    __tablename__ = "prisoner_articles"
    __table_args__ = (UniqueConstraint("prisoner_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prisoner_id: Mapped[int] = mapped_column(ForeignKey("prisoners.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20), index=True)


class Source(PublicData, db.Model):
    """A published source a record rests on."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    prisoner_id: Mapped[int] = mapped_column(ForeignKey("prisoners.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(1000))
    title: Mapped[str] = mapped_column(String(300), default="")
