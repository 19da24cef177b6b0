"""The scheduler builds the count figures once per change; web workers read them instead of building."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tracker.core.changes import data_generation
from tracker.counts import services
from tracker.counts.figures import CountFigures, compute_figures, display_today
from tracker.counts.jobs import precompute_figures
from tracker.counts.models import StoredFigures
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Region
from tracker.scheduler import job_specs, run_job

D = EventKind.DETENTION


def registry(make_prisoner) -> None:
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))], articles=["342"], region=Region.MINSK_CITY)
    make_prisoner("B", timeline=[(D, date(2020, 8, 9)), (EventKind.VERDICT, date(2021, 3, 1))], articles=["361"])
    make_prisoner("C", timeline=[(D, date(2020, 8, 10)), (EventKind.RELEASE, date(2022, 2, 2))])
    make_prisoner("D", timeline=[(D, date(2021, 5, 5)), (EventKind.DEATH_IN_CUSTODY, date(2023, 7, 7))])
    make_prisoner("E", timeline=[(D, date(2022, 6, 1))], name_withheld=True, articles=["130"])


@pytest.fixture(autouse=True)
def every_figure_shown(app):
    """These tests are about storing figures; a threshold of 1 adds the person not named to each of them."""
    app.config["DISCLOSURE_MIN_CELL"] = 1


def stored_rows(app) -> list[tuple[int, date]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(StoredFigures.generation, StoredFigures.day))]


def test_the_job_is_scheduled():
    assert "count-figures" in {spec.id for spec in job_specs()}


def test_stored_figures_read_back_exactly_as_computed(app, make_prisoner):
    registry(make_prisoner)
    with app.app_context():
        computed = compute_figures(date(2026, 5, 21))
        assert computed.current.held == 3 and computed.current.not_named == 1
        assert CountFigures.from_json(computed.to_json()) == computed


def test_workers_serve_the_stored_figures_without_building_them(
    app, client, make_prisoner, monkeypatch, computed_count
):
    registry(make_prisoner)
    assert run_job(app, precompute_figures) is True
    assert run_job(app, precompute_figures) is False  # nothing changed: nothing built again

    def no_build():
        raise AssertionError("a web worker built figures the scheduler had stored")

    monkeypatch.setattr(services, "load_facts", no_build)
    assert computed_count(client) == "3"
    history = client.get("/counts").get_data(as_text=True)
    assert "342" in history and "361" in history
    assert "130" not in history  # not named: the stored breakdown keeps them out of the articles too


def test_after_a_change_workers_build_fresh_figures_until_the_job_stores_them(
    app, client, make_prisoner, monkeypatch, computed_count, count_builds
):
    registry(make_prisoner)
    run_job(app, precompute_figures)
    builds = count_builds()
    make_prisoner("F", timeline=[(D, date(2024, 1, 1))])
    assert computed_count(client) == "4"  # the stored figures belong to older data and are not used
    assert len(builds) == 1
    assert run_job(app, precompute_figures) is True
    ((generation, _day),) = stored_rows(app)  # only the newest data's figures are kept
    with app.app_context():
        assert generation == data_generation()
        stored = CountFigures.from_json(services.stored_figures_payload(generation, display_today()))
    assert stored.current.held == 4


def test_the_job_counts_for_the_day_in_the_display_time_zone(app, make_prisoner):
    make_prisoner("A", timeline=[(D, date(2026, 5, 21))])
    # 22:30 UTC on 20 May is already 21 May in Minsk, the day the detention counts from.
    assert run_job(app, precompute_figures, datetime(2026, 5, 20, 22, 30, tzinfo=UTC)) is True
    ((generation, day),) = stored_rows(app)
    assert day == date(2026, 5, 21)
    with app.app_context():
        payload = services.stored_figures_payload(generation, day)
    assert CountFigures.from_json(payload).current.held == 1
