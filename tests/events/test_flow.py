"""Submission, confirmation, moderation, organizer edits and cancellation, end to end."""

from urllib.parse import urlsplit

from tests.events.helpers import (
    dispatch,
    event,
    event_count,
    form_data,
    link_in,
    only_event_id,
    outbox,
)
from tracker.accounts.models import Role
from tracker.events.models import EventStatus


def path_of(url: str) -> str:
    return urlsplit(url).path


def submit_and_confirm(app, client) -> int:
    response = client.post("/events/submit", data=form_data())
    assert response.status_code == 303
    (_to, _subject, body) = outbox(app, "event-confirm")[0]
    assert client.post(path_of(link_in(body, "/events/confirm/"))).status_code == 303
    return only_event_id(app)


def approve_as_moderator(client, auth, event_id):
    auth.login(Role.MODERATOR)
    assert client.post(f"/moderation/events/{event_id}/approve").status_code == 303
    auth.logout()


def test_anonymous_submission_is_saved_and_confirmed_through_the_emailed_link(app, client, smtp_server):
    response = client.post("/events/submit", data=form_data())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/events/received")
    event_id = only_event_id(app)
    assert event(app, event_id).status == EventStatus.UNCONFIRMED
    assert dispatch(app) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "organizer@example.org"
    link = link_in(message.get_content(), "/events/confirm/")
    # A mail scanner's GET must not confirm.
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert b"Confirm the event" in page.data
    assert event(app, event_id).status == EventStatus.UNCONFIRMED
    confirmed = client.post(path_of(link))
    assert confirmed.status_code == 303
    assert "/events/manage/" in confirmed.headers["Location"]
    assert event(app, event_id).status == EventStatus.PENDING
    assert dispatch(app) == 1
    assert "/events/manage/" in smtp_server.messages[1].get_content()


def test_tampered_or_foreign_confirmation_token_is_refused(app, client):
    client.post("/events/submit", data=form_data())
    (_to, _subject, body) = outbox(app, "event-confirm")[0]
    path = path_of(link_in(body, "/events/confirm/"))
    assert client.post(path[:-3] + "abc").status_code == 404
    assert client.get("/events/confirm/garbage").status_code == 404
    manage_path = path.replace("/confirm/", "/manage/")
    assert client.get(manage_path).status_code == 404  # a confirm token is no edit token


def test_signed_in_activist_skips_the_email_step(app, client, auth):
    auth.login(Role.ACTIVIST)
    response = client.post("/events/submit", data=form_data())
    assert response.status_code == 303
    assert "/events/manage/" in response.headers["Location"]
    assert event(app, only_event_id(app)).status == EventStatus.PENDING
    assert outbox(app, "event-confirm") == []
    assert b"Vigil for political prisoners" in client.get("/events/mine").data


def test_nothing_is_public_before_approval(app, client, auth):
    event_id = submit_and_confirm(app, client)
    assert client.get(f"/events/{event_id}").status_code == 404
    assert client.get(f"/events/{event_id}/event.ics").status_code == 404
    assert b"Vigil" not in client.get("/events").data
    assert b"Vigil" not in client.get("/events/feed.ics").data
    assert b"Vigil" not in client.get("/events/feed.atom").data
    approve_as_moderator(client, auth, event_id)
    assert client.get(f"/events/{event_id}").status_code == 200
    assert b"Vigil for political prisoners" in client.get("/events").data


def test_moderation_queue_is_for_moderators_only(app, client, auth):
    event_id = submit_and_confirm(app, client)
    assert client.get("/moderation/events").status_code == 302
    auth.login(Role.ACTIVIST)
    assert client.get("/moderation/events").status_code == 403
    assert client.post(f"/moderation/events/{event_id}/approve").status_code == 403
    auth.logout()
    auth.login(Role.MODERATOR)
    page = client.get("/moderation/events")
    assert b"Vigil for political prisoners" in page.data
    assert b"organizer@example.org" in client.get(f"/moderation/events/{event_id}").data


def test_unconfirmed_submission_is_not_in_the_queue(app, client, auth):
    client.post("/events/submit", data=form_data())
    auth.login(Role.MODERATOR)
    assert b"Vigil" not in client.get("/moderation/events").data


