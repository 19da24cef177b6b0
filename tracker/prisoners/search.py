"""Prisoner search: the filters of a list, and the planner that turns them into SQL.

Searching by name is the list's commonest request and the one whose cost grows with the
registry, so the plan avoids work the database would otherwise repeat per request:

- Query words are matched against this process's copy of the name vocabulary, so a search
  knows which indexed words it needs without a round trip, and a word nobody's name holds
  is answered without asking the database at all.
- A public search by name alone is answered from the name-word index (prisoner_name_words),
  which holds each record's list order and whether the public list shows it: one indexed
  word is one index range already in list order, and a few are merged range by range.
- A search by several words reads the records of the word that is cheapest to start from
  on the engine at hand, and checks the others per record.
- A search's SQL depends only on its shape (which filters it has, how its words sit in the
  index); values go in as parameters and each process builds each shape's statement once.
"""

import math
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, and_, bindparam, exists, func, select, true, union_all
from sqlalchemy.orm import joinedload

from tracker.core.cache import cached
from tracker.core.paging import Page
from tracker.extensions import db
from tracker.prisoners.models import Prisoner, PrisonerArticle, Region, Status, name_words, prisoner_name_words
from tracker.prisoners.names import search_key
from tracker.prisoners.timeline import latest_status_change, status_after, status_condition


@dataclass(frozen=True)
class PrisonerSearch:
    """Validated filters of a prisoner list."""

    q: str = ""
    status: Status | None = None
    region: Region | None = None
    place: str = ""
    article: str = ""
    include_withheld: bool = False


# A query word that sits in more indexed words than this is handed to the database as a LIKE over
# name_words rather than as a list of them (a one-letter word in a large registry).
MAX_LISTED_WORDS = 500
# Up to this many indexed words, a one-word search on PostgreSQL merges their index ranges, each
# already in list order; beyond it, hashing every match once is cheaper than that many ranges.
# SQLite cannot merge ordered inputs (it would sort them all), so there it reads at most one range.
MAX_MERGED_RANGES = {"postgresql": 32, "sqlite": 1}


@dataclass
class NameVocabulary:
    """The words of the records' name keys, and how many listed records hold those a search needed."""

    words: tuple[str, ...]  # every record's: editors search them all
    listed_words: tuple[str, ...]  # only those a publicly listed record holds: the public searches these
    listed_under: dict[str, int] = field(default_factory=dict)


def name_vocabulary() -> NameVocabulary:
    """This process's copy of the name vocabulary, kept until the data changes."""
    return cached("name-words", _name_vocabulary, day=None, per_language=False)


def _name_vocabulary() -> NameVocabulary:
    index = prisoner_name_words.c
    listed = exists().where(index.word == name_words.c.word, index.listed == true())
    rows = db.session.execute(select(name_words.c.word, listed)).all()
    return NameVocabulary(
        words=tuple(word for word, _ in rows), listed_words=tuple(word for word, is_listed in rows if is_listed)
    )


def _words_containing(word: str, *, public: bool) -> list[str] | None:
    """The indexed name words `word` sits inside, or None when there are too many to list.

    They come from this process's copy of the vocabulary, so a search needs no round trip to
    find them. The copy lags another worker's change by at most FIGURE_CACHE_CHECK_SECONDS; a
    word it still holds but no record does matches nothing, since which records are listed is
    always read from the index. A public search looks only among the words of listed records:
    one for a name only a not-named record holds then ends exactly as one for a name nobody
    holds, without a query whose timing could tell them apart.
    """
    vocabulary = name_vocabulary()
    found = [indexed for indexed in (vocabulary.listed_words if public else vocabulary.words) if word in indexed]
    return found if len(found) <= MAX_LISTED_WORDS else None


