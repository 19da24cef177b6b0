"""Prisoner record operations: search, save, timeline changes."""

import logging
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, FromClause, Select, func, intersect, select, true
from sqlalchemy.orm import joinedload, selectinload

from tracker.core.cache import cached
from tracker.extensions import db
from tracker.prisoners.models import (
    CUSTODY_ENDING,
    EventKind,
    Prisoner,
    PrisonerArticle,
    Region,
    Source,
    Status,
    TimelineEntry,
    name_words,
    prisoner_name_words,
)
from tracker.prisoners.names import search_key
from tracker.prisoners.timeline import status_condition, status_from_entries

logger = logging.getLogger(__name__)


# Columns save_prisoner() never takes from its caller: keys and timestamps, and the derived name columns.
NOT_SAVED_DIRECTLY = frozenset({"id", "search_text", "sort_name", "created_at", "updated_at"})


class TimelineError(ValueError):
    """A timeline entry that contradicts the rest of the timeline."""


@dataclass(frozen=True)
class PrisonerSearch:
    """Validated filters of a prisoner list."""

    q: str = ""
    status: Status | None = None
    region: Region | None = None
    place: str = ""
    article: str = ""
    include_withheld: bool = False


@dataclass
class Page:
    """One page of results."""

    items: list
    page: int
    per_page: int
    total: int
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether a previous page exists."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.page < self.pages


def _words_containing(word: str) -> Select:
    """The indexed name words `word` sits inside (search keys are [a-z]+: nothing to escape)."""
    return select(name_words.c.word).where(name_words.c.word.contains(word))


def query_words(query: str) -> list[str]:
    """The query's name-key words that narrow a search: no repeats, none inside another word of it.

    A record whose words hold "losik" holds "los" too, so "los losik losik" asks what "losik"
    asks; each word left costs the search a pass over the index.
    """
    words = list(dict.fromkeys(search_key(query).split()))
    return [word for word in words if not any(word != other and word in other for other in words)]


def _matches(words: list[str], conditions: list[ColumnElement[bool]], *, public: bool) -> FromClause:
    """(id, sort_name) of every record matching the name words and the other filters.

    A public search by name alone is answered from the name-word index by itself: it holds each
    record's list order and whether the public list shows it, so matches are found, counted and
    ordered without reading a record. A single word that sits in a single indexed word (a full
    surname, typically) is one range of that index, already in list order, with nothing to
    dedupe. Other filters live on the record, which is then read for the records that hold every
    word. Either way the matches are found first and only they are sorted: a plan that walks the
    name-order index hoping to meet a rare name early reads most of the table instead.
    """
    index = prisoner_name_words.c
    if public and not conditions:
        if len(words) == 1 and len(indexed := db.session.scalars(_words_containing(words[0]).limit(2)).all()) < 2:
            # No indexed word holds it (nothing matches), or exactly one does.
            word = indexed[0] if indexed else None
            return (
                select(index.prisoner_id.label("id"), index.sort_name)
                .where(index.word == word, index.listed == true())
                .subquery("matches")
            )
        by_word = [
            select(index.prisoner_id.label("id"), index.sort_name).where(
                index.listed == true(), index.word.in_(_words_containing(word))
            )
            for word in words
        ]
        # A word can sit in several of one record's words (its Belarusian and Russian spellings).
        found = intersect(*by_word) if len(by_word) > 1 else by_word[0].distinct()
    else:
        holding_word = [
            Prisoner.id.in_(select(index.prisoner_id).where(index.word.in_(_words_containing(word)))) for word in words
        ]
        if public:
            conditions = [Prisoner.name_withheld.is_(False), *conditions]
        found = select(Prisoner.id, Prisoner.sort_name).where(*holding_word, *conditions)
    # Counted and paged from one computation of the matches.
    return found.cte("matches").prefix_with("MATERIALIZED")


