"""Events in the open data API: published only, and nothing exact or private leaks."""

from datetime import UTC, datetime

import pytest

from tracker.events.models import Event, EventStatus
from tracker.extensions import db
from tracker.timeutil import utcnow


@pytest.fixture
def listed(app, make_date):
    """One approved city-only event, one pending event, one approved online event."""
    date_id = make_date()
    common = dict(
        timezone="Europe/Warsaw", organizer_name="Razam", private_contact="secret-organizer@example.org",
        commemorative_date_id=date_id, occurrence_on=datetime(2030, 5, 21).date(),
        starts_at=datetime(2030, 5, 21, 16, 0, tzinfo=UTC), ends_at=datetime(2030, 5, 21, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    with app.app_context():
        city_only = Event(title="Vigil", city="Warsaw", country="PL", venue="Secret Hall",
                          address="Secret Street 5", city_only=True, status=EventStatus.APPROVED, **common)  # fmt: skip
        pending = Event(title="Not yet approved", city="Vilnius", country="LT", status=EventStatus.PENDING, **common)
        online = Event(title="Letter night", online_url="https://meet.example.org/x", status=EventStatus.APPROVED,
                       approved_at=utcnow(), **common)  # fmt: skip
        db.session.add_all([city_only, pending, online])
        db.session.commit()
        return {"city_only": city_only.id, "pending": pending.id, "online": online.id}


def test_only_published_events_are_listed(client, listed, event_slug_of):
    body = client.get("/api/v1/events").get_json()
    assert {item["title"] for item in body["items"]} == {"Vigil", "Letter night"}
    assert client.get(f"/api/v1/events/{event_slug_of(listed['pending'])}").status_code == 404


def test_city_only_event_reveals_no_exact_place_and_no_private_contact(client, listed, event_slug_of):
    raw = client.get("/api/v1/events").get_data(as_text=True) + client.get(
        f"/api/v1/events/{event_slug_of(listed['city_only'])}"
    ).get_data(as_text=True)
    for secret in ("Secret Hall", "Secret Street", "secret-organizer@example.org"):
        assert secret not in raw
    item = client.get(f"/api/v1/events/{event_slug_of(listed['city_only'])}").get_json()
    assert item["location"] == {"venue": "", "address": "", "city": "Warsaw", "country": "PL", "online_url": "",
                                "exact_address_on_request": True, "place_private": False}  # fmt: skip
    assert item["starts_at"] == "2030-05-21T18:00:00+02:00"
    assert item["occurrence"] == {"slug": "day-of-solidarity", "date": "2030-05-21"}


@pytest.mark.parametrize(
    ("query", "titles"),
    [("country=PL", {"Vigil"}), ("mode=online", {"Letter night"}), ("q=letter", {"Letter night"}),
     ("start=2030-06-01", set()), ("when=past", set())],
)  # fmt: skip
def test_event_filters_match_the_public_list(client, listed, query, titles):
    body = client.get(f"/api/v1/events?{query}").get_json()
    assert {item["title"] for item in body["items"]} == titles


@pytest.mark.parametrize(
    "query", ["country=XX", "country=pl", "start=2030-5-1", "when=soon", "page=0", "per_page=101", "mode=car"]
)
def test_bad_event_filters_are_a_json_400(client, listed, query):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == query.split("=")[0]
