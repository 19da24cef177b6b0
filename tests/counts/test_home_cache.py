"""The home page's figures are built once per change of the data, day and language."""

from datetime import date, timedelta

import time_machine

from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner, TimelineEntry

D = EventKind.DETENTION


def test_repeat_views_reuse_the_figures(client, make_prisoner, monkeypatch, computed_count, count_builds):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    builds = count_builds()
    assert [computed_count(client) for _ in range(3)] == ["1", "1", "1"]
    assert len(builds) == 1


def test_a_write_shows_on_the_next_view(app, client, make_prisoner, monkeypatch, computed_count, count_builds):
    prisoner_id = make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    builds = count_builds()
    assert computed_count(client) == "1"
    make_prisoner("B", timeline=[(D, date(2022, 1, 1))])
    assert computed_count(client) == "2"
    with app.app_context():
        # A release recorded on an existing record (a child row only) moves the figures too.
        prisoner = db.session.get(Prisoner, prisoner_id)
        prisoner.timeline.append(TimelineEntry(kind=EventKind.RELEASE, occurred_on=date(2023, 1, 1)))
        db.session.commit()
    assert computed_count(client) == "1"
    assert len(builds) == 3


def test_a_write_through_another_process_is_seen(client, make_prisoner, other_worker, computed_count):
    """Two apps on one database stand for two web workers: each has its own cache."""
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    other_client = other_worker.test_client()
    assert computed_count(client) == computed_count(other_client) == "1"
    with other_worker.app_context():
        db.session.add(Prisoner(name_en="B", timeline=[TimelineEntry(kind=D, occurred_on=date(2022, 1, 1))]))
        db.session.commit()
    assert computed_count(client) == "2"
    with other_worker.app_context():
        db.engine.dispose()


def test_each_language_gets_its_own_figures(client, make_prisoner):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    english = client.get("/").get_data(as_text=True)
    belarusian = client.get("/", headers={"Accept-Language": "be"}).get_data(as_text=True)
    assert "Latest reported figure" in english
    assert "Latest reported figure" not in belarusian
    assert 'lang="be"' in belarusian


def test_the_figures_are_rebuilt_when_the_day_turns(client, make_prisoner, monkeypatch, computed_count):
    today = date.today()
    make_prisoner("A", timeline=[(D, today - timedelta(days=30)), (EventKind.RELEASE, today + timedelta(days=2))])
    assert computed_count(client) == "1"
    with time_machine.travel(today + timedelta(days=3)):
        assert computed_count(client) == "0"


def test_another_workers_write_shows_once_the_check_interval_has_passed(
    client, make_prisoner, cache_clock, other_worker, computed_count
):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    assert computed_count(client) == "1"
    with other_worker.app_context():
        db.session.add(Prisoner(name_en="B", timeline=[TimelineEntry(kind=D, occurred_on=date(2022, 1, 1))]))
        db.session.commit()
        db.engine.dispose()
    cache_clock[0] += 0.5
    assert computed_count(client) == "1"  # within the interval: no database read at all
    cache_clock[0] += 0.6
    assert computed_count(client) == "2"


def test_a_write_in_the_same_worker_shows_at_once_whatever_the_interval(
    app, client, make_prisoner, monkeypatch, computed_count
):
    from tracker.core import cache

    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    app.config["FIGURE_CACHE_CHECK_SECONDS"] = 3600.0
    monkeypatch.setattr(cache.time, "monotonic", lambda: 1000.0)
    assert computed_count(client) == "1"
    make_prisoner("B", timeline=[(D, date(2022, 1, 1))])
    assert computed_count(client) == "2"


def test_anonymous_readers_get_no_cookie_and_share_one_page(client, make_prisoner, monkeypatch):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    first = client.get("/")
    assert "Set-Cookie" not in first.headers
    assert 'name="csrf_token"' not in first.get_data(as_text=True)
    builds = []
    monkeypatch.setattr("tracker.counts.views.render_template", lambda *a, **k: builds.append(a) or "rendered")
    assert client.get("/").data == first.data
    assert builds == []


def test_signed_in_people_see_their_own_navigation_not_the_shared_page(client, auth, make_prisoner):
    from tracker.accounts.models import Role

    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    anonymous = client.get("/").get_data(as_text=True)
    auth.login(Role.EDITOR)
    signed_in = client.get("/").get_data(as_text=True)
    assert "Sign out" in signed_in and "Sign out" not in anonymous
    assert "Sign in" in anonymous