def search_prisoners(search: PrisonerSearch, *, today: date, page: int, per_page: int) -> Page:
    """Prisoners matching the filters, in name order; only the page shown is loaded.

    One query finds the page (with the number of matches) and loads its records with their
    articles; a second reads their timelines. Status is derived from the timeline: the filter
    runs its SQL twin, and the rows on the page get theirs from status_from_entries, as their own
    pages do.
    """
    public = not search.include_withheld
    conditions = []
    if search.region:
        conditions.append(Prisoner.region == search.region)
    if search.place:
        conditions.append(Prisoner.detention_place == search.place)
    if search.article:
        conditions.append(Prisoner.articles.any(PrisonerArticle.code == search.article))
    if search.status is not None:
        conditions.append(status_condition(search.status, on=today, public=public))
    if words := query_words(search.q):
        matches = _matches(words, conditions, public=public)
        total = select(func.count()).select_from(matches).scalar_subquery()
        page_ids = select(matches.c.id, total.label("total")).order_by(matches.c.sort_name, matches.c.id)
    else:
        listed = select(Prisoner.id).where(Prisoner.name_withheld.is_(False) if public else true(), *conditions)
        matches = listed.subquery()
        # Without a name the list walks the name-order index; the window count rides along.
        page_ids = listed.add_columns(func.count().over().label("total")).order_by(Prisoner.sort_name, Prisoner.id)
    page_ids = page_ids.limit(per_page).offset((page - 1) * per_page).subquery("page")
    statement = (
        select(Prisoner, page_ids.c.total)
        .join(page_ids, Prisoner.id == page_ids.c.id)
        # The page's own order, in which (sort_name, id) is unique: no row number needed to keep it.
        .order_by(Prisoner.sort_name, Prisoner.id)
        .options(joinedload(Prisoner.articles))
    )
    page_rows = db.session.execute(statement).unique().all()
    # A page with no rows (nothing matches, or it is past the end) carries no count: ask for it.
    total = page_rows[0].total if page_rows else db.session.scalar(select(func.count()).select_from(matches))
    statuses = statuses_on([row.Prisoner.id for row in page_rows], on=today, public=public)
    rows = [(row.Prisoner, statuses[row.Prisoner.id]) for row in page_rows]
    return Page(items=rows, page=page, per_page=per_page, total=total)


def statuses_on(prisoner_ids: list[int], *, on: date, public: bool = True) -> dict[int, Status]:
    """Each prisoner's status as of `on`, from plain timeline rows: a list page needs no ORM timeline objects."""
    entries: dict[int, list] = {prisoner_id: [] for prisoner_id in prisoner_ids}
    statement = select(
        TimelineEntry.prisoner_id, TimelineEntry.id, TimelineEntry.kind, TimelineEntry.occurred_on,
        TimelineEntry.published,
    ).where(TimelineEntry.prisoner_id.in_(prisoner_ids))  # fmt: skip
    for entry in db.session.execute(statement):
        entries[entry.prisoner_id].append(entry)
    return {prisoner_id: status_from_entries(rows, on=on, public=public) for prisoner_id, rows in entries.items()}


def detention_places() -> list[str]:
    """Distinct places of detention among publicly named records, for the list's filter.

    Every list page shows them; finding them reads the whole table, so each process keeps
    them until the data changes (tracker.core.cache), like the home page's figures.
    """
    return cached("detention-places", _detention_places, day=None, per_language=False)


def _detention_places() -> list[str]:
    statement = (
        select(Prisoner.detention_place)
        .where(Prisoner.detention_place != "", Prisoner.name_withheld.is_(False))
        .distinct()
        .order_by(Prisoner.detention_place)
    )
    return list(db.session.scalars(statement))


def withheld_count() -> int:
    """How many records are counted but not named (kept until the data changes, as above)."""
    return cached("withheld-count", _withheld_count, day=None, per_language=False)


def _withheld_count() -> int:
    return db.session.scalar(select(func.count(Prisoner.id)).where(Prisoner.name_withheld.is_(True))) or 0


def get_public_prisoner(prisoner_id: int) -> Prisoner | None:
    """A prisoner whose details may be shown publicly, else None."""
    prisoner = db.session.get(Prisoner, prisoner_id)
    if prisoner is None or prisoner.name_withheld:
        return None
    return prisoner


