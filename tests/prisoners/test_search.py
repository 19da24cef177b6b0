"""Name search through the index, status filtering in SQL, and the list order, on both engines."""

import random
from datetime import date, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import event, select, text

from tests.conftest import start_instance, stop_instance
from tracker.extensions import db
from tracker.history.capture import INCLUDE_DELETED
from tracker.history.services import restore, soft_delete
from tracker.prisoners.models import EventKind, Prisoner, Region, Status
from tracker.prisoners.search import PrisonerSearch, query_words, search_prisoners
from tracker.prisoners.timeline import status_from_entries

TODAY = date(2026, 11, 25)
NAMES = [
    ("Вітольд Ашурок", "Vitold Ashurok"), ("Марыя Калеснікава", "Maryia Kalesnikava"),
    ("Алесь Бяляцкі", "Ales Bialiatski"), ("Ігар Лосік", ""), ("Мікалай Статкевіч", ""),
    ("Кацярына Андрэева", "Katsiaryna Andreyeva"), ("Павел Лосік", "Pavel Losik"), ("Ян Ашурак", ""),
]  # fmt: skip


def search(q="", **filters):
    """Every match of a search, as (English-first name, status), in list order."""
    page = search_prisoners(PrisonerSearch(q=q, **filters), today=TODAY, page=1, per_page=1000)
    return [prisoner.display_name("en") for prisoner, _status in page.items]


def plain_scan(q: str) -> set[str]:
    """What a LIKE over every row finds, without any index."""
    from tracker.prisoners.names import search_key

    words = search_key(q).split()
    return {
        prisoner.display_name("en")
        for prisoner in db.session.scalars(select(Prisoner).where(Prisoner.name_withheld.is_(False)))
        if all(word in prisoner.search_text for word in words)
    }


@pytest.fixture
def named(app, make_prisoner):
    for be, en in NAMES:
        make_prisoner(en, name_be=be, timeline=[(EventKind.DETENTION, date(2021, 1, 1))])
    return app


@pytest.mark.parametrize(
    "query",
    ["ashurak", "Ашурок", "losik", "ihar losik", "kalesn", "ales bialiatski", "a", "ik", "lo sik", "xyz", "ян"],
)
def test_indexed_search_finds_what_a_plain_scan_finds(named, query):
    with named.app_context():
        assert set(search(query)) == plain_scan(query)


def test_repeated_words_and_words_inside_others_are_searched_once(named):
    assert query_words("Losik los LOSIK ihar a") == ["lasik", "ihar"]
    assert query_words("") == query_words("!!") == []
    with named.app_context():
        assert search("los losik losik a") == search("losik") == sorted(plain_scan("losik"))


@pytest.mark.parametrize("query", ["ala losik", "losik ala", "ihar lo sik", "a losik", "los ik", "ala kal i"])
def test_a_search_finds_the_same_in_whatever_order_its_words_come(app, make_prisoner, query):
    # "ala" sits in many names, "losik" in few: which word a search reads first depends on that,
    # and on the engine; the result must not.
    for given in ["Ala", "Alaksandr", "Mikalai", "Natala", "Ihar", "Alaksei"]:
        for surname in ["Losik", "Kalesnikava", "Bialiatski", "Statkevich"]:
            make_prisoner(f"{given} {surname}")
    with app.app_context():
        words = query.split()
        assert search(query) == search(" ".join(reversed(words))) == sorted(plain_scan(query))
        assert search(query)  # every word above sits in some name


@pytest.mark.parametrize("query", ["a", "ala losik", "ihar a", "kal"])
def test_a_word_in_too_many_indexed_words_to_list_is_looked_up_in_sql(app, make_prisoner, monkeypatch, query):
    # A one-letter word in a large registry: with the limit at 1, any word in two indexed words
    # goes to the database as a LIKE instead of a list.
    monkeypatch.setattr("tracker.prisoners.search.MAX_LISTED_WORDS", 1)
    for given in ["Ala", "Alaksandr", "Ihar"]:
        for surname in ["Losik", "Kalesnikava", "Kalinouski"]:
            make_prisoner(f"{given} {surname}", region=Region.MINSK_CITY if given == "Ala" else Region.BREST)
    with app.app_context():
        assert search(query) == sorted(plain_scan(query))
        in_minsk = [name for name in search(query) if name.startswith("Ala ")]
        assert search(query, region=Region.MINSK_CITY) == in_minsk


