"""Password reset by email: an expiring link that works once, the same answer for every address, rate-limited."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.conftest import PASSWORD
from tracker.extensions import db
from tracker.mail.models import OutboxMessage

NEW_PASSWORD = "a-brand-new-passphrase"


def _ask(client, address: str):
    return client.post("/password-reset", data={"email": address})


def _reset_link(smtp_server, send_outbox, link_in) -> str:
    assert send_outbox() == 1
    message = smtp_server.messages[-1]
    return link_in(message, "/password-reset/")


def test_a_reset_link_by_smtp_sets_a_new_password_once(client, make_user, smtp_server, send_outbox, link_in):
    _user_id, address = make_user()
    response = _ask(client, address.upper())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/password-reset/sent")
    link = _reset_link(smtp_server, send_outbox, link_in)
    assert smtp_server.messages[-1]["To"] == address
    assert "60 minutes and only once" in smtp_server.messages[-1].get_content()
    assert client.get(link).status_code == 200
    mismatched = client.post(link, data={"new_password": NEW_PASSWORD, "confirm": "something else"})
    assert mismatched.status_code == 400
    assert "The passwords do not match." in mismatched.get_data(as_text=True)
    done = client.post(link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert client.post("/login", data={"email": address, "password": PASSWORD}).status_code == 400
    assert client.post("/login", data={"email": address, "password": NEW_PASSWORD}).status_code == 303
    client.post("/logout")
    # The link is spent: the password it was issued for is gone.
    again = client.post(link, data={"new_password": "yet-another-passphrase", "confirm": "yet-another-passphrase"})
    assert again.status_code == 400
    assert "This link does not work" in again.get_data(as_text=True)


def test_an_unknown_address_gets_the_same_answer_and_no_email(app, client, make_user):
    _user_id, address = make_user()
    known, unknown = _ask(client, address), _ask(client, "nobody@example.org")
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    with app.app_context():
        recipients = db.session.scalars(select(OutboxMessage.to_address)).all()
    assert recipients == [address]
    sent = client.get("/password-reset/sent").get_data(as_text=True)
    assert "If an account uses this address, we sent it a link" in sent


def test_a_reset_link_expires(app, client, make_user, smtp_server, send_outbox, link_in, monkeypatch):
    _user_id, address = make_user()
    _ask(client, address)
    link = _reset_link(smtp_server, send_outbox, link_in)
    later = datetime.now(UTC) + timedelta(seconds=app.config["PASSWORD_RESET_MAX_AGE_SECONDS"] + 1)
    monkeypatch.setattr("tracker.accounts.views.utcnow", lambda: later)
    assert client.get(link).status_code == 400
    assert client.get("/password-reset/not-a-token").status_code == 400


def test_an_empty_request_is_a_summary_not_an_email(app, client):
    response = client.post("/password-reset", data={"email": ""})
    assert response.status_code == 400
    assert '<a href="#email">Enter the email address of your account.</a>' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage.id)).all() == []


def test_reset_requests_are_rate_limited_with_the_form_kept(tmp_path, make_instance):
    limited = make_instance(tmp_path / "limited", RATELIMIT_ENABLED=True, PASSWORD_RESET_RATE_LIMIT="2 per hour")
    client = limited.test_client()
    for _ in range(3):  # a mistake does not count
        assert client.post("/password-reset", data={"email": ""}).status_code == 400
    for _ in range(2):
        assert _ask(client, "someone@example.org").status_code == 303
    response = _ask(client, "someone-else@example.org")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Not sent yet" in page
    assert 'value="someone-else@example.org"' in page


def test_sign_in_counts_checked_passwords_not_empty_forms(tmp_path, make_instance):
    limited = make_instance(tmp_path / "limited", RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = limited.test_client()
    for _ in range(3):  # nothing was checked: no count
        assert client.post("/login", data={"email": "someone@example.org", "password": ""}).status_code == 400
    for _ in range(2):  # wrong passwords are checked, so they count
        assert client.post("/login", data={"email": "someone@example.org", "password": "guess"}).status_code == 400
    response = client.post("/login", data={"email": "someone@example.org", "password": "another guess"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Not sent yet" in page
    assert 'value="someone@example.org"' in page
    assert "another guess" not in page
