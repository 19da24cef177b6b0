"""The benchmark dataset: a registry, events and subscribers at the issue's scale, on either engine.

Rows go in with bulk Core inserts, a chunk of prisoners at a time, after the real migrations have
built the schema. Derived columns are filled by the app's own function (derived_name_columns), as
its listener would; SQLite's search table fills itself through the migration's triggers.

Everything is drawn from one seeded random generator and dated relative to fixed moments, so
a dataset is the same whenever it is built, and the built database is cached: a SQLite file
under bench/.cache, a PostgreSQL database named after the same key (generator version, migration
head, sizes, seed). Changing the generator means raising GENERATOR_VERSION.
"""

import fcntl
import hashlib
import logging
import os
import random
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, create_engine, insert, text
from sqlalchemy.engine import make_url

from bench import names
from config import Config
from tracker import create_app
from tracker.counts.models import CountSnapshot, Qualifier
from tracker.dates.models import CommemorativeDate, Recurrence
from tracker.events.models import Event, EventStatus, EventTag, OccurrenceListing, event_prisoners
from tracker.extensions import db
from tracker.prisoners.models import (
    EventKind,
    Gender,
    Place,
    Prisoner,
    PrisonerArticle,
    Region,
    Source,
    TimelineEntry,
    derived_name_columns,
)
from tracker.reminders.models import Subscription, SubscriptionStatus, subscription_dates

logger = logging.getLogger(__name__)

GENERATOR_VERSION = 2
ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "bench" / ".cache"
MIGRATIONS = ROOT / "tracker" / "migrations"
PG_PREFIX = "tracker_bench_"

# The day the registry is "as of": timelines end here (a few hearings are announced after it).
REFERENCE_DAY = date(2026, 11, 25)
# The next 21 May gets its own share of the events on top of its random one, so that one day page
# and its organiser kit carry over 2,000 approved events (issue 18's figures; issue 21's spike).
SPIKE_DAY_SHARE = 0.12
REFERENCE_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
# The fan-out moment: 09:00 in Minsk, seven days before 21 May 2026. Every confirmed subscription
# asks for a reminder seven days ahead of the Day of Solidarity, and no other date is due then.
FANOUT_AT = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)
FANOUT_SLUG = "day-of-solidarity"
CHUNK = 2_000


@dataclass(frozen=True)
class Sizes:
    """How many of each the dataset holds."""

    prisoners: int = 100_000
    events: int = 20_000
    subscriptions: int = 100_000

    @property
    def label(self) -> str:
        """A short name for file and database names."""
        return f"p{self.prisoners}-e{self.events}-s{self.subscriptions}"


FULL = Sizes()
QUICK = Sizes(prisoners=10_000, events=4_000, subscriptions=5_000)

