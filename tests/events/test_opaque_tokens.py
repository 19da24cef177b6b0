"""Confirm and manage links for events carry random tokens that say nothing; old signed links still work."""

import hashlib

from tracker.accounts.models import Role
from tracker.core.tokens import make_token
from tracker.events.models import Event, EventStatus
from tracker.extensions import db


def _token(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def test_submit_confirm_and_manage_through_emailed_tokens(
    app, client, smtp_server, send_outbox, form_data, link_in, load_event, only_event_id, token_reveals
):
    client.post("/events/submit", data=form_data())
    send_outbox()
    confirm_path = link_in(smtp_server.messages[0], "/events/confirm/")
    assert client.post(confirm_path).status_code == 303
    assert load_event(only_event_id()).status == EventStatus.PENDING
    send_outbox()
    manage_path = link_in(smtp_server.messages[1], "/events/manage/")
    page = client.get(manage_path)
    assert page.status_code == 200
    assert b"Vigil for political prisoners" in page.data
    edited = client.post(f"{manage_path}/edit", data=form_data(title="Vigil and letters"))
    assert edited.status_code == 303
    for token in (_token(confirm_path), _token(manage_path)):
        assert "." not in token
        assert len(token) == 43
        assert token_reveals(token) == []


def test_a_guessed_or_altered_token_is_a_clean_404(app, client, smtp_server, send_outbox, form_data, link_in):
    client.post("/events/submit", data=form_data())
    send_outbox()
    token = _token(link_in(smtp_server.messages[0], "/events/confirm/"))
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for candidate in (altered, "x" * 43, "guessed"):
        for path in (f"/events/confirm/{candidate}", f"/events/manage/{candidate}"):
            response = client.get(path)
            assert response.status_code == 404
            assert b"<html" in response.data and b"Traceback" not in response.data
    assert client.get(f"/events/manage/{token}").status_code == 404  # a confirm token is no manage token


def test_the_database_holds_only_the_hashes_of_emailed_tokens(
    app, client, smtp_server, send_outbox, form_data, link_in, database_text
):
    client.post("/events/submit", data=form_data())
    send_outbox()
    confirm_path = link_in(smtp_server.messages[0], "/events/confirm/")
    client.post(confirm_path)
    send_outbox()
    manage_path = link_in(smtp_server.messages[1], "/events/manage/")
    # Queued and sent messages hold their bodies until the outbox is cleared; every other table holds no token.
    stored = database_text("outbox_messages")
    for token in (_token(confirm_path), _token(manage_path)):
        assert token not in stored
        assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_every_manage_link_for_an_event_is_the_same_and_a_new_key_revokes_it(
    app, client, auth, form_data, only_event_id
):
    auth.login(Role.ACTIVIST)
    submitted = client.post("/events/submit", data=form_data())
    manage_path = submitted.headers["Location"]
    assert manage_path in client.get("/events/mine").get_data(as_text=True)
    assert client.get(manage_path).status_code == 200
    with app.app_context():
        db.session.get(Event, only_event_id()).manage_key = "0" * 32
        db.session.commit()
    assert client.get(manage_path).status_code == 404


def test_links_emailed_in_the_signed_format_keep_working(app, client, form_data, only_event_id, load_event):
    client.post("/events/submit", data=form_data())
    event = load_event(only_event_id())
    with app.app_context():
        payload = {"e": event.id, "k": event.manage_key}
        confirm, manage = make_token("event-confirm", payload), make_token("event-manage", payload)
        stale = make_token("event-manage", {"e": event.id, "k": "0" * 32})
    assert client.post(f"/events/confirm/{confirm}").status_code == 303
    assert load_event(event.id).status == EventStatus.PENDING
    assert client.get(f"/events/manage/{manage}").status_code == 200
    assert client.get(f"/events/manage/{stale}").status_code == 404