def test_searches_of_one_shape_each_get_their_own_words_and_filters(named, make_prisoner):
    # The statement of a shape is built once and reused with other values.
    make_prisoner("Ales Losik", name_be="Алесь Лосік", region=Region.MINSK_CITY)
    with named.app_context():
        for query in ["losik", "ashurak", "kalesnikava", "losik", "zzz"]:
            assert search(query) == sorted(plain_scan(query)), query
        assert search("losik", region=Region.MINSK_CITY) == ["Ales Losik"]
        assert search("losik", region=Region.BREST) == []
        assert search("ashurak", region=Region.MINSK_CITY) == []


def test_another_workers_new_name_is_found_once_the_check_interval_has_passed(
    app, make_prisoner, cache_clock, other_worker
):
    make_prisoner("Ihar Losik")
    with app.app_context():
        assert search("losik") == ["Ihar Losik"]
        assert search("babaryka") == []
    with other_worker.app_context():
        db.session.add(Prisoner(name_en="Viktar Babaryka"))
        db.session.commit()
        db.engine.dispose()
    cache_clock[0] += 0.5
    with app.app_context():
        # Within the interval this worker's copy of the name words is not read again.
        assert search("babaryka") == []
    cache_clock[0] += 0.6
    with app.app_context():
        assert search("babaryka") == ["Viktar Babaryka"]