REGIONS = [
    (Region.MINSK_CITY, 30), (Region.MINSK, 12), (Region.GOMEL, 11), (Region.BREST, 11),
    (Region.VITEBSK, 10), (Region.GRODNO, 10), (Region.MOGILEV, 10), (Region.UNKNOWN, 6),
]  # fmt: skip
PLACES = [
    ("Penal colony No. 17, Shklov", "ИК-17, ул. Советская, 85\n213004, г. Шклов, Могилёвская обл."),
    ("Penal colony No. 3, Vitebsk", "ИК-3, пос. Витьба\n211300, Витебский р-н, Витебская обл."),
    ("Pre-trial prison No. 1, Minsk", "СИЗО-1, ул. Володарского, 2\n220030, г. Минск"),
    ("Penal colony No. 4, Gomel", "ИК-4, ул. Антошкина, 3\n246035, г. Гомель"),
    ("Penal colony No. 22, Ivatsevichy", "ИК-22, пос. Доманово\n225295, Ивацевичский р-н, Брестская обл."),
    ("Prison No. 8, Zhodzina", "СИЗО-8, ул. Советская, 22а\n222160, г. Жодино, Минская обл."),
    ("Penal colony No. 2, Babruysk", "ИК-2, ул. Сикорского, 1\n213800, г. Бобруйск, Могилёвская обл."),
    ("Penal colony No. 9, Horki", "ИК-9, ул. Якубовского, 1\n213410, г. Горки, Могилёвская обл."),
    ("Penal colony No. 15, Mogilev", "ИК-15, Славгородское шоссе, 183\n212013, г. Могилёв"),
    ("Penal colony No. 1, Navapolatsk", "ИК-1, ул. Техническая, 8\n211440, г. Новополоцк"),
    ("Penal colony No. 24, Zarechcha", "ИК-24, пос. Заречье\n247424, Речицкий р-н, Гомельская обл."),
    ("Women's penal colony No. 4, Gomel", "ИК-4, ул. Антошкина, 3\n246035, г. Гомель"),
    ("Prison No. 4, Mogilev", "Тюрьма № 4, ул. Крупской, 99а\n212011, г. Могилёв"),
    ("Prison No. 1, Grodno", "Тюрьма № 1, ул. Кирова, 1\n230023, г. Гродно"),
    ("Pre-trial prison No. 7, Brest", "СИЗО-7, ул. Ленина, 3\n224030, г. Брест"),
    ("Penal colony No. 13, Hlybokaye", "ИК-13, ул. Ленина, 1\n211800, г. Глубокое"),
    ("Penal colony No. 20, Mazyr", "ИК-20, ул. Пролетарская, 1\n247760, г. Мозырь"),
    ("Open-type correctional facility No. 2, Minsk", "ИУОТ-2, ул. Уборевича, 1\n220000, г. Минск"),
]
ARTICLES = [
    ("342", 30), ("361-1", 8), ("130", 10), ("369", 9), ("368", 7), ("364", 5), ("293", 6),
    ("361-4", 3), ("356", 2), ("361-3", 2), ("342.2", 2), ("423", 2), ("357", 1), ("291", 1),
]  # fmt: skip
TERMS = [6, 12, 18, 24, 30, 36, 48, 60, 72, 84, 96, 120, 132, 144, 180, 240]
CITIES = [
    ("Warsaw", "PL", "Europe/Warsaw", "pl"), ("Vilnius", "LT", "Europe/Vilnius", "lt"),
    ("Białystok", "PL", "Europe/Warsaw", "pl"), ("Berlin", "DE", "Europe/Berlin", "de"),
    ("Prague", "CZ", "Europe/Prague", "cs"), ("Riga", "LV", "Europe/Riga", "lv"),
    ("Tallinn", "EE", "Europe/Tallinn", "et"), ("Kyiv", "UA", "Europe/Kyiv", "uk"),
    ("London", "GB", "Europe/London", "en"), ("Dublin", "IE", "Europe/Dublin", "en"),
    ("Paris", "FR", "Europe/Paris", "fr"), ("Amsterdam", "NL", "Europe/Amsterdam", "nl"),
    ("Brussels", "BE", "Europe/Brussels", "fr"), ("Vienna", "AT", "Europe/Vienna", "de"),
    ("Zürich", "CH", "Europe/Zurich", "de"), ("Stockholm", "SE", "Europe/Stockholm", "sv"),
    ("Oslo", "NO", "Europe/Oslo", "no"), ("Helsinki", "FI", "Europe/Helsinki", "fi"),
    ("Tbilisi", "GE", "Asia/Tbilisi", "ka"), ("Batumi", "GE", "Asia/Tbilisi", "ka"),
    ("Lisbon", "PT", "Europe/Lisbon", "pt"), ("Madrid", "ES", "Europe/Madrid", "es"),
    ("Rome", "IT", "Europe/Rome", "it"), ("New York", "US", "America/New_York", "en"),
    ("Chicago", "US", "America/Chicago", "en"), ("Los Angeles", "US", "America/Los_Angeles", "en"),
    ("Toronto", "CA", "America/Toronto", "en"), ("Sydney", "AU", "Australia/Sydney", "en"),
    ("Tokyo", "JP", "Asia/Tokyo", "ja"), ("Gdańsk", "PL", "Europe/Warsaw", "pl"),
    ("Kraków", "PL", "Europe/Warsaw", "pl"), ("Wrocław", "PL", "Europe/Warsaw", "pl"),
    ("Munich", "DE", "Europe/Berlin", "de"), ("Kaunas", "LT", "Europe/Vilnius", "lt"),
]  # fmt: skip
ONLINE_ZONES = ["Europe/Minsk", "Europe/Warsaw", "Europe/Vilnius", "Europe/Berlin"]
TITLES = {
    "en": ["Letter-writing evening for political prisoners", "Solidarity vigil", "Postcard marathon",
           "Concert in support of Belarusian political prisoners", "Picket for {name}",
           "Reading of prisoners' letters"],
    "be": ["Вечар лістоў палітвязням", "Акцыя салідарнасці", "Марафон паштовак", "Пікет за {name}"],
    "ru": ["Вечер писем политзаключённым", "Акция солидарности", "Пикет в поддержку {name}"],
    "pl": ["Wieczór pisania listów do więźniów politycznych", "Pikieta solidarności z {name}"],
    "de": ["Briefabend für politische Gefangene", "Mahnwache für {name}"],
    "lt": ["Laiškų vakaras politiniams kaliniams", "Solidarumo akcija"],
}  # fmt: skip
TAGS = ["letters", "vigil", "concert", "picket", "exhibition", "fundraiser", "lecture", "postcards", "film", "march"]
VENUES = ["Community centre", "Café Razam", "Public library", "Town square", "Cultural house", "Church hall"]
STREETS = ["Main Street", "Freedom Square", "Station Road", "Old Town Square", "Park Avenue", "Market Street"]
LEADS = [("7,1", 40), ("7", 20), ("14,7,1", 15), ("30,7", 10), ("7,3,1", 10), ("30,14,7,3,1", 5)]
LANGUAGES = [("be", 30), ("ru", 30), ("en", 25), ("uk", 15)]
# Annual dates (slug, name, month, day, zone); none but the Day of Solidarity is due at FANOUT_AT.
ANNUAL_DATES = [
    (FANOUT_SLUG, "Day of Solidarity with Belarusian political prisoners", 5, 21, "Europe/Minsk"),
    ("remembrance-of-victims-of-repression", "Day of Remembrance of the Victims of Political Repression", 10, 30,
     "Europe/Minsk"),
    ("human-rights-day", "Human Rights Day", 12, 10, "Europe/Minsk"),
    ("freedom-day", "Freedom Day", 3, 25, "Europe/Minsk"),
    ("election-anniversary", "Anniversary of the 2020 presidential election", 8, 9, "Europe/Minsk"),
    ("night-of-executed-poets", "Night of the Executed Poets", 10, 29, "Europe/Minsk"),
    ("chernobyl-way", "Chernobyl Way", 4, 26, "Europe/Minsk"),
    ("kalinouski-day", "Kastuś Kalinoŭski Day", 1, 22, "Europe/Vilnius"),
    ("day-of-belarusian-diaspora", "Day of the Belarusian diaspora", 9, 8, "Europe/Warsaw"),
    ("letters-day", "International day of letters to political prisoners", 11, 14, "Europe/Minsk"),
]  # fmt: skip
# Other dates stay clear of every lead time's window around FANOUT_AT.
FANOUT_CLEAR = (date(2026, 5, 8), date(2026, 6, 18))
BIRTHDAY_DATES = 24


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _uid(rng: random.Random) -> str:
    return f"{uuid.UUID(int=rng.getrandbits(128), version=4)}@events.tracker"


