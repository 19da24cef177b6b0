"""Event addresses carry opaque slugs: no sequence to walk, no gap that betrays a pending or rejected event."""

import re
from datetime import UTC, datetime

import pytest

from tracker.events.models import Event, EventStatus
from tracker.extensions import db

NOW = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)  # before the events `publish` makes, so they are upcoming
# An events path whose first segment is a number: /events/57, /api/v1/events/57/…
NUMBERED = re.compile(r"/events/\d+(?![\w-])")


@pytest.fixture(autouse=True)
def _frozen_before_the_day(time_machine):
    time_machine.move_to(NOW)


@pytest.fixture
def unpublish(app):
    """unpublish(event_id, status): put a published event back in the queue, or reject it."""

    def move(event_id: int, status: EventStatus) -> None:
        with app.app_context():
            db.session.get(Event, event_id).status = status
            db.session.commit()

    return move


def test_no_public_link_feed_or_api_field_carries_a_sequential_id(client, publish, event_slug_of):
    slugs = [event_slug_of(publish(title=f"Vigil {n}", country="DE")) for n in range(3)]
    listing = client.get("/events").get_data(as_text=True)
    linked = set(re.findall(r'href="/events/([^"/?#]+)"', listing))
    assert set(slugs) <= linked
    outputs = {
        "list": listing,
        "page": client.get(f"/events/{slugs[0]}").get_data(as_text=True),
        "ics": client.get(f"/events/{slugs[0]}/event.ics").get_data(as_text=True),
        "feed_ics": client.get("/events/feed.ics").get_data(as_text=True),
        "atom": client.get("/events/feed.atom").get_data(as_text=True),
        "widget": client.get("/events/widget/country/DE").get_data(as_text=True),
        "api": client.get("/api/v1/events").get_data(as_text=True),
    }
    for name, body in outputs.items():
        assert slugs[0] in body.replace("\r\n ", ""), name
        assert not NUMBERED.search(body.replace("\r\n ", "")), name
    items = client.get("/api/v1/events").get_json()["items"]
    assert sorted(item["id"] for item in items) == sorted(slugs)
    assert all(item["url"].endswith(f"/events/{item['id']}") for item in items)
    assert all(item["ics_url"].endswith(f"/events/{item['id']}/event.ics") for item in items)
    disposition = client.get(f"/events/{slugs[0]}/event.ics").headers["Content-Disposition"]
    assert slugs[0] in disposition


def test_old_numbered_addresses_of_published_events_move_to_their_slug(app, client, publish, event_slug_of):
    event_id = publish()
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.image_filename = event.image_checked = "poster.jpg"
        event.numbered_address = True  # listed before slugs, when its address was its number
        db.session.commit()
    slug = event_slug_of(event_id)
    for old, new in (
        (f"/events/{event_id}", f"/events/{slug}"),
        (f"/events/{event_id}/event.ics", f"/events/{slug}/event.ics"),
        (f"/events/{event_id}/image", f"/events/{slug}/image"),
        (f"/api/v1/events/{event_id}", f"/api/v1/events/{slug}"),
    ):
        response = client.get(old)
        assert response.status_code == 301 and response.headers["Location"].endswith(new), old


def test_an_event_listed_after_slugs_has_no_numbered_address(client, publish):
    event_id = publish()
    assert client.get(f"/events/{event_id}").status_code == 404
    assert client.get(f"/api/v1/events/{event_id}").status_code == 404


@pytest.mark.parametrize("status", [EventStatus.PENDING, EventStatus.REJECTED, EventStatus.UNCONFIRMED])
def test_a_crawler_cannot_tell_an_unpublished_event_from_one_that_never_existed(
    client, publish, unpublish, event_slug_of, status, without_own_address
):
    publish(title="Before")
    hidden = publish(title="Not published")
    unpublish(hidden, status)
    publish(title="After")
    never = hidden + 1000
    for template in ("/events/{}", "/events/{}/event.ics", "/events/{}/image", "/api/v1/events/{}"):
        for pair in ((hidden, never), (event_slug_of(hidden), "zz9zz9zz9zz9"), ("9" * 30, never)):
            answers = []
            for value in pair:
                response = client.get(template.format(value))
                # The page repeats its own address (the language switcher's return link); nothing else differs.
                answers.append((response.status_code, without_own_address(response.get_data(as_text=True), value)))
            assert answers[0] == answers[1] and answers[0][0] == 404, template
