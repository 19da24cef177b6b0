"""Demo data: the facts of the seed news item plus clearly marked sample records."""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tracker.counts.models import CountSnapshot, Qualifier
from tracker.dates.models import CommemorativeDate, Recurrence
from tracker.demo import texts
from tracker.demo.texts import SEED_COUNT, SEED_DATES
from tracker.events.models import Event, EventStatus, EventTag
from tracker.extensions import db
from tracker.guidance.models import GuidanceNote, GuidanceTopic
from tracker.prisoners.models import (
    Article,
    EventKind,
    Gender,
    Place,
    Prisoner,
    PrisonerArticle,
    Region,
    Source,
    TimelineEntry,
)

SAMPLE_NOTE = texts.SAMPLE_NOTE["en"]

# (be, ru, be_latn, en, gender) — common Belarusian given names and surnames, combined at random.
GIVEN = [
    ("Алесь", "Алесь", "Aleś", "Ales", Gender.MALE),
    ("Ігар", "Игорь", "Ihar", "Ihar", Gender.MALE),
    ("Мікола", "Николай", "Mikola", "Mikalai", Gender.MALE),
    ("Павел", "Павел", "Paviel", "Pavel", Gender.MALE),
    ("Сяргей", "Сергей", "Siarhiej", "Siarhei", Gender.MALE),
    ("Дзмітрый", "Дмитрий", "Dzmitryj", "Dzmitry", Gender.MALE),
    ("Марыя", "Мария", "Maryja", "Maryia", Gender.FEMALE),
    ("Вольга", "Ольга", "Voĺha", "Volha", Gender.FEMALE),
    ("Ганна", "Анна", "Hanna", "Hanna", Gender.FEMALE),
    ("Наталля", "Наталья", "Natallia", "Natallia", Gender.FEMALE),
    ("Кацярына", "Екатерина", "Kaciaryna", "Katsiaryna", Gender.FEMALE),
    ("Андрэй", "Андрей", "Andrej", "Andrei", Gender.MALE),
]
SURNAMES = [
    ("Ковалёў", "Ковалёв", "Kavaloŭ", "Kavalou", "Кавалёва", "Ковалёва", "Kavaliova", "Kavaliova"),
    ("Шаўчук", "Шевчук", "Šaŭčuk", "Shauchuk", "Шаўчук", "Шевчук", "Šaŭčuk", "Shauchuk"),
    ("Новік", "Новик", "Novik", "Novik", "Новік", "Новик", "Novik", "Novik"),
    ("Макарэвіч", "Макаревич", "Makarevič", "Makarevich", "Макарэвіч", "Макаревич", "Makarevič", "Makarevich"),
    ("Лапіцкі", "Лапицкий", "Lapicki", "Lapitski", "Лапіцкая", "Лапицкая", "Lapickaja", "Lapitskaya"),
    ("Жук", "Жук", "Žuk", "Zhuk", "Жук", "Жук", "Žuk", "Zhuk"),
    ("Бондар", "Бондарь", "Bondar", "Bondar", "Бондар", "Бондарь", "Bondar", "Bondar"),
    ("Кузьміч", "Кузьмич", "Kuźmič", "Kuzmich", "Кузьміч", "Кузьмич", "Kuźmič", "Kuzmich"),
    ("Сакалоў", "Соколов", "Sakaloŭ", "Sakalou", "Сакалова", "Соколова", "Sakalova", "Sakalova"),
    ("Зайцаў", "Зайцев", "Zajcaŭ", "Zaitsau", "Зайцава", "Зайцева", "Zajcava", "Zaitsava"),
]
PLACES = [
    ("Penal colony No. 17, Shklov", "ИК-17, ул. Советская, 85\n213004, г. Шклов, Могилёвская обл.", Region.MOGILEV),
    ("Penal colony No. 3, Vitebsk", "ИК-3, пос. Витьба\n211300, Витебский р-н, Витебская обл.", Region.VITEBSK),
    ("Pre-trial prison No. 1, Minsk", "СИЗО-1, ул. Володарского, 2\n220030, г. Минск", Region.MINSK_CITY),
    ("Penal colony No. 4, Gomel", "ИК-4, ул. Антошкина, 3\n246035, г. Гомель", Region.GOMEL),
    (
        "Penal colony No. 22, Ivatsevichy",
        "ИК-22, пос. Доманово\n225295, Ивацевичский р-н, Брестская обл.",
        Region.BREST,
    ),
    ("Prison No. 8, Zhodzina", "СИЗО-8, ул. Советская, 22а\n222160, г. Жодино, Минская обл.", Region.MINSK),
]
ARTICLES = ["342", "361-1", "130", "368", "369", "364", "293", "361-4"]


