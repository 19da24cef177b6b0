"""Submission, confirmation, moderation, organizer edits and cancellation, end to end."""

from tracker.accounts.models import Role
from tracker.events.models import EventStatus


def test_anonymous_submission_is_saved_and_confirmed_through_the_emailed_link(
    app, client, smtp_server, send_outbox, form_data, link_in, load_event, only_event_id
):
    response = client.post("/events/submit", data=form_data())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/events/received")
    event_id = only_event_id()
    assert load_event(event_id).status == EventStatus.UNCONFIRMED
    assert send_outbox() == 1
    message = smtp_server.messages[0]
    assert message["To"] == "organizer@example.org"
    link = link_in(message.get_content(), "/events/confirm/")
    # A mail scanner's GET must not confirm.
    page = client.get(link)
    assert page.status_code == 200
    assert b"Confirm the event" in page.data
    assert load_event(event_id).status == EventStatus.UNCONFIRMED
    confirmed = client.post(link)
    assert confirmed.status_code == 303
    assert "/events/manage/" in confirmed.headers["Location"]
    assert load_event(event_id).status == EventStatus.PENDING
    assert send_outbox() == 1
    assert "/events/manage/" in smtp_server.messages[1].get_content()


def test_tampered_or_foreign_confirmation_token_is_refused(app, client, form_data, link_in, outbox):
    client.post("/events/submit", data=form_data())
    (_to, _subject, body) = outbox("event-confirm")[0]
    path = link_in(body, "/events/confirm/")
    assert client.post(path[:-3] + "abc").status_code == 404
    assert client.get("/events/confirm/garbage").status_code == 404
    manage_path = path.replace("/confirm/", "/manage/")
    assert client.get(manage_path).status_code == 404  # a confirm token is no edit token


def test_signed_in_activist_skips_the_email_step(app, client, auth, form_data, load_event, only_event_id, outbox):
    auth.login(Role.ACTIVIST)
    response = client.post("/events/submit", data=form_data())
    assert response.status_code == 303
    assert "/events/manage/" in response.headers["Location"]
    assert load_event(only_event_id()).status == EventStatus.PENDING
    assert outbox("event-confirm") == []
    assert b"Vigil for political prisoners" in client.get("/events/mine").data


def test_nothing_is_public_before_approval(app, client, auth, approve_as_moderator, submit_and_confirm, event_slug_of):
    event_id = submit_and_confirm()
    assert client.get(f"/events/{event_slug_of(event_id)}").status_code == 404
    assert client.get(f"/events/{event_slug_of(event_id)}/event.ics").status_code == 404
    assert b"Vigil" not in client.get("/events").data
    assert b"Vigil" not in client.get("/events/feed.ics").data
    assert b"Vigil" not in client.get("/events/feed.atom").data
    approve_as_moderator(event_id)
    assert client.get(f"/events/{event_slug_of(event_id)}").status_code == 200
    assert b"Vigil for political prisoners" in client.get("/events").data


def test_moderation_queue_is_for_moderators_only(app, client, auth, submit_and_confirm):
    event_id = submit_and_confirm()
    assert client.get("/moderation/events").status_code == 302
    auth.login(Role.ACTIVIST)
    assert client.get("/moderation/events").status_code == 403
    assert client.post(f"/moderation/events/{event_id}/approve").status_code == 403
    auth.logout()
    auth.login(Role.MODERATOR)
    page = client.get("/moderation/events")
    assert b"Vigil for political prisoners" in page.data
    assert b"organizer@example.org" in client.get(f"/moderation/events/{event_id}").data


def test_unconfirmed_submission_is_not_in_the_queue(app, client, auth, form_data):
    client.post("/events/submit", data=form_data())
    auth.login(Role.MODERATOR)
    assert b"Vigil" not in client.get("/moderation/events").data