class Generator:
    """Draws every row from one seeded generator; ids are assigned here, so child rows need no lookups."""

    def __init__(self, sizes: Sizes, seed: int = 21):
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.surname_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(names.SURNAMES))]
        self.timeline_id = self.article_id = self.source_id = 0
        self.named_ids: list[int] = []

    # ---- prisoners ------------------------------------------------------------------------------------------

    def prisoner_chunks(self) -> Iterator[dict[str, list[dict]]]:
        """Prisoners with their timelines, articles and sources, CHUNK prisoners at a time."""
        for start in range(1, self.sizes.prisoners + 1, CHUNK):
            rows = {"prisoners": [], "timeline": [], "articles": [], "sources": []}
            for prisoner_id in range(start, min(start + CHUNK, self.sizes.prisoners + 1)):
                self._prisoner(prisoner_id, rows)
            yield rows

    def _names(self, gender: Gender) -> dict[str, str]:
        rng = self.rng
        given = rng.choice(names.FEMALE_GIVEN if gender == Gender.FEMALE else names.MALE_GIVEN)
        surname = rng.choices(names.SURNAMES, self.surname_weights)[0]
        be, ru = names.full_name(gender, given, surname)
        scripts = rng.random()
        if scripts < 0.45:  # the full set, as human-rights groups publish it
            return {
                "name_be": be,
                "name_ru": ru,
                "name_be_latn": names.be_lacinka(be),
                "name_en": names.be_passport(be),
            }
        if scripts < 0.75:  # Cyrillic only: found by Latin queries through transliteration alone
            return {"name_be": be, "name_ru": ru, "name_be_latn": "", "name_en": ""}
        if scripts < 0.87:
            return {"name_be": "", "name_ru": ru, "name_be_latn": "", "name_en": ""}
        if scripts < 0.95:
            return {"name_be": be, "name_ru": "", "name_be_latn": "", "name_en": ""}
        return {"name_be": be, "name_ru": ru, "name_be_latn": "", "name_en": names.ru_icao(ru)}

    def _prisoner(self, prisoner_id: int, rows: dict[str, list[dict]]) -> None:
        rng = self.rng
        gender = _weighted(rng, [(Gender.MALE, 72), (Gender.FEMALE, 27), (Gender.UNKNOWN, 1)])
        person = self._names(gender)
        aliases = ""
        if rng.random() < 0.06 and person["name_ru"]:
            aliases = names.ru_icao(person["name_ru"])
        withheld = rng.random() < 0.06
        if not withheld:
            self.named_ids.append(prisoner_id)
        place_id, (_name, address) = rng.choice(list(enumerate(PLACES, 1))) if rng.random() < 0.9 else (None, ("", ""))
        timeline, verdict_term = self._timeline(prisoner_id)
        detained_on = timeline[0]["occurred_on"]
        term, verdict_on = verdict_term
        created = datetime.combine(detained_on, clock(12), UTC) + timedelta(days=rng.randint(1, 60))
        created = min(created, REFERENCE_NOW)
        row = {
            "id": prisoner_id,
            **person,
            "aliases": aliases,
            **derived_name_columns(person, aliases),
            "birth_date": REFERENCE_DAY - timedelta(days=rng.randint(18 * 365, 75 * 365))
            if rng.random() < 0.9 else None,
            "gender": gender,
            "region": _weighted(rng, REGIONS),
            "sentence": f"{term // 12} years {term % 12} months" if term else "",
            "term_months": term,
            "expected_release_on": verdict_on + timedelta(days=term * 30) if term else None,
            "place_id": place_id,
            "postal_address": address,
            "address_hidden": rng.random() < 0.08,
            "biography": (
                f"Detained on {detained_on.isoformat()} after taking part in peaceful protests." if rng.random() < 0.3
                else ""
            ),
            "photo_filename": None,
            "last_verified_on": REFERENCE_DAY - timedelta(days=rng.randint(0, 400)) if rng.random() < 0.7 else None,
            "name_withheld": withheld,
            "is_sample": False,
            "private_notes": "Family in contact via the support group." if rng.random() < 0.05 else "",
            "created_at": created,
            "updated_at": created,
            "deleted_at": None,
            "deleted_reason": "",
            "deleted_by_id": None,
        }  # fmt: skip
        rows["prisoners"].append(row)
        rows["timeline"].extend(timeline)
        codes = set()
        for _article in range(_weighted(self.rng, [(1, 60), (2, 30), (3, 10)])):
            codes.add(_weighted(self.rng, ARTICLES))
        for code in sorted(codes):
            self.article_id += 1
            rows["articles"].append({"id": self.article_id, "prisoner_id": prisoner_id, "code": code})
        for number in range(rng.choice([1, 1, 1, 2])):
            self.source_id += 1
            rows["sources"].append(
                {
                    "id": self.source_id,
                    "prisoner_id": prisoner_id,
                    "url": f"https://prisoners.example.org/{prisoner_id}/{number}",
                    "title": "Human-rights centre record" if number == 0 else "News report",
                }
            )

    def _entry(self, prisoner_id: int, kind: EventKind, on: date, *, published: bool = True, note: str = "") -> dict:
        self.timeline_id += 1
        return {
            "id": self.timeline_id,
            "prisoner_id": prisoner_id,
            "kind": kind,
            "occurred_on": on,
            "note": note,
            "published": published,
            "created_at": REFERENCE_NOW,
        }

    def _timeline(self, prisoner_id: int) -> tuple[list[dict], tuple[int | None, date | None]]:
        """A plausible case: detention, charge, hearings, verdict, and for some an end of custody."""
        rng = self.rng
        today = REFERENCE_DAY
        # Most detentions date from 2020–2022; a steady trickle since.
        days_ago = int(rng.triangular(20, 6 * 365, 5 * 365))
        detained = today - timedelta(days=days_ago)
        entries = [self._entry(prisoner_id, EventKind.DETENTION, detained)]
        term = verdict_on = None
        if rng.random() < 0.9:
            entries.append(self._entry(prisoner_id, EventKind.CHARGE, detained + timedelta(days=rng.randint(1, 10))))
        hearing = detained + timedelta(days=rng.randint(40, 220))
        if hearing > today + timedelta(days=90):
            return entries, (term, verdict_on)
        entries.append(self._entry(prisoner_id, EventKind.TRIAL_HEARING, hearing))
        verdict = hearing + timedelta(days=rng.randint(0, 30))
        if verdict > today or rng.random() < 0.05:
            return entries, (term, verdict_on)
        term, verdict_on = rng.choice(TERMS), verdict
        entries.append(self._entry(prisoner_id, EventKind.VERDICT, verdict, note=f"{term} months"))
        if rng.random() < 0.4 and (appeal := verdict + timedelta(days=rng.randint(20, 60))) <= today:
            entries.append(self._entry(prisoner_id, EventKind.APPEAL, appeal, note="Appeal rejected"))
        if rng.random() < 0.4 and (transfer := verdict + timedelta(days=rng.randint(30, 120))) <= today:
            entries.append(self._entry(prisoner_id, EventKind.TRANSFER, transfer))
        served = verdict + timedelta(days=term * 30)
        end = None
        if served <= today:
            end = (EventKind.RELEASE, served)
        elif rng.random() < 0.12:
            end = (EventKind.PARDON, verdict + timedelta(days=rng.randint(30, max(31, (today - verdict).days))))
        elif rng.random() < 0.02:
            end = (EventKind.EXILE, verdict + timedelta(days=rng.randint(30, max(31, (today - verdict).days))))
        elif rng.random() < 0.003:
            end = (
                EventKind.DEATH_IN_CUSTODY,
                verdict + timedelta(days=rng.randint(30, max(31, (today - verdict).days))),
            )
        if end and end[1] <= today:
            kind, on = end
            # Editors hold some releases back until the family agrees to publication.
            published = kind == EventKind.DEATH_IN_CUSTODY or rng.random() > 0.05
            entries.append(self._entry(prisoner_id, kind, on, published=published))
            rearrest = on + timedelta(days=rng.randint(30, 400))
            if kind != EventKind.DEATH_IN_CUSTODY and rng.random() < 0.05 and rearrest <= today:
                entries.append(self._entry(prisoner_id, EventKind.DETENTION, rearrest, note="Detained again"))
        return entries, (term, verdict_on)

    # ---- dates, snapshots ----------------------------------------------------------------------------------

    def commemorative_dates(self) -> list[dict]:
        """Annual days, named prisoners' birthdays and a few one-off dates, clear of the fan-out window."""
        rows = []
        for slug, name, month, day, zone in ANNUAL_DATES:
            rows.append(self._date(len(rows) + 1, slug, name, Recurrence.ANNUAL, zone, month=month, day=day))
        for number in range(BIRTHDAY_DATES):
            on = self._clear_day(2026)
            prisoner_id = self.rng.choice(self.named_ids)
            rows.append(
                self._date(
                    len(rows) + 1, f"birthday-{number}", f"Birthday of prisoner #{prisoner_id}", Recurrence.ANNUAL,
                    "Europe/Minsk", month=on.month, day=on.day, prisoner_id=prisoner_id,
                )
            )  # fmt: skip
        for number in range(3):
            on = self._clear_day(2027)
            rows.append(
                self._date(len(rows) + 1, f"trial-{number}", f"Trial of the {number + 1}st group", Recurrence.ONE_OFF,
                           "Europe/Minsk", on_date=on)
            )  # fmt: skip
        return rows

    def _clear_day(self, year: int) -> date:
        while True:
            on = date(year, 1, 1) + timedelta(days=self.rng.randint(0, 364))
            if not FANOUT_CLEAR[0] <= on.replace(year=2026) <= FANOUT_CLEAR[1]:
                return on

    def _date(self, date_id, slug, name, recurrence, zone, *, month=None, day=None, on_date=None, prisoner_id=None):
        return {
            "id": date_id, "slug": slug, "name": name, "description": f"{name}: actions and letters.",
            "recurrence": recurrence, "month": month, "day": day, "on_date": on_date, "timezone": zone,
            "prisoner_id": prisoner_id, "revision": 0, "created_at": REFERENCE_NOW - timedelta(days=700),
            "updated_at": REFERENCE_NOW - timedelta(days=700), "deleted_at": None, "deleted_reason": "",
            "deleted_by_id": None,
        }  # fmt: skip

    def snapshots(self) -> list[dict]:
        """Monthly reported figures from a human-rights centre."""
        rows = []
        for month in range(24):
            on = date(2024 + (month + 11) // 12, (month + 11) % 12 + 1, 1)
            rows.append(
                {
                    "id": month + 1, "count": 1100 + month * 7 - (month % 5) * 11, "qualifier": Qualifier.EXACT,
                    "reported_on": on, "source_name": "Human-rights centre", "source_url": "https://example.org/count",
                    "note": "", "created_at": REFERENCE_NOW, "deleted_at": None, "deleted_reason": "",
                    "deleted_by_id": None,
                }
            )  # fmt: skip
        return rows

    # ---- events -------------------------------------------------------------------------------------------

    def events(self, dates: list[dict]) -> dict[str, list[dict]]:
        """Events in many time zones, half of them on an occurrence of a commemorative date."""
        rng = self.rng
        rows = {"events": [], "tags": [], "prisoners": [], "listings": []}
        annual = [row for row in dates if row["recurrence"] == Recurrence.ANNUAL][: len(ANNUAL_DATES)]
        solidarity = next(row for row in annual if row["slug"] == FANOUT_SLUG)
        occurrences = {}
        tag_id = 0
        for event_id in range(1, self.sizes.events + 1):
            city, country, zone, language = rng.choice(CITIES)
            mode = rng.random()
            if mode < 0.2:  # online only
                city, country, zone = "", "", rng.choice(ONLINE_ZONES)
            spike = rng.random() < SPIKE_DAY_SHARE
            if spike or rng.random() < 0.5:
                chosen = solidarity if spike else rng.choice(annual)
                year = 2027 if spike else rng.choice([2025, 2026, 2026, 2027])
                day = date(year, chosen["month"], chosen["day"])
                date_id, occurrence_on = chosen["id"], day
                occurrences.setdefault((date_id, day), 0)
                occurrences[(date_id, day)] += 1
            else:
                # About 40% of the rest upcoming: from thirteen months back to ten months ahead.
                day = REFERENCE_DAY + timedelta(days=rng.randint(-400, 300))
                date_id = occurrence_on = None
            local = datetime.combine(day, clock(rng.choice([11, 12, 15, 17, 18, 19]), rng.choice([0, 30])))
            starts = local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
            ends = starts + timedelta(hours=rng.choice([1, 2, 2, 3]) + (24 if rng.random() < 0.05 else 0))
            status = _weighted(
                rng, [(EventStatus.APPROVED, 85), (EventStatus.PENDING, 7), (EventStatus.REJECTED, 4),
                      (EventStatus.UNCONFIRMED, 4)]
            )  # fmt: skip
            language = language if rng.random() < 0.6 else rng.choice(["en", "be", "ru"])
            dedicated = rng.sample(self.named_ids, rng.randint(1, 3)) if rng.random() < 0.3 else []
            title = rng.choice(TITLES.get(language, TITLES["en"]))
            title = title.format(name=f"prisoner #{dedicated[0]}" if dedicated else "political prisoners")
            created = starts - timedelta(days=rng.randint(3, 60))
            approved = status == EventStatus.APPROVED
            online = f"https://meet.example.org/{rng.getrandbits(32):08x}" if mode < 0.3 else ""
            rows["events"].append(
                {
                    "id": event_id, "uid": _uid(rng), "manage_key": f"{rng.getrandbits(128):032x}", "status": status,
                    "title": title,
                    "description": (
                        f"Join us to write letters and postcards to political prisoners.\n\n"
                        f"- bring **pens** and envelopes\n- we provide addresses\n\n"
                        f"More at [our page](https://example.org/events/{event_id})."
                    ),
                    "starts_at": starts, "ends_at": ends, "timezone": zone,
                    "venue": rng.choice(VENUES) if city else "",
                    "address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}" if city else "",
                    "city": city, "country": country, "online_url": online, "city_only": rng.random() < 0.12,
                    "organizer_name": f"Belarusians of {city}" if city else "Razam online",
                    "public_contact": f"https://t.me/razam{event_id % 300}" if rng.random() < 0.5 else "",
                    "private_contact": f"organizer{event_id % 2000}@example.org",
                    "commemorative_date_id": date_id, "occurrence_on": occurrence_on, "language": language,
                    "submitter_locale": rng.choice(["en", "be", "ru", "uk"]), "submitter_id": None,
                    "image_filename": None, "cancelled": rng.random() < 0.03, "rescheduled": rng.random() < 0.02,
                    "sequence": rng.choice([0, 0, 0, 1, 1, 2, 3]), "pending_changes": None,
                    "rejection_reason": "Not about political prisoners." if status == EventStatus.REJECTED else "",
                    "confirmed_at": created + timedelta(hours=1) if status != EventStatus.UNCONFIRMED else None,
                    "approved_at": created + timedelta(days=1) if approved else None,
                    "archived_at": ends + timedelta(days=1) if approved and ends < REFERENCE_NOW - timedelta(days=1)
                    else None,
                    "created_at": created, "updated_at": created + timedelta(days=1), "deleted_at": None,
                    "deleted_reason": "", "deleted_by_id": None,
                }
            )  # fmt: skip
            for name in rng.sample(TAGS, rng.choice([0, 1, 1, 2, 3])):
                tag_id += 1
                rows["tags"].append({"id": tag_id, "event_id": event_id, "name": name})
            rows["prisoners"].extend({"event_id": event_id, "prisoner_id": prisoner_id} for prisoner_id in dedicated)
        for number, ((date_id, day), count) in enumerate(sorted(occurrences.items()), start=1):
            past = day < REFERENCE_DAY
            rows["listings"].append(
                {
                    "id": number, "commemorative_date_id": date_id, "occurrence_on": day,
                    "opened_at": datetime.combine(day - timedelta(days=60), clock(0), UTC),
                    "archived_at": datetime.combine(day + timedelta(days=1), clock(0), UTC) if past else None,
                    "final_event_count": count if past else None, "final_country_count": 20 if past else None,
                }
            )  # fmt: skip
        return rows

    # ---- subscriptions -------------------------------------------------------------------------------------

    def subscriptions(self, dates: list[dict]) -> dict[str, list[dict]]:
        """Confirmed subscribers in four languages (plus a few pending and unsubscribed ones)."""
        rng = self.rng
        fanout_id = next(row["id"] for row in dates if row["slug"] == FANOUT_SLUG)
        others = [row["id"] for row in dates if row["id"] != fanout_id]
        rows = {"subscriptions": [], "dates": []}
        extra = max(1, self.sizes.subscriptions // 20)
        for subscription_id in range(1, self.sizes.subscriptions + extra + 1):
            confirmed = subscription_id <= self.sizes.subscriptions
            status = SubscriptionStatus.CONFIRMED
            if not confirmed:
                status = rng.choice([SubscriptionStatus.PENDING, SubscriptionStatus.UNSUBSCRIBED])
            all_dates = rng.random() < 0.7
            created = FANOUT_AT - timedelta(days=rng.randint(2, 400), minutes=rng.randint(0, 1440))
            rows["subscriptions"].append(
                {
                    "id": subscription_id,
                    "email": f"reader{subscription_id}@{rng.choice(['example.org', 'example.net', 'example.com'])}",
                    "language": _weighted(rng, LANGUAGES),
                    "all_dates": all_dates,
                    "lead_days_text": _weighted(rng, LEADS),
                    "status": status,
                    "generation": 1 if status != SubscriptionStatus.PENDING else 0,
                    "created_at": created,
                    "confirmed_at": created + timedelta(minutes=30) if status != SubscriptionStatus.PENDING else None,
                    "unsubscribed_at": created + timedelta(days=1)
                    if status == SubscriptionStatus.UNSUBSCRIBED
                    else None,
                }
            )
            if not all_dates:
                chosen = {fanout_id, *rng.sample(others, rng.randint(0, 2))}
                rows["dates"].extend({"subscription_id": subscription_id, "date_id": date_id} for date_id in chosen)
        return rows


def _insert(connection: Connection, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), 10_000):
        connection.execute(insert(table), rows[start : start + 10_000])


def generate(connection: Connection, sizes: Sizes, seed: int = 21) -> dict[str, int]:
    """Fill an empty, migrated database; returns how many rows each table got."""
    generator = Generator(sizes, seed)
    counts = {"prisoners": 0, "timeline_entries": 0, "prisoner_articles": 0, "sources": 0}
    places = [{"id": number, "name": name, "created_at": REFERENCE_NOW} for number, (name, _) in enumerate(PLACES, 1)]
    _insert(connection, Place.__table__, places)
    for chunk in generator.prisoner_chunks():
        _insert(connection, Prisoner.__table__, chunk["prisoners"])
        _insert(connection, TimelineEntry.__table__, chunk["timeline"])
        _insert(connection, PrisonerArticle.__table__, chunk["articles"])
        _insert(connection, Source.__table__, chunk["sources"])
        counts["prisoners"] += len(chunk["prisoners"])
        counts["timeline_entries"] += len(chunk["timeline"])
        counts["prisoner_articles"] += len(chunk["articles"])
        counts["sources"] += len(chunk["sources"])
    dates = generator.commemorative_dates()
    _insert(connection, CommemorativeDate.__table__, dates)
    snapshots = generator.snapshots()
    _insert(connection, CountSnapshot.__table__, snapshots)
    events = generator.events(dates)
    _insert(connection, Event.__table__, events["events"])
    _insert(connection, EventTag.__table__, events["tags"])
    _insert(connection, event_prisoners, events["prisoners"])
    _insert(connection, OccurrenceListing.__table__, events["listings"])
    subscriptions = generator.subscriptions(dates)
    _insert(connection, Subscription.__table__, subscriptions["subscriptions"])
    _insert(connection, subscription_dates, subscriptions["dates"])
    connection.execute(text("DELETE FROM data_changes"))
    connection.execute(text("INSERT INTO data_changes (id, changed_at) VALUES (1, :now)"), {"now": REFERENCE_NOW})
    counts.update(
        commemorative_dates=len(dates), count_snapshots=len(snapshots), events=len(events["events"]),
        event_tags=len(events["tags"]), event_prisoners=len(events["prisoners"]),
        event_occurrence_listings=len(events["listings"]), subscriptions=len(subscriptions["subscriptions"]),
        confirmed_subscriptions=sizes.subscriptions, subscription_dates=len(subscriptions["dates"]),
    )  # fmt: skip
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection)
    return counts