def database_is_empty() -> bool:
    """Whether no prisoner records exist yet."""
    statement = select(func.count(Prisoner.id)).execution_options(include_deleted=True)
    return (db.session.scalar(statement) or 0) == 0


def load_demo_data(today: date, *, samples: int = 60, seed: int = 21) -> None:
    """Load the seed facts and `samples` invented records; flushes, the caller commits."""
    places = _places()
    db.session.add_all(places.values())
    db.session.add_all(_articles(today))
    ashurok = _seed_prisoner(places)
    db.session.add(ashurok)
    db.session.add_all(_seed_dates(ashurok))
    db.session.add(_seed_count())
    db.session.add(_lone_woman_awaiting_trial(today, places))
    db.session.add_all(_sample_guidance(today))
    rng = random.Random(seed)
    for number in range(samples):
        db.session.add(_sample_prisoner(rng, number, today, places))
    db.session.flush()
    _sample_events(today)


def _places() -> dict[str, Place]:
    """The places the records point at, named in every language."""
    places = {}
    for name, translations in texts.PLACES.items():
        places[name] = Place(name=name)
        places[name].set_translations("name", translations)
    return places


def _articles(today: date) -> list[Article]:
    """The articles the records cite: number and a short description, sourced and marked as samples."""
    source_title, source_url = texts.ARTICLE_SOURCE
    articles = []
    for code, titles in texts.ARTICLES.items():
        article = Article(
            code=code, source_title=source_title, source_url=source_url, reviewed_on=today, is_sample=True
        )
        article.set_translations("title", titles)
        articles.append(article)
    return articles


def _translated(record, **fields):
    """`record` with each field set in every language; returns the record."""
    for name, by_language in fields.items():
        record.set_translations(name, by_language)
    return record


def _seed_prisoner(places: dict[str, Place]) -> Prisoner:
    """Vitold Ashurok, whose death in custody the Day of Solidarity marks."""
    ashurok = Prisoner(
        name_be="Вітольд Ашурок",
        name_ru="Витольд Ашурок",
        name_be_latn="Vitold Ašurak",
        name_en="Vitold Ashurok",
        aliases="Vitold Ashurak\nВитольд Ашурак",
        gender=Gender.MALE,
        region=Region.BREST,
        place=places["Penal colony No. 17, Shklov"],
        articles=[PrisonerArticle(code="342")],
        sources=[Source(url="https://www.ukrinform.ua/", title="Ukrinform, 20 May 2023 (seed news item)")],
        last_verified_on=date(2023, 5, 20),
        private_notes="Demo data: the detention date is approximate; verify before relying on it.",
    )
    ashurok.set_translations("biography", texts.ASHUROK["biography"])
    ashurok.timeline = [
        _translated(
            TimelineEntry(kind=EventKind.DETENTION, occurred_on=date(2020, 9, 18)), note=texts.ASHUROK["detained_note"]
        ),
        _translated(
            TimelineEntry(kind=EventKind.DEATH_IN_CUSTODY, occurred_on=date(2021, 5, 21)),
            note=texts.ASHUROK["died_note"],
        ),
    ]
    return ashurok


def _seed_dates(ashurok: Prisoner) -> list[CommemorativeDate]:
    """The commemorative days the tracker was made for, in every language."""
    dates = []
    for slug, ((month, day), date_texts) in SEED_DATES.items():
        commemorative_date = CommemorativeDate(
            slug=slug,
            recurrence=Recurrence.ANNUAL,
            month=month,
            day=day,
            prisoner=ashurok if slug == "day-of-solidarity" else None,
        )
        dates.append(_translated(commemorative_date, **date_texts))
    return dates


def _seed_count() -> CountSnapshot:
    """The published count the demo home page starts from."""
    snapshot = CountSnapshot(
        count=1500,
        qualifier=Qualifier.OVER,
        reported_on=date(2023, 5, 20),
        source_url="https://www.state.gov/",
    )
    for field, by_language in SEED_COUNT.items():
        snapshot.set_translations(field, by_language)
    return snapshot