def test_rejection_reason_reaches_the_submitter_by_smtp(app, client, auth, smtp_server):
    event_id = submit_and_confirm(app, client)
    auth.login(Role.MODERATOR)
    assert client.post(f"/moderation/events/{event_id}/reject", data={"reason": ""}).status_code == 400
    response = client.post(f"/moderation/events/{event_id}/reject", data={"reason": "Not about political prisoners."})
    assert response.status_code == 303
    assert event(app, event_id).status == EventStatus.REJECTED
    dispatch(app)
    rejection = [m for m in smtp_server.messages if "not published" in m["Subject"]]
    assert len(rejection) == 1
    assert rejection[0]["To"] == "organizer@example.org"
    assert "Not about political prisoners." in rejection[0].get_content()
    assert client.get(f"/events/{event_id}").status_code == 404


def test_rejection_email_is_in_the_submitters_language(app, client, auth):
    client.post("/events/submit", data=form_data(), headers={"Accept-Language": "ru"})
    event_id = only_event_id(app)
    assert event(app, event_id).submitter_locale == "ru"


def test_moderator_edit_is_applied_at_once(app, client, auth):
    event_id = submit_and_confirm(app, client)
    auth.login(Role.MODERATOR)
    response = client.post(f"/moderation/events/{event_id}/edit", data=form_data(title="Corrected title"))
    assert response.status_code == 303
    assert event(app, event_id).title == "Corrected title"


def manage_path(app) -> str:
    (_to, _subject, body) = outbox(app, "event-manage")[0]
    return path_of(link_in(body, "/events/manage/"))


def test_submitter_edit_after_approval_waits_in_the_queue_with_a_diff(app, client, auth):
    event_id = submit_and_confirm(app, client)
    approve_as_moderator(client, auth, event_id)
    path = manage_path(app)
    response = client.post(path + "/edit", data=form_data(title="New title", starts_at="2027-05-21T19:00"))
    assert response.status_code == 303
    assert event(app, event_id).title == "Vigil for political prisoners"
    assert b"New title" not in client.get(f"/events/{event_id}").data
    auth.login(Role.MODERATOR)
    assert b"Vigil for political prisoners" in client.get("/moderation/events").data
    review = client.get(f"/moderation/events/{event_id}").data.decode()
    assert "<ins>New title</ins>" in review
    assert "<del>Vigil for political prisoners</del>" in review
    assert "2027-05-21 17:00 UTC" in review  # the new start, 19:00 in Berlin
    client.post(f"/moderation/events/{event_id}/approve")
    updated = event(app, event_id)
    assert updated.title == "New title"
    assert updated.pending_changes is None
    assert updated.rescheduled
    assert updated.sequence == 1


def test_submitter_edit_is_applied_directly_when_requeue_is_off(app, client, auth):
    app.config["EVENTS_REQUEUE_EDITS"] = False
    event_id = submit_and_confirm(app, client)
    approve_as_moderator(client, auth, event_id)
    client.post(manage_path(app) + "/edit", data=form_data(title="New title"))
    assert event(app, event_id).title == "New title"
    assert event(app, event_id).sequence == 1


def test_cancelled_event_stays_visible_as_cancelled(app, client, auth):
    event_id = submit_and_confirm(app, client)
    approve_as_moderator(client, auth, event_id)
    assert client.post(manage_path(app) + "/cancel").status_code == 303
    cancelled = event(app, event_id)
    assert cancelled.cancelled
    page = client.get(f"/events/{event_id}")
    assert page.status_code == 200
    assert b"This event is cancelled." in page.data
    assert b"Cancelled" in client.get("/events").data
    assert client.post(manage_path(app) + "/edit", data=form_data()).status_code == 303
    assert event(app, event_id).title == "Vigil for political prisoners"


def test_a_submission_that_fails_validation_saves_nothing(app, client):
    response = client.post("/events/submit", data=form_data(ends_at="2027-05-21T17:00"))
    assert response.status_code == 400
    assert b"The end must be after the start." in response.data
    assert event_count(app) == 0
