"""Organisers report back through the manage link: bounded numbers, one report per event, typed input kept."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from tracker.core.changes import data_generation
from tracker.events.models import EventStatus

VALID = {"participants": "40", "letters": "120", "note": "We wrote cards."}


def test_the_manage_page_offers_a_report_once_the_event_has_ended(client, make_past_event):
    event = make_past_event()
    page = client.get(f"/events/manage/{event.token}").get_data(as_text=True)
    assert event.report_url in page


def test_an_event_still_ahead_cannot_be_reported(client, make_past_event):
    later = datetime.now(UTC) + timedelta(days=2)
    event = make_past_event(starts_at=later, ends_at=later + timedelta(hours=1))
    assert event.report_url not in client.get(f"/events/manage/{event.token}").get_data(as_text=True)
    response = client.post(event.report_url, data=VALID, follow_redirects=True)
    assert "once the event has ended" in response.get_data(as_text=True)


@pytest.mark.parametrize("status", [EventStatus.PENDING, EventStatus.REJECTED])
def test_an_unpublished_event_cannot_be_reported(client, make_past_event, report_state, status):
    event = make_past_event(status=status)
    client.post(event.report_url, data=VALID)
    assert report_state(event.id) is None


def test_a_report_is_saved_pending_and_kept_once_when_sent_again(client, make_past_event, report_state):
    event = make_past_event()
    assert client.post(event.report_url, data=VALID).status_code == 303
    assert report_state(event.id) == ("pending", 40, 120)
    assert client.post(event.report_url, data={**VALID, "letters": "130"}).status_code == 303
    assert report_state(event.id) == ("pending", 40, 130)


@pytest.mark.parametrize(
    ("participants", "letters", "message"),
    [
        ("-5", "10", "from 0 to 100,000"),
        ("100001", "10", "from 0 to 100,000"),
        ("40", "99999999999", "from 0 to 100,000"),
        ("forty", "10", "as a whole number"),
        ("", "10", "as a whole number"),
        ("40", "1.5", "as a whole number"),
    ],
)
def test_bad_numbers_are_refused_with_a_message_and_the_typed_values_kept(
    client, make_past_event, report_state, participants, letters, message
):
    event = make_past_event()
    response = client.post(event.report_url, data={**VALID, "participants": participants, "letters": letters})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert page.count("from 0 to 100,000") + page.count("as a whole number") == 1
    assert f'value="{participants}"' in page or participants == ""
    assert f'value="{letters}"' in page
    assert "We wrote cards." in page
    assert report_state(event.id) is None


@pytest.mark.parametrize("token", ["forged", "x" * 200, "eyJlIjoxfQ.forged.sig"])
def test_a_forged_manage_token_opens_nothing(client, make_past_event, report_state, token):
    event = make_past_event()
    assert client.get(f"/events/manage/{token}/report").status_code == 404
    assert client.post(f"/events/manage/{token}/report", data=VALID).status_code == 404
    assert report_state(event.id) is None


def test_submitting_a_report_does_not_move_the_data_generation_but_approving_does(app, client, make_past_event, decide):
    event = make_past_event()
    with app.app_context():
        before = data_generation()
    client.post(event.report_url, data=VALID)
    with app.app_context():
        assert data_generation() == before
    decide(event.id, "approve")
    with app.app_context():
        assert data_generation() > before


def _photo_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_stripped_of_metadata_and_shown_only_after_the_faces_check(app, client, make_past_event, decide):
    event = make_past_event()
    data = {**VALID, "photo": (io.BytesIO(_photo_with_exif()), "p.jpg")}
    assert client.post(event.report_url, data=data, content_type="multipart/form-data").status_code == 303
    stored = list((app.config["UPLOAD_DIR"] / "reports").iterdir())
    assert len(stored) == 1 and b"SecretCameraMaker" not in stored[0].read_bytes()
    photo_url = f"/events/{event.slug}/report/photo"
    assert client.get(photo_url).status_code == 404
    decide(event.id, "approve")
    assert client.get(photo_url).status_code == 404
    assert photo_url not in client.get(f"/events/{event.slug}").get_data(as_text=True)
    decide(event.id, "approve", faces_checked=True)
    with client.get(photo_url) as photo:
        assert photo.status_code == 200
    assert photo_url in client.get(f"/events/{event.slug}").get_data(as_text=True)


def test_a_file_that_is_not_an_image_is_refused_and_the_numbers_kept(client, make_past_event, report_state):
    event = make_past_event()
    data = {**VALID, "photo": (io.BytesIO(b"not an image"), "p.jpg")}
    response = client.post(event.report_url, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'value="120"' in response.get_data(as_text=True)
    assert report_state(event.id) is None
