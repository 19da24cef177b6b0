"""Name search through the index, status filtering in SQL, and the list order, on both engines."""

import random
from datetime import date, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, select, text

from config import TestConfig
from tracker import create_app
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner, Status, TimelineEntry
from tracker.prisoners.services import PrisonerSearch, search_prisoners
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
        if db.engine.dialect.name == "sqlite":
            assert db.session.scalar(text("SELECT count(*) FROM prisoner_search")) == 0


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


@pytest.mark.sqlite(reason="the FTS5 search table is SQLite's")
def test_migrations_build_the_sqlite_search_table_and_fill_it_for_existing_records(tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        INSTANCE_DIR = tmp_path

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="30c8d0e3f175-1")  # the schema just before the search index
        db.session.execute(
            text(
                "INSERT INTO prisoners (name_be, name_ru, name_be_latn, name_en, aliases, search_text, gender, region,"
                " sentence, detention_place, postal_address, address_hidden, biography, name_withheld, is_sample,"
                " private_notes, created_at, updated_at, deleted_reason) VALUES ('Ігар Лосік', '', '', '', '',"
                " 'ihar lasik', 'male', 'unknown', '', '', '', 0, '', 0, 0, '', '2026-01-01', '2026-01-01', '')"
            )
        )
        db.session.commit()
        upgrade()
        triggers = set(db.session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        assert {"prisoner_search_insert", "prisoner_search_update", "prisoner_search_delete"} <= triggers
        assert db.session.scalar(text("SELECT sort_name FROM prisoners")) == "ігар лосік"
        assert search("losik") == ["Ігар Лосік"]
        db.session.add(Prisoner(name_en="Maryia Kalesnikava", name_be="Марыя Калеснікава"))
        db.session.commit()
        assert search("kalesnikava") == ["Maryia Kalesnikava"]
        db.engine.dispose()


@pytest.mark.postgres(reason="the trigram index is PostgreSQL's")
def test_search_and_status_filter_on_postgresql_use_the_trigram_index(app):
    with app.app_context():
        for be, en in NAMES:
            prisoner = Prisoner(name_en=en, name_be=be)
            prisoner.timeline = [TimelineEntry(kind=EventKind.DETENTION, occurred_on=date(2021, 1, 1))]
            db.session.add(prisoner)
        db.session.commit()
        for query in ["ashurak", "losik", "ales bialiatski", "ik", "kalesn"]:
            assert set(search(query)) == plain_scan(query), query
        assert len(search(status=Status.DETAINED)) == len(NAMES)
        assert search(status=Status.RELEASED) == []
        indexes = {index["name"] for index in inspect(db.engine).get_indexes("prisoners")}
        assert {"ix_prisoners_search_text_trgm", "ix_prisoners_sort_name"} <= indexes
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            db.session.scalars(text("EXPLAIN SELECT id FROM prisoners WHERE search_text LIKE '%ashurak%'"))
        )
        assert "ix_prisoners_search_text_trgm" in plan
        db.session.rollback()
