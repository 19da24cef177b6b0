"""The event form: canonical time zones by region, the country's zone, DST gaps, past starts, images, limits."""

import io
import re
from datetime import UTC, datetime

import pytest
import time_machine

from tracker.accounts.models import Role
from tracker.events.models import Event
from tracker.extensions import db
from tracker.timeutil import as_utc


def test_the_time_zone_is_a_select_of_canonical_zones_grouped_by_region(client):
    page = client.get("/events/submit").get_data(as_text=True)
    select = page.split('id="timezone" name="timezone">')[1].split("</select>")[0]
    assert '<option selected value="">Same as the country</option>' in select
    assert '<optgroup label="Europe">' in select
    assert '<optgroup label="America">' in select
    assert '<option value="Europe/Minsk">Minsk</option>' in select
    assert '<option value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires</option>' in select
    # Zones that keep another zone's clock in the same country are accepted but not offered.
    assert 'value="America/Indiana/Vincennes"' not in select
    assert 'value="Europe/Busingen"' not in select
    for not_canonical in ("Europe/Kiev", "US/Eastern", "Factory", "localtime", "posixrules", "EST5EDT"):
        assert f'value="{not_canonical}"' not in select


@pytest.mark.parametrize("zone", ["localtime", "Factory", "Europe/Kiev", "US/Eastern", "GMT", "Etc/GMT+3"])
def test_only_canonical_zone_names_are_accepted(client, form_data, event_count, zone):
    response = client.post("/events/submit", data=form_data(timezone=zone))
    assert response.status_code == 400
    assert '<a href="#timezone">Choose the time zone from the list.</a>' in response.get_data(as_text=True)
    assert event_count() == 0


def test_a_canonical_zone_the_list_does_not_offer_is_accepted_and_shown(client, form_data, only_event_id, load_event):
    data = form_data(timezone="America/Indiana/Vincennes", country="US", city="Vincennes")
    assert client.post("/events/submit", data=data).status_code == 303
    assert load_event(only_event_id()).timezone == "America/Indiana/Vincennes"
    page = client.post("/events/submit", data={**data, "title": ""}).get_data(as_text=True)
    assert '<option selected value="America/Indiana/Vincennes">Indiana / Vincennes</option>' in page


def test_no_zone_chosen_takes_the_country_s_only_zone(client, form_data, only_event_id, load_event):
    assert client.post("/events/submit", data=form_data(timezone="")).status_code == 303
    event = load_event(only_event_id())
    assert event.timezone == "Europe/Berlin"
    assert as_utc(event.starts_at) == datetime(2027, 5, 21, 16, 0, tzinfo=UTC)


def test_a_form_sent_back_shows_the_country_s_zone_preselected(client, form_data):
    response = client.post("/events/submit", data=form_data(timezone="", title=""))
    assert response.status_code == 400
    assert '<option selected value="Europe/Berlin">' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"timezone": "", "country": "US", "city": "Portland"}, "United States has several time zones"),
        ({"timezone": "", "country": "", "city": "", "online_url": "https://example.org/s"}, "or the country below"),
    ],
)
def test_without_a_single_country_zone_the_form_asks_for_one(client, form_data, event_count, overrides, message):
    response = client.post("/events/submit", data=form_data(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert event_count() == 0


def test_a_start_in_the_daylight_saving_gap_is_refused_with_the_reason(client, form_data, event_count):
    data = form_data(starts_at="2027-03-28T02:30", ends_at="2027-03-28T04:00")
    response = client.post("/events/submit", data=data)
    assert response.status_code == 400
    assert (
        "02:30 on 2027-03-28 does not exist in Europe/Berlin: the clocks go forward at that hour."
        in response.get_data(as_text=True)
    )
    assert event_count() == 0
    # The repeated hour when the clocks go back exists (twice), so it is accepted.
    assert client.post("/events/submit", data=form_data(starts_at="2027-10-31T02:30", ends_at="2027-10-31T04:00"))


def test_an_event_that_starts_in_the_past_is_refused_clearly(client, form_data, event_count):
    with time_machine.travel(datetime(2027, 5, 21, 17, 0, tzinfo=UTC), tick=False):  # 19:00 in Berlin
        response = client.post("/events/submit", data=form_data())  # 18:00 Berlin
    assert response.status_code == 400
    assert "The start is in the past. Check the date and the year" in response.get_data(as_text=True)
    assert event_count() == 0


def test_a_moderator_may_correct_an_event_that_has_begun_without_moving_its_start(client, auth, publish, load_event):
    event_id = publish()
    with time_machine.travel(datetime(2027, 5, 21, 17, 0, tzinfo=UTC), tick=False):
        auth.login(Role.MODERATOR)
        page = client.get(f"/moderation/events/{event_id}/edit").get_data(as_text=True)
        fields = {
            name: value
            for name, value in re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page)
            if name != "csrf_token"
        }
        fields.update(description="Corrected.", language="be", timezone="Europe/Berlin", country="DE")
        response = client.post(f"/moderation/events/{event_id}/edit", data=fields)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert load_event(event_id).description == "Corrected."


def test_a_chosen_image_is_asked_for_again_after_an_error(client, form_data, event_count, image_bytes):
    data = form_data(title="")
    data["image"] = (io.BytesIO(image_bytes()), "photo.jpg")
    response = client.post("/events/submit", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#image">Choose the image again: a chosen file is not kept' in page
    assert event_count() == 0


def test_errors_are_listed_at_the_top_with_links_in_plain_words(client, form_data):
    response = client.post("/events/submit", data=form_data(title="x" * 201, organizer_name="", starts_at="soon"))
    page = response.get_data(as_text=True)
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert page.index('id="error-summary"') < page.index("<h1")
    assert '<a href="#title">“Title” — at most 200 characters; it has 201.</a>' in summary
    assert '<a href="#organizer_name">Enter who organizes the event.</a>' in summary
    assert '<a href="#starts_at">' in summary
    assert 'src="/static/js/forms.js"' in page


@pytest.fixture
def limited_app(tmp_path, make_instance):
    return make_instance(tmp_path / "limited", RATELIMIT_ENABLED=True, EVENTS_SUBMIT_RATE_LIMIT="2 per hour")


def test_mistakes_do_not_count_and_a_limited_submission_gets_its_form_back(limited_app, form_data):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.post("/events/submit", data=form_data(title="")).status_code == 400
    for _ in range(2):
        assert client.post("/events/submit", data=form_data()).status_code == 303
    response = client.post("/events/submit", data=form_data(title="The third vigil"))
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Not sent yet" in page
    assert 'value="The third vigil"' in page
    assert "<form" in page
    with limited_app.app_context():
        assert len(db.session.scalars(db.select(Event.id)).all()) == 2