SEQUENCED_TABLES = (
    "places", "prisoners", "timeline_entries", "prisoner_articles", "sources", "commemorative_dates", "count_snapshots",
    "events", "event_tags", "event_occurrence_listings", "subscriptions", "data_changes",
)  # fmt: skip


def _reset_sequences(connection: Connection) -> None:
    # Rows came with their ids: move each sequence past them before anything inserts without one.
    for table in SEQUENCED_TABLES:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  fixed table names
                f"COALESCE((SELECT MAX(id) FROM {table}), 1), (SELECT MAX(id) FROM {table}) IS NOT NULL)"
            )
        )


# ---- building and caching ---------------------------------------------------------------------------------


def bench_config(database_url: str, instance_dir: Path) -> type[Config]:
    """Development settings on a given database, with mail going nowhere unless a benchmark says so."""

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = database_url
        INSTANCE_DIR = instance_dir
        UPLOAD_DIR = instance_dir / "uploads"
        MAIL_FILE_DIR = instance_dir / "mail"
        SECRET_KEY = "bench-" + "x" * 40  # noqa: S105  a throwaway database
        RATELIMIT_ENABLED = False

    return BenchConfig


def bench_app(database_url: str):
    """The app on a benchmark database, in this process."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    return create_app(bench_config(database_url, CACHE_DIR))


def schema_fingerprint() -> str:
    """A digest of every migration: a cached database is rebuilt when any of them changes."""
    digest = hashlib.sha1()  # noqa: S324  a fingerprint, not security
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def cache_generation() -> str:
    """Generator version and schema: caches of another generation are stale and get deleted."""
    return f"g{GENERATOR_VERSION}-{schema_fingerprint()}"


def cache_key(sizes: Sizes, seed: int) -> str:
    """Generation, sizes and seed: a cached database is reused only when all match."""
    return f"{cache_generation()}-{sizes.label}-s{seed}"


def build(database_url: str, sizes: Sizes, seed: int) -> dict[str, int]:
    """Migrate an empty database to head and fill it."""
    app = create_app(bench_config(database_url, CACHE_DIR))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        with db.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA synchronous = OFF")
            counts = generate(connection, sizes, seed)
        db.engine.dispose()
    return counts


@dataclass
class Dataset:
    """A built database and what it holds."""

    engine: str
    url: str
    counts: dict[str, int]
    cached: bool
    seconds: float


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    tables = ["prisoners", "timeline_entries", "prisoner_articles", "events", "subscriptions"]
    with engine.connect() as connection:
        counts = {table: connection.scalar(text(f"SELECT count(*) FROM {table}")) for table in tables}  # noqa: S608
        counts["confirmed_subscriptions"] = connection.scalar(
            text("SELECT count(*) FROM subscriptions WHERE status = 'confirmed'")
        )
    engine.dispose()
    return counts


@contextmanager
def _one_builder() -> Iterator[None]:
    """Hold the machine's dataset lock: a second benchmark waits rather than build over the first."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(CACHE_DIR / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def sqlite_dataset(sizes: Sizes, seed: int = 21, *, rebuild: bool = False) -> Dataset:
    """The SQLite file for these sizes, built once and cached under bench/.cache."""
    with _one_builder():
        return _sqlite_dataset(sizes, seed, rebuild=rebuild)


