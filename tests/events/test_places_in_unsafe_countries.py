"""Events in an unsafe country (Belarus by default) are published with the country only, never the place."""

import json
import re
from datetime import UTC, datetime

import pytest

from tracker.accounts.models import Role

NOW = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)  # when `publish` submits, so every event lies ahead
IN_BELARUS = {
    "venue": "Dom Kultury Khimikau",
    "address": "vulica Lienina 5",
    "city": "Hrodna",
    "country": "BY",
    "timezone": "Europe/Minsk",
}
PLACE = ("Dom Kultury", "Lienina", "Hrodna")


@pytest.fixture(autouse=True)
def _frozen_before_the_day(time_machine):
    time_machine.move_to(NOW)


def public_outputs(client, slug: str, country: str = "BY") -> dict[str, str]:
    """Every public rendering of an event: page, lists, calendars, feeds, widgets and the API."""
    return {
        "html": client.get(f"/events/{slug}").get_data(as_text=True),
        "list": client.get("/events").get_data(as_text=True),
        "country list": client.get(f"/events?country={country}").get_data(as_text=True),
        "ics": client.get(f"/events/{slug}/event.ics").get_data(as_text=True),
        "feed_ics": client.get("/events/feed.ics").get_data(as_text=True),
        "atom": client.get("/events/feed.atom").get_data(as_text=True),
        "widget": client.get(f"/events/widget/country/{country}").get_data(as_text=True),
        "api": client.get(f"/api/v1/events/{slug}").get_data(as_text=True),
        "api list": client.get("/api/v1/events").get_data(as_text=True),
    }


def test_an_event_in_belarus_shows_no_venue_address_or_city_anywhere(client, publish, event_slug_of):
    event_id = publish(**IN_BELARUS)
    for name, body in public_outputs(client, event_slug_of(event_id)).items():
        assert "Vigil for political prisoners" in body, name
        for part in PLACE:
            assert part not in body, (name, part)
    html = client.get(f"/events/{event_slug_of(event_id)}").get_data(as_text=True)
    assert "Belarus" in html and "The organizers give the place to participants themselves" in html
    ics = client.get(f"/events/{event_slug_of(event_id)}/event.ics").get_data(as_text=True)
    assert "LOCATION:Belarus\\, place given to participants by the organizers" in ics
    location = json.loads(client.get(f"/api/v1/events/{event_slug_of(event_id)}").get_data(as_text=True))["location"]
    assert location == {"venue": "", "address": "", "city": "", "country": "BY", "online_url": "",
                        "exact_address_on_request": True, "place_private": True}  # fmt: skip
    json_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert json_ld["location"]["address"] == {"@type": "PostalAddress", "addressCountry": "BY"}


def test_the_city_of_an_event_in_belarus_cannot_be_found_by_searching(client, publish):
    publish(**IN_BELARUS)
    publish(title="Concert in Berlin")
    for query in ("city=Hrodna", "q=Hrodna", "country=BY&city=Hrodna"):
        assert b"Vigil" not in client.get(f"/events?{query}").data, query
        assert client.get(f"/api/v1/events?{query}").get_json()["items"] == [], query
    assert b"Concert in Berlin" in client.get("/events?city=Berlin").data
    assert b"Vigil" in client.get("/events?country=BY").data


def test_the_unsafe_countries_come_from_the_configuration(app, client, publish, event_slug_of):
    app.config["UNSAFE_EVENT_COUNTRIES"] = ("BY", "RU")
    in_russia = publish(venue="Klub", address="ulitsa Mira 1", city="Smolensk", country="RU", timezone="Europe/Moscow")
    for name, body in public_outputs(client, event_slug_of(in_russia), "RU").items():
        assert "Smolensk" not in body and "Mira 1" not in body, name
    app.config["UNSAFE_EVENT_COUNTRIES"] = ()
    in_belarus = publish(**IN_BELARUS)
    assert "Hrodna" in client.get(f"/events/{event_slug_of(in_belarus)}").get_data(as_text=True)
    assert "Smolensk" in client.get(f"/events/{event_slug_of(in_russia)}/event.ics").get_data(as_text=True)


def test_an_online_event_in_belarus_keeps_its_link(client, publish, event_slug_of):
    event_id = publish(**IN_BELARUS, online_url="https://meet.example.org/letters")
    html = client.get(f"/events/{event_slug_of(event_id)}").get_data(as_text=True)
    assert "https://meet.example.org/letters" in html and "Hrodna" not in html


def test_the_submission_form_tells_organizers_before_they_submit(client, form_data):
    page = client.get("/events/submit").get_data(as_text=True)
    # The hint is always there, so it reaches browsers without JavaScript or :has().
    assert "In Belarus, the place of an event is never published" in page
    assert re.search(r'<option data-place-private="" value="BY">', page)
    assert 'class="notice place-private-notice"' in page  # hidden until Belarus is picked
    returned = client.post("/events/submit", data=form_data(**IN_BELARUS, title="")).get_data(as_text=True)
    assert 'class="notice place-private-notice is-shown"' in returned
    assert "do not ask for attendees' names" in returned


def test_moderators_get_a_checklist_for_provocation_listings(client, auth, publish):
    in_belarus = publish(**IN_BELARUS)
    in_germany = publish()
    auth.login(Role.MODERATOR)
    page = client.get(f"/moderation/events/{in_belarus}").get_data(as_text=True)
    assert "Could this listing be a trap?" in page
    assert "Is the organizer unknown" in page and "Is the place inside Belarus" in page
    assert "Does it ask attendees for their names" in page
    assert "visitors see only the country" in page
    assert "Hrodna" in page  # moderators still see the place the organizers gave
    other = client.get(f"/moderation/events/{in_germany}").get_data(as_text=True)
    assert "Could this listing be a trap?" in other and "visitors see only the country" not in other