def _records_under(vocabularies: list[list[str] | None]) -> list[float]:
    """About how many records hold each query word: the sum over the indexed words it sits in.

    Counted once per indexed word and data change, in the one query a search needs for the
    words not counted yet. A word too common to list counts as infinitely many.
    """
    counts = name_vocabulary().listed_under
    if missing := {word for words in vocabularies if words for word in words if word not in counts}:
        index = prisoner_name_words.c
        statement = (
            select(index.word, func.count())
            .where(index.word.in_(sorted(missing)), index.listed == true())
            .group_by(index.word)
        )
        found = dict(db.session.execute(statement).all())
        counts.update((word, found.get(word, 0)) for word in missing)
    return [math.inf if words is None else sum(counts[word] for word in words) for words in vocabularies]


def _first_word(vocabularies: list[list[str] | None], dialect: str) -> int:
    """Which query word a search by several words should read the records of first.

    The others are checked for each record it finds. SQLite checks them a record at a time, one
    index lookup per indexed word, so its cost is the first word's records times one more than
    the others' indexed words. PostgreSQL hashes the others' records first, then reads the first
    word's, so it starts from the commonest word and hashes the rarer.
    """
    held_by = _records_under(vocabularies)
    if dialect != "sqlite":
        return max(range(len(vocabularies)), key=held_by.__getitem__)
    lookups = [MAX_LISTED_WORDS if words is None else len(words) for words in vocabularies]
    return min(range(len(vocabularies)), key=lambda i: held_by[i] * (1 + sum(lookups) - lookups[i]))


def query_words(query: str) -> list[str]:
    """The query's name-key words that narrow a search: no repeats, none inside another word of it.

    A record whose words hold "losik" holds "los" too, so "los losik losik" asks what "losik"
    asks; each word left costs the search a pass over the index.
    """
    words = list(dict.fromkeys(search_key(query).split()))
    return [word for word in words if not any(word != other and word in other for other in words)]


@dataclass(frozen=True)
class _Shape:
    """What a search's SQL depends on: which filters it has and how its name words sit in the index.

    `ranges` is the number of index ranges a one-word public search merges, a power of two (0:
    not that kind of search); `listed` tells, for each query word, whether its indexed words go
    in as a list (else as a LIKE over name_words).
    """

    public: bool
    region: bool = False
    place: bool = False
    article: bool = False
    status: Status | None = None
    ranges: int = 0
    listed: tuple[bool, ...] = ()

    @property
    def filtered(self) -> bool:
        """Whether anything but the name narrows the search."""
        return self.region or self.place or self.article or self.status is not None

    @property
    def by_name_alone(self) -> bool:
        """Whether this is a public search by name only, which the name-word index answers by itself."""
        return self.public and not self.filtered


def _vocabulary(word: ColumnElement[str], number: int, listed: bool) -> ColumnElement[bool]:
    """The condition that an index row's `word` is one that query word `number` sits in."""
    if listed:
        return word.in_(bindparam(f"words_{number}", expanding=True))
    # Search keys are [a-z]+ words: nothing to escape.
    return word.in_(select(name_words.c.word).where(name_words.c.word.contains(bindparam(f"word_{number}"))))


def _matches(shape: _Shape) -> tuple[Select, Select]:
    """(id, sort_name) of every match in list order, and their count, for a search by name.

    A public search by name alone is answered from the name-word index without reading a record:
    the index holds each record's list order and whether the public list shows it. Otherwise the
    matches are found once, then counted and ordered.
    """
    if shape.ranges == 1:
        return _one_range()
    if shape.ranges:
        return _merged_ranges(shape.ranges)
    found = _found_in_index(shape) if shape.by_name_alone else _found_in_records(shape)
    found = found.cte("matches").prefix_with("MATERIALIZED")
    in_order = select(found.c.id, found.c.sort_name).order_by(found.c.sort_name, found.c.id)
    return in_order, select(func.count()).select_from(found)


