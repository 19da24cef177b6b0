"""Counts computed from the records: now, on any past date, and broken down."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from tracker.counts.models import CountSnapshot, Qualifier
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Gender, Prisoner, PrisonerArticle, Region, Status, TimelineEntry
from tracker.prisoners.timeline import custody_periods, status_from_entries


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
    """The computed count now, and how many of it are not named."""

    held: int
    not_named: int
    as_of: date


@dataclass
class _Facts:
    """The few facts of one record that counts need: loaded as plain rows, since building full
    ORM objects for every record on every page view costs far more than the counting itself."""

    name_withheld: bool
    region: Region
    gender: Gender
    detention_place: str
    timeline: list = field(default_factory=list)
    article_codes: list[str] = field(default_factory=list)
    _status: tuple[date, Status] | None = field(default=None, init=False, repr=False)

    def status_on(self, day: date) -> Status:
        """The public status on `day`; remembered, as the count and the breakdowns both ask for it."""
        if self._status is None or self._status[0] != day:
            self._status = (day, status_from_entries(self.timeline, on=day))
        return self._status[1]


def _prisoners_with_timelines() -> list[_Facts]:
    """Every (not soft-deleted) record with its timeline rows and article codes."""
    facts = {
        row.id: _Facts(row.name_withheld, row.region, row.gender, row.detention_place)
        for row in db.session.execute(
            select(Prisoner.id, Prisoner.name_withheld, Prisoner.region, Prisoner.gender, Prisoner.detention_place)
        )
    }
    # Counts are public: only published entries, already in the order the status walk sorts them
    # into, which makes that sort (once per record per figure) a single pass.
    entries = (
        select(
            TimelineEntry.id, TimelineEntry.prisoner_id, TimelineEntry.kind, TimelineEntry.occurred_on,
            TimelineEntry.published,
        )
        .where(TimelineEntry.published.is_(True))
        .order_by(TimelineEntry.prisoner_id, TimelineEntry.occurred_on, TimelineEntry.id)
    )  # fmt: skip
    for entry in db.session.execute(entries):
        if entry.prisoner_id in facts:
            facts[entry.prisoner_id].timeline.append(entry)
    for article in db.session.execute(select(PrisonerArticle.prisoner_id, PrisonerArticle.code)):
        if article.prisoner_id in facts:
            facts[article.prisoner_id].article_codes.append(article.code)
    for record in facts.values():
        record.article_codes.sort()
    return list(facts.values())


def load_facts() -> list[_Facts]:
    """The facts every count needs, loaded once so several figures can share them."""
    return _prisoners_with_timelines()


def current_count(today: date, facts: list[_Facts] | None = None) -> CurrentCount:
    """How many are held on `today`, from published timeline entries."""
    facts = _prisoners_with_timelines() if facts is None else facts
    held = [p for p in facts if p.status_on(today).in_custody]
    return CurrentCount(held=len(held), not_named=sum(p.name_withheld for p in held), as_of=today)


def count_series(today: date, since: date | None = None, facts: list[_Facts] | None = None) -> list[DayCount]:
    """Day-by-day count from the first detention (or `since`) up to `today`."""
    facts = _prisoners_with_timelines() if facts is None else facts
    detained: Counter[date] = Counter()
    released: Counter[date] = Counter()
    died: Counter[date] = Counter()
    for prisoner in facts:
        for period in custody_periods(prisoner.timeline):
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


def breakdowns(today: date, facts: list[_Facts] | None = None) -> dict[str, list[tuple[str, int]]]:
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
    db.session.flush()
    return snapshot