def test_rejection_reason_reaches_the_submitter_by_smtp(
    app, client, auth, smtp_server, send_outbox, load_event, submit_and_confirm, event_slug_of
):
    event_id = submit_and_confirm()
    auth.login(Role.MODERATOR)
    assert client.post(f"/moderation/events/{event_id}/reject", data={"reason": ""}).status_code == 400
    response = client.post(f"/moderation/events/{event_id}/reject", data={"reason": "Not about political prisoners."})
    assert response.status_code == 303
    assert load_event(event_id).status == EventStatus.REJECTED
    send_outbox()
    rejection = [m for m in smtp_server.messages if "not published" in m["Subject"]]
    assert len(rejection) == 1
    assert rejection[0]["To"] == "organizer@example.org"
    assert "Not about political prisoners." in rejection[0].get_content()
    assert client.get(f"/events/{event_slug_of(event_id)}").status_code == 404


def test_rejection_email_is_in_the_submitters_language(app, client, auth, form_data, load_event, only_event_id):
    client.post("/events/submit", data=form_data(), headers={"Accept-Language": "ru"})
    event_id = only_event_id()
    assert load_event(event_id).submitter_locale == "ru"


def test_moderator_edit_is_applied_at_once(app, client, auth, form_data, load_event, submit_and_confirm):
    event_id = submit_and_confirm()
    auth.login(Role.MODERATOR)
    response = client.post(f"/moderation/events/{event_id}/edit", data=form_data(title="Corrected title"))
    assert response.status_code == 303
    assert load_event(event_id).title == "Corrected title"


def test_submitter_edit_after_approval_waits_in_the_queue_with_a_diff(
    app, client, auth, approve_as_moderator, form_data, load_event, manage_path, submit_and_confirm, event_slug_of
):
    event_id = submit_and_confirm()
    approve_as_moderator(event_id)
    path = manage_path()
    response = client.post(path + "/edit", data=form_data(title="New title", starts_at="2027-05-21T19:00"))
    assert response.status_code == 303
    assert load_event(event_id).title == "Vigil for political prisoners"
    assert b"New title" not in client.get(f"/events/{event_slug_of(event_id)}").data
    auth.login(Role.MODERATOR)
    assert b"Vigil for political prisoners" in client.get("/moderation/events").data
    review = client.get(f"/moderation/events/{event_id}").data.decode()
    assert "<ins>New title</ins>" in review
    assert "<del>Vigil for political prisoners</del>" in review
    assert "2027-05-21 17:00 UTC" in review  # the new start, 19:00 in Berlin
    client.post(f"/moderation/events/{event_id}/approve")
    updated = load_event(event_id)
    assert updated.title == "New title"
    assert updated.pending_changes is None
    assert updated.rescheduled
    assert updated.sequence == 1


def test_submitter_edit_is_applied_directly_when_requeue_is_off(
    app, client, auth, approve_as_moderator, form_data, load_event, manage_path, submit_and_confirm
):
    app.config["EVENTS_REQUEUE_EDITS"] = False
    event_id = submit_and_confirm()
    approve_as_moderator(event_id)
    client.post(manage_path() + "/edit", data=form_data(title="New title"))
    assert load_event(event_id).title == "New title"
    assert load_event(event_id).sequence == 1


def test_cancelled_event_stays_visible_as_cancelled(
    app, client, auth, approve_as_moderator, form_data, load_event, manage_path, submit_and_confirm, event_slug_of
):
    event_id = submit_and_confirm()
    approve_as_moderator(event_id)
    assert client.post(manage_path() + "/cancel").status_code == 303
    cancelled = load_event(event_id)
    assert cancelled.cancelled
    page = client.get(f"/events/{event_slug_of(event_id)}")
    assert page.status_code == 200
    assert b"This event is cancelled." in page.data
    assert b"Cancelled" in client.get("/events").data
    assert client.post(manage_path() + "/edit", data=form_data()).status_code == 303
    assert load_event(event_id).title == "Vigil for political prisoners"


def test_a_submission_that_fails_validation_saves_nothing(app, client, event_count, form_data):
    response = client.post("/events/submit", data=form_data(ends_at="2027-05-21T17:00"))
    assert response.status_code == 400
    assert b"The end must be after the start." in response.data
    assert event_count() == 0