def test_search_index_follows_inserts_renames_and_deletes(app, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", name_be="Ігар Лосік")
    with app.app_context():
        assert search("losik") == ["Ihar Losik"]
        prisoner = db.session.get(Prisoner, prisoner_id)
        prisoner.name_en, prisoner.name_be = "Ihar Losik-Novik", "Ігар Лосік-Новік"
        db.session.commit()
        assert search("navik") == ["Ihar Losik-Novik"]
        db.session.execute(text("DELETE FROM prisoners WHERE id = :id"), {"id": prisoner_id})
        db.session.commit()
        assert search("losik") == []
        assert db.session.scalar(text("SELECT count(*) FROM prisoner_name_words")) == 0


def test_public_search_follows_withholding_soft_deletion_and_restoring(app, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", name_be="Ігар Лосік")
    make_prisoner("Pavel Losik")
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        prisoner.name_withheld = True
        db.session.commit()
        assert search("losik") == ["Pavel Losik"]
        assert search("losik", include_withheld=True) == ["Ihar Losik", "Pavel Losik"]
        prisoner.name_withheld = False
        soft_delete(prisoner, reason="duplicate", actor_id=None)
        db.session.commit()
        assert search("losik") == search("losik", include_withheld=True) == ["Pavel Losik"]
        restore(db.session.get(Prisoner, prisoner_id, execution_options=INCLUDE_DELETED))
        db.session.commit()
        assert search("losik") == ["Ihar Losik", "Pavel Losik"]


def test_a_public_search_for_a_not_named_records_name_asks_what_one_for_no_name_asks(app, make_prisoner):
    # What the database is asked (and so how long it takes) must not tell that the name exists.
    make_prisoner("Ihar Losik")
    make_prisoner("Viktar Babaryka", name_withheld=True)
    statements = []

    def record(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            search("losik")  # the name words are read once, before what is compared
            asked = {}
            for query in ["babaryka", "nosuchname", "ihar babaryka", "ihar nosuchname"]:
                statements.clear()
                assert search(query) == []
                asked[query] = list(statements)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        assert asked["babaryka"] == asked["nosuchname"]
        assert asked["ihar babaryka"] == asked["ihar nosuchname"]
        assert search("babaryka", include_withheld=True) == ["Viktar Babaryka"]


def test_name_search_with_other_filters_agrees_with_the_name_alone(named, make_prisoner):
    make_prisoner("Ales Losik", region=Region.MINSK_CITY, name_withheld=True)
    with named.app_context():
        by_name = {name for name in search("losik", include_withheld=True)}
        in_minsk = {name for name in search("", region=Region.MINSK_CITY, include_withheld=True)}
        assert search("losik", region=Region.MINSK_CITY, include_withheld=True) == ["Ales Losik"]
        assert set(search("losik", region=Region.MINSK_CITY, include_withheld=True)) == by_name & in_minsk
        assert search("losik", region=Region.MINSK_CITY) == []


def test_matches_come_in_list_order_with_their_count(app, make_prisoner):
    for en, be in [("zoe", ""), ("", "Ігар Лосік"), ("Ales", ""), ("ales", ""), ("Émile", ""), ("Łukasz", "")]:
        make_prisoner(en, name_be=be)
    with app.app_context():
        prisoners = sorted(
            db.session.scalars(select(Prisoner)),
            key=lambda prisoner: (prisoner.display_name("en").casefold(), prisoner.id),
        )
        for query in ["a", "l", "s", "ales", "e"]:
            expected = [
                prisoner.display_name("en")
                for prisoner in prisoners
                if prisoner.display_name("en") in plain_scan(query)
            ]
            assert search(query) == expected, query
            page = search_prisoners(PrisonerSearch(q=query), today=TODAY, page=2, per_page=1)
            assert page.total == len(expected)
            assert [prisoner.display_name("en") for prisoner, _status in page.items] == expected[1:2]
            past_the_end = search_prisoners(PrisonerSearch(q=query), today=TODAY, page=9, per_page=1)
            assert (past_the_end.items, past_the_end.total) == ([], len(expected))


def test_search_text_of_any_characters_is_indexed_by_words(app):
    # Written by hand, not through the models: the triggers must not choke on what JSON escapes.
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO prisoners (name_be, name_ru, name_be_latn, name_en, aliases, search_text, gender, region,"
                " sentence, postal_address, address_hidden, biography, name_withheld, is_sample,"
                " private_notes, created_at, updated_at, deleted_reason, sort_name) VALUES ('', '', '', 'Odd', '',"
                " :search_text, 'unknown', 'unknown', '', '', FALSE, '', FALSE, FALSE, '', '2026-01-01',"
                " '2026-01-01', '', 'odd')"
            ),
            {"search_text": 'odd "quoted\\ | back\\slash\ttab\nline | odd'},
        )
        db.session.commit()
        words = set(db.session.scalars(text("SELECT word FROM prisoner_name_words")))
        assert {"odd", '"quoted\\', "back\\slash\ttab\nline"} == words
        assert search("slash") == search("ted") == ["Odd"]


def test_list_is_in_order_of_the_casefolded_english_name_then_id(app, make_prisoner):
    for en, be in [("zoe", ""), ("", "Ігар Лосік"), ("Ales", ""), ("ales", ""), ("Émile", ""), ("Łukasz", "")]:
        make_prisoner(en, name_be=be)
    with app.app_context():
        names = search()
        prisoners = db.session.scalars(select(Prisoner)).all()
        expected = sorted(prisoners, key=lambda prisoner: (prisoner.display_name("en").casefold(), prisoner.id))
        assert names == [prisoner.display_name("en") for prisoner in expected]
        assert names[:2] == ["Ales", "ales"]


def test_only_the_page_shown_is_loaded(app, make_prisoner):
    for number in range(30):
        make_prisoner(f"Person {number:02}", timeline=[(EventKind.DETENTION, date(2021, 1, 1))])
    with app.app_context():
        page = search_prisoners(PrisonerSearch(q="person"), today=TODAY, page=2, per_page=25)
        assert (page.total, page.pages, len(page.items)) == (30, 2, 5)
        assert [prisoner.name_en for prisoner, _status in page.items][0] == "Person 25"
        loaded = [key for key in db.session.identity_map if key[0] is Prisoner]
        assert len(loaded) == 5


KINDS = list(EventKind)


def random_timelines(make_prisoner, seed: int, count: int) -> None:
    rng = random.Random(seed)
    for number in range(count):
        entries = []
        for _entry in range(rng.randint(0, 5)):
            # Dates around TODAY, with ties, so the filter must break them as the timeline does.
            on = TODAY + timedelta(days=rng.choice([-900, -400, -400, -30, 0, 0, 10]))
            entries.append((rng.choice(KINDS), on, rng.random() < 0.8))
        make_prisoner(f"Random {number}", timeline=entries)


@pytest.mark.parametrize("public", [True, False])
def test_status_filter_agrees_with_the_status_each_page_shows(app, make_prisoner, public):
    random_timelines(make_prisoner, seed=5, count=120)
    with app.app_context():
        prisoners = db.session.scalars(select(Prisoner)).all()
        for status in Status:
            expected = {
                prisoner.name_en
                for prisoner in prisoners
                if status_from_entries(prisoner.timeline, on=TODAY, public=public) == status
            }
            page = search_prisoners(
                PrisonerSearch(status=status, include_withheld=not public), today=TODAY, page=1, per_page=1000
            )
            assert {prisoner.name_en for prisoner, _status in page.items} == expected, status
            assert all(shown == status for _prisoner, shown in page.items)


def name_word_triggers() -> set[str]:
    """The triggers on prisoners that keep the name-word index, on either engine."""
    if db.engine.dialect.name == "sqlite":
        return set(db.session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return set(db.session.scalars(text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'prisoners'::regclass")))


def test_migrations_build_the_name_word_index_and_fill_it_for_existing_records(tmp_path, databases):
    app = start_instance(databases, tmp_path / "migrated", databases.empty_url(tmp_path, "migrated"), schema=False)
    with app.app_context():
        # The schema before the sort name, whose migration fills it in, and before the name-word index.
        upgrade(revision="30c8d0e3f175-1")
        for name_be, search_text, withheld in [
            ("Ігар Лосік", "ihar lasik", False),
            ("Ян Лосік", "ian lasik", True),
        ]:
            db.session.execute(
                text(
                    "INSERT INTO prisoners (name_be, name_ru, name_be_latn, name_en, aliases, search_text, gender,"
                    " region, sentence, detention_place, postal_address, address_hidden, biography, name_withheld,"
                    " is_sample, private_notes, created_at, updated_at, deleted_reason) VALUES (:name_be, '', '', '',"
                    " '', :search_text, 'male', 'unknown', '', '', '', FALSE, '', :withheld, FALSE, '', '2026-01-01',"
                    " '2026-01-01', '')"
                ),
                {"name_be": name_be, "search_text": search_text, "withheld": withheld},
            )
        db.session.commit()
        upgrade()
        sort_names = set(db.session.scalars(text("SELECT sort_name FROM prisoners")))
        assert sort_names == {"ігар лосік", "ян лосік"}
        assert name_word_triggers() >= (
            {"prisoner_name_words_insert", "prisoner_name_words_update", "prisoner_name_words_delete"}
            if db.engine.dialect.name == "sqlite"
            else {"prisoner_name_words_refresh"}
        )
        assert search("losik") == ["Ігар Лосік"]
        assert search("losik", include_withheld=True) == ["Ян Лосік", "Ігар Лосік"]  # я before і in code points
        db.session.add(Prisoner(name_en="Maryia Kalesnikava", name_be="Марыя Калеснікава"))
        db.session.commit()
        assert search("kalesnikava") == ["Maryia Kalesnikava"]
        db.session.rollback()  # PostgreSQL: the migration's DROP TRIGGER waits for this read's lock
        downgrade(revision="5d8e1f3a7c20-1")  # to before the name-word index, whatever came after
        assert not any(trigger.startswith("prisoner_name_words") for trigger in name_word_triggers())
        db.session.rollback()
        upgrade()
        assert search("kalesnikava") == ["Maryia Kalesnikava"]
    stop_instance(databases, app)
