"""Prisoner record operations: save, timeline changes, the lists other pages read."""

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, extract, func, or_, select
from sqlalchemy.orm import selectinload

from tracker.core.cache import cached
from tracker.core.translations import SOURCE_LANGUAGE
from tracker.extensions import db
from tracker.prisoners.models import (
    CUSTODY_ENDING,
    REGION_LABELS,
    Article,
    EventKind,
    Place,
    Prisoner,
    PrisonerArticle,
    Region,
    Source,
    TimelineEntry,
)

logger = logging.getLogger(__name__)


# Columns save_prisoner() never takes from its caller: keys and timestamps, and the derived name columns.
NOT_SAVED_DIRECTLY = frozenset({"id", "search_text", "sort_name", "created_at", "updated_at"})


class TimelineError(ValueError):
    """A timeline entry that contradicts the rest of the timeline."""


def place_named(name: str) -> Place | None:
    """The place with this English name, added if new; None for no name."""
    name = " ".join((name or "").split())
    if not name:
        return None
    place = db.session.scalar(select(Place).where(Place.name == name))
    if place is None:
        place = Place(name=name)
        db.session.add(place)
    return place


def detention_places() -> list[tuple[int, str]]:
    """Distinct places of detention among publicly named records, for the list's filter.

    Every list page shows them; finding them reads the whole table, so each process keeps
    them until the data changes (tracker.core.cache), like the home page's figures.
    """
    return cached("detention-places", _detention_places, day=None, per_language=False)


def _detention_places() -> list[tuple[int, str]]:
    named = select(Prisoner.place_id).where(Prisoner.name_withheld.is_(False), Prisoner.place_id.is_not(None))
    rows = db.session.execute(select(Place.id, Place.name).where(Place.id.in_(named)).order_by(Place.name))
    return [(place_id, name) for place_id, name in rows]


def place_key(text: str) -> str:
    """A place filter as the search takes it (the place's id), from its id or its English name."""
    if not text or text.isdigit():
        return text
    place_id = db.session.scalar(select(Place.id).where(Place.name == " ".join(text.split())))
    return str(place_id) if place_id is not None else "none"


def articles_by_code() -> dict[str, Article]:
    """Every criminal-code article editors described, by its number."""
    return {article.code: article for article in db.session.scalars(select(Article))}


def places_by_key() -> dict[str, Place]:
    """Every place by its id as text (the key breakdowns and filters use)."""
    return {str(place.id): place for place in db.session.scalars(select(Place))}


def withheld_count(*, entered_before: date | None = None) -> int:
    """How many records are counted but not named, of those entered before a day if given.

    The public figure counts only records entered before the current month (tracker.counts.disclosure),
    so that it cannot move on the day a not-named record is entered.
    """
    return cached(
        f"withheld-count-{entered_before}", lambda: _withheld_count(entered_before), day=None, per_language=False
    )


def _withheld_count(entered_before: date | None) -> int:
    statement = select(func.count(Prisoner.id)).where(Prisoner.name_withheld.is_(True))
    if entered_before is not None:
        statement = statement.where(Prisoner.created_at < datetime.combine(entered_before, time(), tzinfo=UTC))
    return db.session.scalar(statement) or 0


def get_public_prisoner(prisoner_id: int) -> Prisoner | None:
    """A prisoner whose details may be shown publicly, else None."""
    prisoner = db.session.get(Prisoner, prisoner_id)
    if prisoner is None or prisoner.name_withheld:
        return None
    return prisoner


def get_public_prisoner_by_slug(slug: str) -> Prisoner | None:
    """The public record with this opaque slug, else None (a withheld record looks like none at all)."""
    prisoner = db.session.scalar(select(Prisoner).where(Prisoner.slug == slug))
    if prisoner is None or prisoner.name_withheld:
        return None
    return prisoner