def save_prisoner(
    prisoner: Prisoner | None, *, articles: list[str], sources: list[tuple[str, str]], **fields
) -> Prisoner:
    """Create or update a record from plain values; `fields` are Prisoner column values."""
    if prisoner is None:
        prisoner = Prisoner()
        db.session.add(prisoner)
    for name, value in fields.items():
        if name not in Prisoner.__table__.columns or name in NOT_SAVED_DIRECTLY:
            raise TypeError(f"save_prisoner() got an unexpected field {name!r}")
        setattr(prisoner, name, value.strip() if isinstance(value, str) else value)
    # Keep the rows of articles that stay: a new row with the same code would be inserted before the
    # old one is deleted and break the (prisoner, code) unique constraint.
    kept = {article.code: article for article in prisoner.articles}
    prisoner.articles = [kept.get(code) or PrisonerArticle(code=code) for code in articles]
    prisoner.sources = [Source(url=url, title=title) for url, title in sources]
    db.session.flush()
    logger.info("saved prisoner %s", prisoner.id)
    return prisoner


def check_timeline_entry(prisoner: Prisoner, kind: EventKind, on: date, *, today: date) -> None:
    """Raise TimelineError when an entry contradicts the timeline or the calendar."""
    if kind in CUSTODY_ENDING | {EventKind.DEATH_IN_CUSTODY, EventKind.VERDICT} and on > today:
        raise TimelineError(_l("This kind of entry cannot be dated in the future."))
    if kind == EventKind.DETENTION and on > today:
        raise TimelineError(_l("A detention cannot be dated in the future."))
    detentions = [entry.occurred_on for entry in prisoner.timeline if entry.kind == EventKind.DETENTION]
    if kind != EventKind.DETENTION and kind != EventKind.CHARGE:
        if not detentions:
            raise TimelineError(_l("Add the detention first."))
        if on < min(detentions):
            raise TimelineError(_l("This date is before the detention on %(date)s.", date=min(detentions).isoformat()))
    if prisoner.birth_date and on < prisoner.birth_date:
        raise TimelineError(_l("This date is before the date of birth."))


def add_timeline_entry(
    prisoner: Prisoner, *, kind: EventKind, occurred_on: date, note: str, published: bool, today: date
) -> TimelineEntry:
    """Add a checked entry; only custody-ending entries may be held back from public pages."""
    check_timeline_entry(prisoner, kind, occurred_on, today=today)
    entry = TimelineEntry(
        kind=kind, occurred_on=occurred_on, note=note.strip(), published=published or kind not in CUSTODY_ENDING
    )
    prisoner.timeline.append(entry)
    db.session.flush()
    logger.info("prisoner %s: added %s entry %s", prisoner.id, kind.value, entry.id)
    return entry


def publish_timeline_entry(entry: TimelineEntry) -> None:
    """Make a held-back entry visible on public pages."""
    entry.published = True
    db.session.flush()
    logger.info("published timeline entry %s", entry.id)


def delete_timeline_entry(entry: TimelineEntry) -> None:
    """Remove a mistaken timeline entry."""
    prisoner = entry.prisoner
    prisoner.timeline.remove(entry)
    db.session.flush()
    logger.info("prisoner %s: deleted timeline entry %s", prisoner.id, entry.id)


def named_prisoners() -> list[Prisoner]:
    """Every publicly named record, by id, with its timeline, articles and sources loaded."""
    statement = (
        select(Prisoner)
        .where(Prisoner.name_withheld.is_(False))
        .options(selectinload(Prisoner.timeline), selectinload(Prisoner.articles), selectinload(Prisoner.sources))
        .order_by(Prisoner.id)
    )
    return list(db.session.scalars(statement))


def named_prisoner_choices() -> list[tuple[int, str]]:
    """(id, English name) of publicly named prisoners, for linking from other records."""
    prisoners = db.session.scalars(select(Prisoner).where(Prisoner.name_withheld.is_(False)))
    return sorted(((p.id, p.display_name("en")) for p in prisoners), key=lambda pair: pair[1].casefold())
