"""An event image is published only after a moderator checked it for faces, or blurred it."""

import io

from PIL import Image, ImageDraw, ImageFilter, ImageStat

from tracker.accounts.models import Role
from tracker.events.models import EventStatus
from tracker.extensions import db


def photo() -> bytes:
    image = Image.new("RGB", (200, 150), "white")
    ImageDraw.Draw(image).ellipse((60, 30, 140, 120), fill="black")  # sharp edges, like a face's
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def submit_with_image(client, form_data, outbox, link_in, only_event_id) -> int:
    data = form_data()
    data["image"] = (io.BytesIO(photo()), "photo.jpg")
    assert client.post("/events/submit", data=data, content_type="multipart/form-data").status_code == 303
    (_to, _subject, body) = outbox("event-confirm")[0]
    assert client.post(link_in(body, "/events/confirm/")).status_code == 303
    return only_event_id()


def test_approval_waits_until_the_moderator_says_the_image_shows_no_face(
    client, auth, form_data, outbox, link_in, only_event_id, load_event
):
    event_id = submit_with_image(client, form_data, outbox, link_in, only_event_id)
    auth.login(Role.MODERATOR)
    review = client.get(f"/moderation/events/{event_id}").get_data(as_text=True)
    assert "Check the image for faces" in review and 'name="faces_checked"' in review
    client.post(f"/moderation/events/{event_id}/approve")
    assert load_event(event_id).status == EventStatus.PENDING
    assert client.post(f"/moderation/events/{event_id}/approve", data={"faces_checked": "y"}).status_code == 303
    event = load_event(event_id)
    assert event.status == EventStatus.APPROVED and event.public_image == event.image_filename
    auth.logout()
    with client.get(f"/events/{event.slug}/image") as image:
        assert image.status_code == 200


def test_a_blurred_image_is_what_gets_published(
    app, client, auth, form_data, outbox, link_in, only_event_id, load_event
):
    event_id = submit_with_image(client, form_data, outbox, link_in, only_event_id)
    original = load_event(event_id).image_filename
    auth.login(Role.MODERATOR)
    assert client.post(f"/moderation/events/{event_id}/image/blur").status_code == 303
    assert client.post(f"/moderation/events/{event_id}/approve").status_code == 303
    event = load_event(event_id)
    assert event.status == EventStatus.APPROVED and event.image_filename != original
    folder = app.config["UPLOAD_DIR"] / "events"
    with Image.open(folder / original) as sharp, Image.open(folder / event.image_filename) as soft:
        edges = [
            ImageStat.Stat(image.convert("L").filter(ImageFilter.FIND_EDGES).crop((4, 4, 196, 146))).mean[0]
            for image in (sharp, soft)
        ]
    assert edges[1] < edges[0] / 3  # the outline that would make a face recognisable is gone


def test_an_unchecked_image_never_reaches_a_public_output(
    app, client, auth, form_data, outbox, link_in, only_event_id, load_event
):
    event_id = submit_with_image(client, form_data, outbox, link_in, only_event_id)
    auth.login(Role.EDITOR)
    client.post(f"/moderation/events/{event_id}/approve", data={"faces_checked": "y"})
    auth.logout()
    with app.app_context():
        event = db.session.merge(load_event(event_id))
        event.image_checked = None  # as for an image published before the check existed
        db.session.commit()
    slug = load_event(event_id).slug
    assert client.get(f"/events/{slug}/image").status_code == 404
    page = client.get(f"/events/{slug}").get_data(as_text=True)
    assert "/image" not in page
    assert client.get(f"/api/v1/events/{slug}").get_json()["image_url"] is None


def test_an_image_published_before_the_check_existed_can_be_checked_and_shown(
    app, client, auth, form_data, outbox, link_in, only_event_id, load_event
):
    event_id = submit_with_image(client, form_data, outbox, link_in, only_event_id)
    auth.login(Role.MODERATOR)
    client.post(f"/moderation/events/{event_id}/approve", data={"faces_checked": "y"})
    with app.app_context():
        event = db.session.merge(load_event(event_id))
        event.image_checked = None
        db.session.commit()
    review = client.get(f"/moderation/events/{event_id}").get_data(as_text=True)
    assert "Publish the image" in review
    client.post(f"/moderation/events/{event_id}/image/checked")  # the box not ticked: nothing changes
    assert load_event(event_id).public_image is None
    client.post(f"/moderation/events/{event_id}/image/checked", data={"faces_checked": "y"})
    assert load_event(event_id).public_image == load_event(event_id).image_filename