def save_prisoner(
    prisoner: Prisoner | None, *, articles: list[str], sources: list[tuple[str, str]], **fields
) -> Prisoner:
    """Create or update a record from plain values; `fields` are Prisoner column values.

    ``detention_place`` names the place in English (a new name adds a place); ``translations``
    holds the record's text in other languages by field.
    """
    place_name = fields.pop("detention_place", None)
    translations = fields.pop("translations", None) or {}
    # Found before anything changes: the query would flush a half-made change as a version of its own.
    place = place_named(place_name) if place_name is not None else None
    if prisoner is None:
        prisoner = Prisoner()
        db.session.add(prisoner)
    for name, value in fields.items():
        if name not in Prisoner.__table__.columns or name in NOT_SAVED_DIRECTLY:
            raise TypeError(f"save_prisoner() got an unexpected field {name!r}")
        setattr(prisoner, name, value.strip() if isinstance(value, str) else value)
    if place_name is not None:
        prisoner.place = place
    for text_field, by_language in translations.items():
        prisoner.set_translations(text_field, by_language)
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
    prisoner: Prisoner,
    *,
    kind: EventKind,
    occurred_on: date,
    note: str,
    published: bool,
    today: date,
    note_translations: Mapping[str, str] | None = None,
) -> TimelineEntry:
    """Add a checked entry; only custody-ending entries may be held back from public pages."""
    check_timeline_entry(prisoner, kind, occurred_on, today=today)
    entry = TimelineEntry(kind=kind, occurred_on=occurred_on, published=published or kind not in CUSTODY_ENDING)
    entry.set_translations("note", {**(note_translations or {}), SOURCE_LANGUAGE: note})
    prisoner.timeline.append(entry)
    db.session.flush()
    logger.info("prisoner %s: added %s entry %s", prisoner.id, kind.value, entry.id)
    return entry


def save_timeline_note(entry: TimelineEntry, *, notes: Mapping[str, str]) -> None:
    """Say an entry's note in any of its languages (the English text goes to the entry's own column)."""
    entry.set_translations("note", notes)
    db.session.flush()
    logger.info("timeline entry %s: note saved", entry.id)


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


def named_prisoners(
    born_between: tuple[date, date] | None = None, *, matching: ColumnElement[bool] | None = None
) -> list[Prisoner]:
    """Every publicly named record, by id, with its timeline, articles and sources loaded.

    `born_between` keeps only those whose birthday falls between two days (of any year): a week's
    or a month's birthdays read a few hundred records, not the whole register. `matching` keeps
    only the rows that meet a condition (tracker.dates.candidates picks a window's records so).
    """
    statement = (
        select(Prisoner)
        .where(Prisoner.name_withheld.is_(False))
        .options(selectinload(Prisoner.timeline), selectinload(Prisoner.articles), selectinload(Prisoner.sources))
        .order_by(Prisoner.id)
    )
    if born_between is not None and (days := month_days(*born_between)) is not None:
        birthday = extract("month", Prisoner.birth_date) * 100 + extract("day", Prisoner.birth_date)
        statement = statement.where(Prisoner.birth_date.is_not(None), birthday.in_(days))
    if matching is not None:
        statement = statement.where(matching)
    return list(db.session.scalars(statement))


def month_days(first: date, last: date) -> list[int] | None:
    """Each day from `first` to `last` as month * 100 + day; None when that is every day of the year.

    29 February counts whenever 28 February does: in a common year the birthday is kept then.
    """
    if (last - first).days >= 365:
        return None
    span = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
    days = {day.month * 100 + day.day for day in span}
    if 228 in days:
        days.add(229)
    return sorted(days)


def dedication_choices(slugs: Iterable[str], locale: str = "en") -> list[tuple[str, str]]:
    """(slug, name in the reader's script) of those of `slugs` an event may be dedicated to (tracker.consent).

    The event form is public, so its values are slugs: no sequential id to walk. The form offers the
    people found by name and those already chosen, never the whole record, which may hold thousands.
    People who share a name are told apart by birth year and region, both public on their pages.
    """
    wanted = set(slugs)
    if not wanted:
        return []
    statement = select(Prisoner).where(
        Prisoner.slug.in_(wanted), Prisoner.name_withheld.is_(False), Prisoner.dedications_off.is_(False)
    )
    people = [(p, p.display_name(locale)) for p in db.session.scalars(statement)]
    shared = _namesakes([person for person, _name in people], locale)
    choices = [
        (person.slug, _told_apart(person, name) if shared[name.casefold()] > 1 else name) for person, name in people
    ]
    return sorted(choices, key=lambda pair: pair[1].casefold())