def _sqlite_dataset(sizes: Sizes, seed: int, *, rebuild: bool) -> Dataset:
    path = CACHE_DIR / f"tracker-{cache_key(sizes, seed)}.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists() and not rebuild:
        return Dataset("sqlite", url, _counts(url), cached=True, seconds=0.0)
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    started = time.perf_counter()
    counts = build(f"sqlite:///{building}", sizes, seed)
    os.replace(building, path)
    for stale in CACHE_DIR.glob("tracker-*.sqlite3"):
        if not stale.name.startswith(f"tracker-{cache_generation()}-"):
            stale.unlink()
    return Dataset("sqlite", url, counts, cached=False, seconds=time.perf_counter() - started)


def postgres_dataset(server_url: str, sizes: Sizes, seed: int = 21, *, rebuild: bool = False) -> Dataset:
    """A PostgreSQL database for these sizes, built once and kept, named after the cache key."""
    with _one_builder():
        return _postgres_dataset(server_url, sizes, seed, rebuild=rebuild)


def _postgres_dataset(server_url: str, sizes: Sizes, seed: int, *, rebuild: bool) -> Dataset:
    name = PG_PREFIX + hashlib.sha1(cache_key(sizes, seed).encode()).hexdigest()[:12]  # noqa: S324  a name
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    building = name + "_building"
    with admin.connect() as connection:
        # Each database carries its cache key as a comment; one without is an interrupted build.
        existing = dict(
            connection.execute(
                text(
                    "SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database"
                    " WHERE starts_with(datname, :prefix)"
                ),
                {"prefix": PG_PREFIX},
            ).all()
        )
        if name in existing and not rebuild:
            admin.dispose()
            return Dataset("postgresql", url, _counts(url), cached=True, seconds=0.0)
        # Other sizes of this generation stay; older generations and interrupted builds go.
        for stale, key in sorted(existing.items()):
            if stale in (name, building) or not key.startswith(cache_generation() + "-"):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{building}"'))
    started = time.perf_counter()
    building_url = make_url(server_url).set(database=building).render_as_string(hide_password=False)
    counts = build(building_url, sizes, seed)
    vacuum = create_engine(building_url, isolation_level="AUTOCOMMIT")
    with vacuum.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    vacuum.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{building}" RENAME TO "{name}"'))
        connection.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{cache_key(sizes, seed)}'"))
    admin.dispose()
    return Dataset("postgresql", url, counts, cached=False, seconds=time.perf_counter() - started)