def _one_range() -> tuple[Select, Select]:
    """Matches of one indexed word: one range of the index, already in list order."""
    index = prisoner_name_words.c
    in_range = and_(index.word == bindparam("merged_0"), index.listed == true())
    in_order = select(index.prisoner_id.label("id"), index.sort_name).where(in_range)
    return in_order.order_by(index.sort_name, index.prisoner_id), select(func.count()).where(in_range)


def _merged_ranges(number_of_ranges: int) -> tuple[Select, Select]:
    """Matches of a few indexed words, merged range by range.

    The page is read from the front of each range; only the count reads them all.
    """
    index = prisoner_name_words.c
    ranges = [
        select(index.prisoner_id, index.sort_name)
        .where(index.word == bindparam(f"merged_{number}"), index.listed == true())
        .order_by(index.sort_name, index.prisoner_id)
        .subquery()
        for number in range(number_of_ranges)
    ]
    merged = union_all(*(select(each) for each in ranges)).subquery("merged")
    in_order = select(merged.c.prisoner_id.label("id"), merged.c.sort_name).distinct()
    count = select(func.count(index.prisoner_id.distinct())).where(
        _vocabulary(index.word, 0, True), index.listed == true()
    )
    return in_order.order_by(in_order.selected_columns.sort_name, in_order.selected_columns.id), count


def _found_in_index(shape: _Shape) -> Select:
    """(id, sort_name) of listed records holding every query word, read from the index alone.

    Distinct, since a word can sit in several of one record's words (its Belarusian and Russian
    spellings).
    """
    index = prisoner_name_words.c
    holding_others = []
    for number, listed in enumerate(shape.listed[1:], start=1):
        holder = prisoner_name_words.alias()
        holding_others.append(
            exists().where(holder.c.prisoner_id == index.prisoner_id, _vocabulary(holder.c.word, number, listed))
        )
    return (
        select(index.prisoner_id.label("id"), index.sort_name)
        .where(index.listed == true(), _vocabulary(index.word, 0, shape.listed[0]), *holding_others)
        .distinct()
    )


def _found_in_records(shape: _Shape) -> Select:
    """(id, sort_name) of records holding every query word and passing the filters on the record.

    Found first, and only they are sorted: a plan that walks the name-order index hoping to meet
    a rare name early reads most of the table instead.
    """
    index = prisoner_name_words.c
    holding_each = [
        Prisoner.id.in_(select(index.prisoner_id).where(_vocabulary(index.word, number, listed)))
        for number, listed in enumerate(shape.listed)
    ]
    return select(Prisoner.id, Prisoner.sort_name).where(*holding_each, *_filters(shape))


def _filters(shape: _Shape) -> list[ColumnElement[bool]]:
    """The conditions on the record: shown to the public, and the filters the search has."""
    conditions = [Prisoner.name_withheld.is_(False)] if shape.public else []
    if shape.region:
        conditions.append(Prisoner.region == bindparam("region"))
    if shape.place:
        conditions.append(Prisoner.place_id == bindparam("place"))
    if shape.article:
        conditions.append(Prisoner.articles.any(PrisonerArticle.code == bindparam("article")))
    if shape.status is not None:
        conditions.append(status_condition(shape.status, on=bindparam("today"), public=shape.public))
    return conditions


