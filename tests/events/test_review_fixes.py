"""Paths found in review: hiding an address at once, one-line fields, far-off years, reverts, NUL bytes."""

from datetime import UTC, datetime

import pytest

from tests.events.helpers import event, form_data
from tests.events.test_flow import approve_as_moderator, manage_path, submit_and_confirm
from tracker.accounts.models import Role
from tracker.dates.models import CommemorativeDate
from tracker.events.jobs import update_listings
from tracker.events.models import OccurrenceListing
from tracker.extensions import db
from tracker.scheduler import run_job


def test_organizer_hiding_the_address_takes_effect_before_moderation(app, client, auth):
    event_id = submit_and_confirm(app, client)
    approve_as_moderator(client, auth, event_id)
    assert b"Karl-Liebknecht" in client.get(f"/events/{event_id}").data
    response = client.post(manage_path(app) + "/edit", data=form_data(city_only="y", title="Changed title"))
    assert response.status_code == 303
    for path in (f"/events/{event_id}", f"/events/{event_id}/event.ics", "/events/feed.atom", "/api/v1/events"):
        assert b"Karl-Liebknecht" not in client.get(path).data, path
    assert event(app, event_id).title == "Vigil for political prisoners"  # the rest still waits for a moderator


def test_revert_never_brings_back_a_hidden_address(app, client, auth):
    event_id = submit_and_confirm(app, client)
    approve_as_moderator(client, auth, event_id)
    auth.login(Role.EDITOR)  # editors moderate too
    assert client.post(f"/moderation/events/{event_id}/edit", data=form_data(city_only="y")).status_code == 303
    assert b"Karl-Liebknecht" not in client.get(f"/events/{event_id}").data
    history = client.get(f"/history/events/{event_id}").get_data(as_text=True)
    assert f"/history/events/{event_id}/revert/1" in history
    client.post(f"/history/events/{event_id}/revert/1")
    assert event(app, event_id).city_only
    assert b"Karl-Liebknecht" not in client.get(f"/events/{event_id}").data


@pytest.mark.parametrize("field", ["title", "organizer_name", "venue", "city"])
def test_line_breaks_in_one_line_fields_are_refused(app, client, field):
    response = client.post("/events/submit", data=form_data(**{field: "Vigil\r\nBcc: victim@example.org"}))
    assert response.status_code == 400
    assert "Use a single line." in response.get_data(as_text=True)


def test_far_future_end_is_refused_not_a_server_error(client):
    response = client.post("/events/submit", data=form_data(ends_at="9999-12-31T23:30", timezone="America/New_York"))
    assert response.status_code == 400
    assert "Check the year." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/events?q=%00", "/events?city=%00", "/events/feed.atom?q=%00", "/api/v1/events?q=%00"]
)
def test_nul_bytes_get_a_clear_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)


def test_listings_job_survives_a_soft_deleted_date(app):
    with app.app_context():
        day = CommemorativeDate(slug="gone", name="Gone", recurrence="annual", month=1, day=5)
        db.session.add(day)
        db.session.flush()
        db.session.add(OccurrenceListing(commemorative_date_id=day.id, occurrence_on=datetime(2027, 1, 5).date(),
                                         opened_at=datetime(2026, 11, 6, tzinfo=UTC)))  # fmt: skip
        day.deleted_at = datetime(2026, 12, 1, tzinfo=UTC)
        db.session.commit()
    run_job(app, update_listings, datetime(2027, 1, 10, 12, 0, tzinfo=UTC))
    with app.app_context():
        assert db.session.query(OccurrenceListing).one().archived_at is not None