# Short, sourced and marked as samples: editors replace them with notes they have checked.
SAMPLE_GUIDANCE = {
    "en": "Prisons see the sender's name and return address on every letter. If you live in Belarus or have "
    "family there, think about what your name on an envelope could mean for you and for them.",
    "be": "Турма бачыць імя і зваротны адрас адпраўніка на кожным лісце. Калі вы жывяце ў Беларусі ці маеце "
    "там сваякоў, падумайце, што ваша імя на канверце можа азначаць для вас і для іх.",
    "ru": "Тюрьма видит имя и обратный адрес отправителя на каждом письме. Если вы живёте в Беларуси или у вас "
    "там родные, подумайте, что ваше имя на конверте может значить для вас и для них.",
}


SAMPLE_LETTER_RULES = {
    "en": "Write in Russian or Belarusian. Keep to everyday life: no politics, nothing about the case or the "
    "trial. Enclose nothing but a postcard or a photo of nature; no stamps, money or cuttings.",
    "be": "Пішыце па-беларуску ці па-руску. Пра штодзённае жыццё: без палітыкі, нічога пра справу і суд. "
    "Укладвайце толькі паштоўку ці фота прыроды; без марак, грошай і выразак.",
    "ru": "Пишите по-русски или по-белорусски. О повседневной жизни: без политики, ничего о деле и суде. "
    "Вкладывайте только открытку или фото природы; без марок, денег и вырезок.",
}
SAMPLE_LETTERS = {
    (GuidanceTopic.LETTER_SAMPLE_FIRST, "be"): "Добры дзень! Мы не знаёмыя, але я пра вас памятаю. У нас ужо "
    "выпаў першы снег, і я шмат гуляю з сабакам. Што вы любіце чытаць? Напішыце, калі будзе магчымасць.",
    (GuidanceTopic.LETTER_SAMPLE_FIRST, "ru"): "Здравствуйте! Мы не знакомы, но я о вас помню. У нас уже "
    "выпал первый снег, и я много гуляю с собакой. Что вы любите читать? Напишите, если будет возможность.",
    (GuidanceTopic.LETTER_SAMPLE_BIRTHDAY, "be"): "З днём нараджэння! Жадаю здароўя, сіл і цёплых лістоў. "
    "Няхай хутчэй надыдзе дзень, калі вы адзначыце яго дома.",
    (GuidanceTopic.LETTER_SAMPLE_BIRTHDAY, "ru"): "С днём рождения! Желаю здоровья, сил и тёплых писем. "
    "Пусть скорее наступит день, когда вы отметите его дома.",
}


def _sample_guidance(today: date) -> list[GuidanceNote]:
    """The letter writer's own risk, the letter rules and sample letters, each marked as a sample."""
    texts = [
        *((GuidanceTopic.LETTER_WRITER_RISK, language, body) for language, body in SAMPLE_GUIDANCE.items()),
        *((GuidanceTopic.LETTER_RULES, language, body) for language, body in SAMPLE_LETTER_RULES.items()),
        *((topic, language, body) for (topic, language), body in SAMPLE_LETTERS.items()),
    ]
    return [
        GuidanceNote(
            topic=topic,
            language=language,
            body=body,
            source_title="Viasna Human Rights Centre (sample: check the wording against its letter-writing guide)",
            source_url="https://spring96.org/",
            reviewed_on=today,
            is_sample=True,
        )
        for topic, language, body in texts
    ]


def _lone_woman_awaiting_trial(today: date, places: dict[str, Place]) -> Prisoner:
    """A not-named sample record that is the only woman awaiting trial in Grodno region.

    No other sample lives in Grodno region, so any public figure that counted her by region,
    gender or status would point at her: the disclosure rules must keep her out of all of them.
    """
    detained_on = today - timedelta(days=45)
    woman = Prisoner(
        name_be="Ганна Схаваная",
        name_ru="Анна Скрытая",
        name_be_latn="Hanna Schavanaja",
        name_en="Hanna Skhavanaya",
        gender=Gender.FEMALE,
        region=Region.GRODNO,
        place=places["Pre-trial prison No. 1, Grodno"],
        postal_address="СИЗО-1, ул. Кирова, 1\n230023, г. Гродно",
        articles=[PrisonerArticle(code="130")],
        is_sample=True,
        private_notes=SAMPLE_NOTE,
        last_verified_on=today,
        name_withheld=True,
        timeline=[
            TimelineEntry(kind=EventKind.DETENTION, occurred_on=detained_on),
            TimelineEntry(kind=EventKind.CHARGE, occurred_on=detained_on + timedelta(days=3)),
        ],
    )
    return _translated(woman, biography=texts.SAMPLE_NOTE)