# A search's SQL depends only on its shape; its values go in as parameters. Building a statement
# costs more than running it, so each process builds each shape once.
@lru_cache(maxsize=256)
def _search_statements(shape: _Shape) -> tuple[Select, Select]:
    """(page, count) statements of every search of this shape.

    The page statement loads the page's records with their articles, their status's latest
    change and the number of matches; the count statement counts alone, for a page past the end.
    """
    if shape.listed:
        in_order, count = _matches(shape)
        page_ids = in_order.limit(bindparam("limit")).offset(bindparam("offset")).subquery("page")
        total = count.scalar_subquery()
    else:
        listed = select(Prisoner.id).where(*_filters(shape))
        # Without a name the list walks the name-order index; the window count rides along.
        page_ids = (
            listed.add_columns(func.count().over().label("total"))
            .order_by(Prisoner.sort_name, Prisoner.id)
            .limit(bindparam("limit"))
            .offset(bindparam("offset"))
            .subquery("page")
        )
        total, count = page_ids.c.total, select(func.count()).select_from(listed.subquery())
    latest_change = latest_status_change(on=bindparam("today"), public=shape.public)
    page = (
        select(Prisoner, total.label("total"), latest_change.label("latest_change"))
        .join(page_ids, Prisoner.id == page_ids.c.id)
        # The page's own order, in which (sort_name, id) is unique: no row number needed to keep it.
        .order_by(Prisoner.sort_name, Prisoner.id)
        .options(joinedload(Prisoner.articles))
    )
    return page, count


def _by_name(
    shape: _Shape, words: list[str], vocabularies: list[list[str] | None], dialect: str, params: dict[str, object]
) -> _Shape:
    """The shape of a search that also has these name words; their values go into `params`."""
    if shape.by_name_alone and len(words) > 1:
        lead = _first_word(vocabularies, dialect)
        order = [lead, *(number for number in range(len(words)) if number != lead)]
        words, vocabularies = [words[i] for i in order], [vocabularies[i] for i in order]
    for number, (word, vocabulary) in enumerate(zip(words, vocabularies, strict=True)):
        params[f"words_{number}" if vocabulary is not None else f"word_{number}"] = vocabulary or word
    shape = replace(shape, listed=tuple(vocabulary is not None for vocabulary in vocabularies))
    first = vocabularies[0]
    if shape.by_name_alone and len(words) == 1 and first and len(first) <= MAX_MERGED_RANGES.get(dialect, 1):
        # Shapes come in powers of two, the last range repeated to fill one: a fresh worker
        # compiles six statements for these searches, not thirty-two. A repeated range adds
        # only duplicates, which the merge drops anyway.
        ranges = 1 << (len(first) - 1).bit_length()
        padded = first + first[-1:] * (ranges - len(first))
        params.update((f"merged_{number}", word) for number, word in enumerate(padded))
        shape = replace(shape, ranges=ranges)
    return shape


def search_prisoners(search: PrisonerSearch, *, today: date, page: int, per_page: int) -> Page:
    """Prisoners matching the filters, in name order; only the page shown is loaded.

    One query finds the page, counts the matches and loads the page's records with their
    articles and statuses. Status is derived from the timeline: the filter and the rows shown
    both use its SQL twin (latest_status_change), which the tests hold to status_from_entries.
    """
    public = not search.include_withheld
    params: dict[str, object] = {"today": today, "limit": per_page, "offset": (page - 1) * per_page}
    for name in ("region", "place", "article"):
        if value := getattr(search, name):
            params[name] = value
    if search.place:  # a place's id; anything else matches no place
        params["place"] = int(search.place) if search.place.isdigit() else -1
    shape = _Shape(
        public=public,
        region=bool(search.region),
        place=bool(search.place),
        article=bool(search.article),
        status=search.status,
    )
    if words := query_words(search.q):
        vocabularies = [_words_containing(word, public=public) for word in words]
        if any(vocabulary == [] for vocabulary in vocabularies):
            # A word no record's name holds: nothing to ask the database.
            return Page(items=[], page=page, per_page=per_page, total=0)
        shape = _by_name(shape, words, vocabularies, db.session.get_bind().dialect.name, params)
    page_statement, count_statement = _search_statements(shape)
    page_rows = db.session.execute(page_statement, params).unique().all()
    # A page with no rows (past the end) carries no count: ask for it.
    total = page_rows[0].total if page_rows else db.session.scalar(count_statement, params)
    rows = [(row.Prisoner, status_after(row.latest_change)) for row in page_rows]
    return Page(items=rows, page=page, per_page=per_page, total=total)
