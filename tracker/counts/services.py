"""Counts computed from the records: now, on any past date, and broken down."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import String, delete, select, type_coerce

from tracker.counts.models import CountSnapshot, Qualifier, StoredFigures
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Gender, Prisoner, PrisonerArticle, Region, Status, TimelineEntry
from tracker.prisoners.timeline import STATUS_CHANGING_KINDS, custody_periods_in_order, status_in_order


@dataclass(frozen=True)
class DayCount:
    """Held on a day, and how that day changed the count."""

    on: date
    held: int
    detained: int
    released: int
    died: int


@dataclass(frozen=True)
class CurrentCount:
    """The computed count now, and how many of it are not named.

    In public figures `not_named_fewer_than` is set when people not named are held but too few to
    add (tracker.counts.disclosure): they are then in neither `held` nor `not_named`.
    """

    held: int
    not_named: int
    as_of: date
    not_named_fewer_than: int | None = None


class TimelineChange(NamedTuple):
    """One published status change of a record."""

    occurred_on: date
    kind: EventKind


@dataclass
class Facts:
    """The few facts of one record that counts need, loaded as plain rows rather than ORM objects."""

    name_withheld: bool
    region: Region
    gender: Gender
    # The place's id as text ("" for none): breakdowns name it in the reader's language.
    detention_place: str
    # Published, status-changing entries only, in date order: what status_in_order walks.
    timeline: list[TimelineChange] = field(default_factory=list)
    article_codes: list[str] = field(default_factory=list)
    _status: tuple[date, Status] | None = field(default=None, init=False, repr=False)

    def status_on(self, day: date) -> Status:
        """The public status on `day`; remembered, as the count and the breakdowns both ask for it."""
        if self._status is None or self._status[0] != day:
            self._status = (day, status_in_order(self.timeline, on=day))
        return self._status[1]


def _raw(column):
    # Enum columns read as their stored strings; the loops below map them through a dict, which at
    # 100,000 records costs a fraction of the type's per-value conversion.
    return type_coerce(column, String)


def _prisoners_with_timelines() -> list[Facts]:
    """Every (not soft-deleted) record with its published status changes and article codes."""
    # Plain Core rows on the session's connection: the ORM's result machinery would double the time.
    # Core bypasses the session's soft-delete criteria, so the first query states it itself; the
    # others only fill in records it returned.
    connection = db.session.connection()
    regions = {region.value: region for region in Region}
    genders = {gender.value: gender for gender in Gender}
    kinds = {kind.value: kind for kind in EventKind}
    facts = {
        prisoner_id: Facts(bool(name_withheld), regions[region], genders[gender], str(place_id or ""))
        for prisoner_id, name_withheld, region, gender, place_id in connection.execute(
            select(
                Prisoner.id, Prisoner.name_withheld, _raw(Prisoner.region), _raw(Prisoner.gender),
                Prisoner.place_id,
            ).where(Prisoner.deleted_at.is_(None))
        ).all()
    }  # fmt: skip
    # Counts are public: only published entries, and only those that change a status, already in
    # the order status_in_order walks them.
    entries = (
        select(TimelineEntry.prisoner_id, TimelineEntry.occurred_on, _raw(TimelineEntry.kind))
        .where(TimelineEntry.published.is_(True), TimelineEntry.kind.in_(STATUS_CHANGING_KINDS))
        .order_by(TimelineEntry.prisoner_id, TimelineEntry.occurred_on, TimelineEntry.id)
    )
    for prisoner_id, occurred_on, kind in connection.execute(entries).all():
        if (record := facts.get(prisoner_id)) is not None:
            record.timeline.append(TimelineChange(occurred_on, kinds[kind]))
    for prisoner_id, code in connection.execute(
        select(PrisonerArticle.prisoner_id, PrisonerArticle.code).order_by(PrisonerArticle.code)
    ).all():
        if (record := facts.get(prisoner_id)) is not None:
            record.article_codes.append(code)
    return list(facts.values())


def load_facts() -> list[Facts]:
    """The facts every count needs, loaded once so several figures can share them."""
    return _prisoners_with_timelines()


def current_count(today: date, facts: list[Facts] | None = None) -> CurrentCount:
    """How many are held on `today`, from published timeline entries."""
    facts = _prisoners_with_timelines() if facts is None else facts
    held = [p for p in facts if p.status_on(today).in_custody]
    return CurrentCount(held=len(held), not_named=sum(p.name_withheld for p in held), as_of=today)


def count_series(today: date, since: date | None = None, facts: list[Facts] | None = None) -> list[DayCount]:
    """Day-by-day count from the first detention (or `since`) up to `today`."""
    facts = _prisoners_with_timelines() if facts is None else facts
    detained: Counter[date] = Counter()
    released: Counter[date] = Counter()
    died: Counter[date] = Counter()
    for prisoner in facts:
        for period in custody_periods_in_order(prisoner.timeline):
            detained[period.start] += 1
            if period.end is not None:
                (died if period.ended_by == EventKind.DEATH_IN_CUSTODY else released)[period.end] += 1
    if not detained:
        return []
    first = min(detained)
    start = max(first, since) if since else first
    held = 0
    series = []
    day = first
    while day <= today:
        held += detained[day] - released[day] - died[day]
        if day >= start:
            series.append(DayCount(day, held, detained[day], released[day], died[day]))
        day += timedelta(days=1)
    return series


def changes_only(series: list[DayCount]) -> list[DayCount]:
    """The days on which the count changed, newest first."""
    return [day for day in reversed(series) if day.detained or day.released or day.died]


def breakdowns(today: date, facts: list[Facts] | None = None) -> dict[str, list[tuple[str, int]]]:
    """Counts of those held on `today` by status, region, gender, article and place."""
    facts = _prisoners_with_timelines() if facts is None else facts
    counters: dict[str, Counter[str]] = {
        key: Counter() for key in ("status", "region", "gender", "article", "detention_place")
    }
    for prisoner in facts:
        status = prisoner.status_on(today)
        if not status.in_custody:
            continue
        counters["status"][status.value] += 1
        counters["region"][prisoner.region.value] += 1
        counters["gender"][prisoner.gender.value] += 1
        if prisoner.name_withheld:
            # A free-text place or a rare article with a count of one would point at the person:
            # people not named count under "not recorded" in these two breakdowns.
            counters["detention_place"][""] += 1
            counters["article"][""] += 1
            continue
        counters["detention_place"][prisoner.detention_place or ""] += 1
        for code in prisoner.article_codes or [""]:
            counters["article"][code] += 1
    return {key: counter.most_common() for key, counter in counters.items()}


def stored_figures_payload(generation: int, day: date) -> str | None:
    """The figures stored for this data generation and day, as stored, or None."""
    return db.session.scalar(
        select(StoredFigures.payload).where(StoredFigures.generation == generation, StoredFigures.day == day)
    )


def store_figures(generation: int, day: date, payload: str, *, now: datetime) -> None:
    """Keep the figures for this generation and day, and drop every other day's and generation's."""
    db.session.execute(
        delete(StoredFigures).where((StoredFigures.generation != generation) | (StoredFigures.day != day))
    )
    stored = db.session.get(StoredFigures, (generation, day))
    if stored is None:
        db.session.add(StoredFigures(generation=generation, day=day, payload=payload, built_at=now))
    else:
        stored.payload, stored.built_at = payload, now
    db.session.flush()


def latest_snapshot() -> CountSnapshot | None:
    """The most recently dated reported figure."""
    return db.session.scalar(
        select(CountSnapshot).order_by(CountSnapshot.reported_on.desc(), CountSnapshot.id.desc()).limit(1)
    )


def list_snapshots() -> list[CountSnapshot]:
    """All reported figures, newest first."""
    return list(
        db.session.scalars(select(CountSnapshot).order_by(CountSnapshot.reported_on.desc(), CountSnapshot.id.desc()))
    )


def save_snapshot(
    snapshot: CountSnapshot | None,
    *,
    count: int,
    qualifier: Qualifier,
    reported_on: date,
    source_name: str,
    source_url: str,
    note: str,
    translations: dict[str, dict[str, str]] | None = None,
) -> CountSnapshot:
    """Create or update a reported figure."""
    if snapshot is None:
        snapshot = CountSnapshot()
        db.session.add(snapshot)
    snapshot.count = count
    snapshot.qualifier = qualifier
    snapshot.reported_on = reported_on
    snapshot.source_name = source_name
    snapshot.source_url = source_url
    snapshot.note = note
    for text_field, by_language in (translations or {}).items():
        snapshot.set_translations(text_field, by_language)
    db.session.flush()
    return snapshot


class SnapshotAge(NamedTuple):
    """How long ago a reported figure was published, in whole years or, under a year, whole months."""

    years: int
    months: int


def snapshot_age(snapshot: CountSnapshot | None, today: date, stale_days: int) -> SnapshotAge | None:
    """The age of a reported figure older than `stale_days`, to say beside it; None while it is recent."""
    if snapshot is None or (today - snapshot.reported_on).days <= stale_days:
        return None
    months = (today.year - snapshot.reported_on.year) * 12 + today.month - snapshot.reported_on.month
    months -= today.day < snapshot.reported_on.day
    return SnapshotAge(years=months // 12, months=months)