def _namesakes(people: list[Prisoner], locale: str) -> Counter:
    """How many people an event may be dedicated to bear each of these people's names, in `locale`'s script.

    Counted over the whole record, not only the people shown, so a chosen person stays told apart
    from a namesake the list does not show.
    """
    spellings = {value for person in people for field in Prisoner.NAME_FIELDS if (value := getattr(person, field))}
    if not spellings:
        return Counter()
    same_spelling = or_(*(getattr(Prisoner, field).in_(spellings) for field in Prisoner.NAME_FIELDS))
    statement = select(Prisoner).where(
        same_spelling, Prisoner.name_withheld.is_(False), Prisoner.dedications_off.is_(False)
    )
    return Counter(person.display_name(locale).casefold() for person in db.session.scalars(statement))


def _told_apart(person: Prisoner, name: str) -> str:
    region = REGION_LABELS[person.region] if person.region != Region.UNKNOWN else None
    if person.birth_date and region:
        return str(_l("%(name)s (born %(year)s, %(region)s)", name=name, year=person.birth_date.year, region=region))
    if person.birth_date:
        return str(_l("%(name)s (born %(year)s)", name=name, year=person.birth_date.year))
    if region:
        return f"{name} ({region})"
    return f"{name} ({person.slug})"


def ids_of_slugs(slugs: list[str]) -> list[int]:
    """The ids of the records with these slugs, in the same order (unknown ones left out)."""
    found = dict(db.session.execute(select(Prisoner.slug, Prisoner.id).where(Prisoner.slug.in_(slugs))).all())
    return [found[slug] for slug in slugs if slug in found]


def slugs_of_ids(ids: list[int]) -> list[str]:
    """The slugs of the records with these ids, in the same order."""
    found = dict(db.session.execute(select(Prisoner.id, Prisoner.slug).where(Prisoner.id.in_(ids))).all())
    return [found[prisoner_id] for prisoner_id in ids if prisoner_id in found]


def named_prisoner_choices() -> list[tuple[int, str]]:
    """(id, English name) of publicly named prisoners, for editors linking from other records."""
    prisoners = db.session.scalars(select(Prisoner).where(Prisoner.name_withheld.is_(False)))
    return sorted(((p.id, p.display_name("en")) for p in prisoners), key=lambda pair: pair[1].casefold())


class ReferenceClash(ValueError):
    """A place or article that clashes with another one."""


def save_place(place: Place, *, names: dict[str, str]) -> Place:
    """Rename a place in any of its languages; raises ReferenceClash if the English name is taken."""
    english = " ".join((names.get("en") or "").split())
    clash = db.session.scalar(select(Place).where(Place.name == english, Place.id != place.id))
    if clash is not None:
        raise ReferenceClash(_l("Another place already has this name."))
    place.set_translations("name", {**names, "en": english})
    db.session.flush()
    return place


def save_article(article: Article | None, *, code: str, titles: dict[str, str], **fields) -> Article:
    """Create or update an article's description; raises ReferenceClash if the number is described already."""
    code = code.strip()
    clash = db.session.scalar(select(Article).where(Article.code == code))
    if clash is not None and clash is not article:
        raise ReferenceClash(_l("This article is described already."))
    if article is None:
        article = Article()
        db.session.add(article)
    article.code = code
    article.set_translations("title", titles)
    for name, value in fields.items():
        setattr(article, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    return article


def all_places() -> list[Place]:
    """Every place, in the order of its English name."""
    return list(db.session.scalars(select(Place).order_by(Place.name)))


def all_articles() -> list[Article]:
    """Every described article, in number order."""
    return sorted(db.session.scalars(select(Article)), key=lambda article: _article_order(article.code))


def _article_order(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[^0-9]+", code) if part)
