"""Bad input and abuse: honeypot, links, time zones, one-line fields, far-off years, NUL bytes, uploads, rate limits."""

import io

import pytest
from PIL import Image

from tracker.events.models import Event
from tracker.extensions import db


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"extra_note": "http://spam.example"}, b"Leave this field empty."),
        ({"description": "https://a.example https://b.example https://c.example www.d.example"}, b"at most 3 links"),
        ({"timezone": "Mars/Olympus"}, b"Choose the time zone from the list."),
        ({"timezone": "../../etc/passwd"}, b"Choose the time zone from the list."),
        ({"ends_at": "2027-05-21T17:59"}, b"The end must be after the start."),
        ({"starts_at": "not a date"}, b"starts_at-error"),
        ({"city": "", "online_url": ""}, b"Give a city, an online link, or both."),
        ({"online_url": "javascript:alert(1)", "city": ""}, b"https://"),
        ({"country": "XX"}, b"Choose one of the options for"),
        ({"private_contact": "not-an-email"}, b"valid email"),
        ({"tags": "a, b, c, d, e, f"}, b"at most 5 tags"),
        ({"tags": "<script>"}, b"Tags use letters"),
        ({"title": "x" * 201}, "“Title” — at most 200 characters; it has 201.".encode()),
        ({"occurrence": "999:2027-05-21"}, b"Choose one of the options for"),
        ({"language": "xx"}, b"Choose one of the options for"),
    ],
)
def test_bad_submission_is_refused_with_a_message_and_nothing_saved(
    app, client, overrides, message, event_count, form_data, outbox
):
    response = client.post("/events/submit", data=form_data(**overrides))
    assert response.status_code == 400
    assert message in response.data
    assert event_count() == 0
    assert outbox() == []


@pytest.mark.parametrize("field", ["title", "organizer_name", "venue", "city"])
def test_line_breaks_in_one_line_fields_are_refused(app, client, field, form_data):
    response = client.post("/events/submit", data=form_data(**{field: "Vigil\r\nBcc: victim@example.org"}))
    assert response.status_code == 400
    assert "on a single line." in response.get_data(as_text=True)


def test_far_future_end_is_refused_not_a_server_error(client, form_data):
    response = client.post("/events/submit", data=form_data(ends_at="9999-12-31T23:30", timezone="America/New_York"))
    assert response.status_code == 400
    assert "Check the year in “Ends (local time)”: events from 2000 to 2100" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/events?q=%00", "/events?city=%00", "/events/feed.atom?q=%00", "/api/v1/events?q=%00"]
)
def test_nul_bytes_get_a_clear_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)


def test_uploaded_image_is_stored_without_exif_or_gps(app, client, form_data, load_event, only_event_id, image_bytes):
    original = image_bytes()
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(0x8825)  # the fixture really carries GPS
    data = form_data()
    data["image"] = (io.BytesIO(original), "photo.jpg")
    response = client.post("/events/submit", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    stored = load_event(only_event_id()).image_filename
    path = app.config["UPLOAD_DIR"] / "events" / stored
    with Image.open(path) as saved:
        exif = saved.getexif()
        assert len(exif) == 0
        assert not exif.get_ifd(0x8825)
        assert "exif" not in saved.info
        assert saved.size == (64, 48)


@pytest.mark.parametrize(
    ("payload", "filename", "message"),
    [
        (b"<?php echo 1; ?>", "photo.jpg", b"not an image we can read"),
        (b"GIF89a" + b"\x00" * 20, "x.gif", b"not an image we can read"),
    ],
)
def test_non_image_upload_is_refused_clearly(app, client, payload, filename, message, event_count, form_data):
    data = form_data()
    data["image"] = (io.BytesIO(payload), filename)
    response = client.post("/events/submit", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.data
    assert event_count() == 0


def test_oversize_image_is_refused_clearly(app, client, event_count, form_data, image_bytes):
    app.config["PHOTO_MAX_BYTES"] = 1024
    data = form_data()
    data["image"] = (io.BytesIO(image_bytes(fmt="PNG", exif=False) + b"\x00" * 2048), "big.png")
    response = client.post("/events/submit", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert b"larger than" in response.data
    assert event_count() == 0


def test_upload_over_the_request_limit_is_a_413_page(app, client, event_count, form_data):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    data = form_data()
    data["image"] = (io.BytesIO(b"\x00" * 4096), "big.png")
    response = client.post("/events/submit", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert event_count() == 0


@pytest.fixture
def limited_app(tmp_path, make_instance):
    return make_instance(
        tmp_path / "limited",
        RATELIMIT_ENABLED=True,
        EVENTS_SUBMIT_RATE_LIMIT="2 per hour",
        EVENTS_CONFIRM_RATE_LIMIT="2 per hour",
    )


# These tests use only the limited instance: the `app` fixture would set up the shared rate limiter again, unlimited.
def test_submission_is_rate_limited(limited_app, form_data):
    client = limited_app.test_client()
    for _ in range(2):
        assert client.post("/events/submit", data=form_data()).status_code == 303
    assert client.post("/events/submit", data=form_data()).status_code == 429
    assert client.get("/events/submit").status_code == 200  # reading the form is not limited
    with limited_app.app_context():
        assert len(db.session.scalars(db.select(Event.id)).all()) == 2


def test_confirmation_is_rate_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(2):
        assert client.post("/events/confirm/bogus-token").status_code == 404
    assert client.post("/events/confirm/bogus-token").status_code == 429