def _sample_prisoner(rng: random.Random, number: int, today: date, places: dict[str, Place]) -> Prisoner:
    given = rng.choice(GIVEN)
    surname = rng.choice(SURNAMES)
    offset = 0 if given[4] == Gender.MALE else 4
    place, address, region = rng.choice(PLACES)
    detained_on = date(2020, 8, 9) + timedelta(days=rng.randrange(0, (today - date(2020, 8, 9)).days - 30))
    prisoner = Prisoner(
        name_be=f"{given[0]} {surname[0 + offset]}",
        name_ru=f"{given[1]} {surname[1 + offset]}",
        name_be_latn=f"{given[2]} {surname[2 + offset]}",
        name_en=f"{given[3]} {surname[3 + offset]}",
        gender=given[4],
        region=region,
        birth_date=date(rng.randrange(1960, 2003), rng.randrange(1, 13), rng.randrange(1, 29)),
        place=places[place],
        postal_address=address,
        articles=[PrisonerArticle(code=code) for code in sorted(set(rng.sample(ARTICLES, rng.randrange(1, 3))))],
        is_sample=True,
        private_notes=SAMPLE_NOTE,
        last_verified_on=today - timedelta(days=rng.randrange(0, 400)),
        # A few records show the consent flags at work.
        name_withheld=number % 15 == 7,
        address_hidden=number % 10 == 3,
    )
    timeline = [TimelineEntry(kind=EventKind.DETENTION, occurred_on=detained_on)]
    charged_on = detained_on + timedelta(days=rng.randrange(2, 20))
    if charged_on < today:
        timeline.append(TimelineEntry(kind=EventKind.CHARGE, occurred_on=charged_on))
    verdict_on = charged_on + timedelta(days=rng.randrange(60, 240))
    if verdict_on < today and rng.random() < 0.85:
        years = rng.randrange(1, 9)
        prisoner.set_translations("sentence", texts.sentence(years))
        prisoner.term_months = years * 12
        prisoner.expected_release_on = detained_on + timedelta(days=365 * years)
        timeline.append(TimelineEntry(kind=EventKind.VERDICT, occurred_on=verdict_on))
        ended_on = verdict_on + timedelta(days=rng.randrange(90, 1200))
        if ended_on < today and rng.random() < 0.4:
            kind = rng.choice([EventKind.RELEASE, EventKind.PARDON, EventKind.RELEASE])
            # One release is held back from public pages, as editors do on request.
            timeline.append(TimelineEntry(kind=kind, occurred_on=ended_on, published=number % 20 != 11))
    prisoner.timeline = timeline
    return _translated(prisoner, biography=texts.SAMPLE_NOTE)


# (city, country, zone, title, cancelled, city only, online link)
SAMPLE_EVENTS = [
    ("Warsaw", "PL", "Europe/Warsaw", "Solidarity picket at the Palace of Culture", False, False, ""),
    ("Vilnius", "LT", "Europe/Vilnius", "Letters to political prisoners", False, True, ""),
    ("Berlin", "DE", "Europe/Berlin", "Vigil with candles", True, False, ""),
    ("London", "GB", "Europe/London", "Reading of prisoners' letters", False, False, ""),
    ("", "", "Europe/Minsk", "Online evening: voices from the colonies", False, False, "https://example.org/stream"),
]


def _sample_events(today: date) -> None:
    """Approved, clearly marked sample events for 21 May next year in several countries."""
    solidarity = db.session.scalar(select(CommemorativeDate).where(CommemorativeDate.slug == "day-of-solidarity"))
    day = date(today.year + 1, 5, 21)
    for city, country, zone, title, cancelled, city_only, online_url in SAMPLE_EVENTS:
        start = datetime(day.year, day.month, day.day, 18, 0, tzinfo=ZoneInfo(zone)).astimezone(UTC)
        db.session.add(
            Event(
                status=EventStatus.APPROVED,
                title=f"SAMPLE EVENT — {title}",
                description="Invented demo data, not a real event.",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                timezone=zone,
                venue="Sample venue" if city else "",
                address="Sample street 1" if city else "",
                city=city,
                country=country,
                online_url=online_url,
                city_only=city_only,
                organizer_name="Sample organizers",
                private_contact="sample-organizer@example.org",
                commemorative_date=solidarity,
                occurrence_on=day,
                language="be",
                cancelled=cancelled,
                sequence=1 if cancelled else 0,
                confirmed_at=start,
                approved_at=start,
                tags=[EventTag(name="sample")],
            )
        )
    db.session.flush()
