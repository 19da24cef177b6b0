"""Security hardening: headers, session invalidation, two-factor sign-in."""

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine

from config import Config, ProductionConfig
from tests.conftest import PASSWORD
from tracker.accounts import services
from tracker.accounts.models import Role, User
from tracker.extensions import db


def test_security_headers_on_every_response(client):
    for url in ("/", "/prisoners", "/counts.json", "/healthz", "/does-not-exist"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "default-src 'self'" in csp, url
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in headers  # only in production


def test_browser_form_post_over_https_passes_the_csrf_check(app, make_user):
    # Behind the TLS proxy the app sees https, and Flask-WTF then refuses any post without a same-origin
    # Referer. Under "no-referrer" browsers sent none, so every form failed in production.
    site = "https://tracker.example.org"
    _user_id, email = make_user(Role.EDITOR)
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get("/login", base_url=site)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))[1]
    # A browser then sends the page's address along (the meta tag would override the header).
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in page.get_data(as_text=True)
    form = {"csrf_token": token, "email": email, "password": PASSWORD}
    refused = client.post("/login", data=form, base_url=site)  # what browsers sent under "no-referrer"
    assert refused.status_code == 400 and "password" not in refused.get_data(as_text=True).lower()
    accepted = client.post("/login", data=form, base_url=site, headers={"Referer": f"{site}/login"})
    assert accepted.status_code == 303


def test_hsts_in_production_settings(app, client):
    app.config["HSTS_ENABLED"] = True
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_is_httponly_and_lax(client, make_user):
    _user_id, email = make_user(Role.EDITOR)
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_password_change_signs_out_other_sessions(app, make_user):
    _user_id, email = make_user(Role.EDITOR)
    laptop, phone = app.test_client(), app.test_client()
    for device in (laptop, phone):
        assert device.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
    response = laptop.post(
        "/account",
        data={"current_password": PASSWORD, "new_password": "a-brand-new-password", "confirm": "a-brand-new-password"},
    )
    assert response.status_code == 303
    assert laptop.get("/prisoners/new").status_code == 200  # the session that changed it continues
    assert phone.get("/prisoners/new").status_code == 302  # every other session is signed out


def test_password_change_needs_the_current_password(client, auth):
    auth.login(Role.EDITOR)
    response = client.post(
        "/account", data={"current_password": "wrong-password", "new_password": "x" * 12, "confirm": "x" * 12}
    )
    assert response.status_code == 400
    assert "current password is not right" in response.get_data(as_text=True)


def test_forged_session_id_is_refused(app, make_user):
    user_id, _email = make_user(Role.ADMIN)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:guessed-token"
        session["_fresh"] = True
    assert client.get("/accounts/users").status_code == 302


def enable_two_factor(app, user_id) -> str:
    secret = pyotp.random_base32()
    with app.app_context():
        user = db.session.get(User, user_id)
        assert services.enable_two_factor(user, secret, pyotp.TOTP(secret).now(), datetime.now(UTC))
        db.session.commit()
    return secret


def test_two_factor_sign_in_needs_a_fresh_code(app, client, make_user):
    user_id, email = make_user(Role.EDITOR)
    secret = enable_two_factor(app, user_id)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=2), tick=False):
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.headers["Location"] == "/login/code"
        assert client.get("/prisoners/new").status_code == 302  # password alone does not sign in
        assert client.post("/login/code", data={"code": "000000"}).status_code == 400
        code = pyotp.TOTP(secret).now()
        assert client.post("/login/code", data={"code": code}).status_code == 303
        assert client.get("/prisoners/new").status_code == 200
        # The same code cannot be replayed for another sign-in.
        other = app.test_client()
        other.post("/login", data={"email": email, "password": PASSWORD})
        assert other.post("/login/code", data={"code": code}).status_code == 400


def test_code_page_without_password_step_sends_back_to_login(client):
    assert client.get("/login/code").headers["Location"] == "/login"
    assert client.post("/login/code", data={"code": "123456"}).headers["Location"] == "/login"


def test_turning_on_two_factor_through_the_pages(app, client, auth):
    email = auth.login(Role.MODERATOR)
    page = client.get("/account/two-factor").get_data(as_text=True)
    with client.session_transaction() as session:
        secret = session["two_factor_secret"]
    assert secret in page
    assert client.post("/account/two-factor", data={"code": "12"}).status_code == 400
    assert client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()}).status_code == 303
    with app.app_context():
        assert services.find_user_by_email(email).has_two_factor


def test_production_requires_two_factor_of_staff():
    assert ProductionConfig.REQUIRE_STAFF_TOTP and not Config.REQUIRE_STAFF_TOTP


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EDITOR, Role.ADMIN])
def test_production_staff_must_set_up_two_factor(app, client, auth, role):
    app.config["REQUIRE_STAFF_TOTP"] = True
    auth.login(role)
    for url in ("/", "/moderation", "/account"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/account/two-factor", url
    assert client.get("/account/two-factor").status_code == 200


def test_production_activists_may_sign_in_without_two_factor(app, client, auth):
    app.config["REQUIRE_STAFF_TOTP"] = True
    auth.login(Role.ACTIVIST)
    assert client.get("/account").status_code == 200


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EDITOR, Role.ADMIN])
def test_production_staff_cannot_turn_two_factor_off(app, client, make_user, role):
    app.config["REQUIRE_STAFF_TOTP"] = True
    user_id, email = make_user(role)
    secret = enable_two_factor(app, user_id)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=2), tick=False):
        client.post("/login", data={"email": email, "password": PASSWORD})
        assert client.post("/login/code", data={"code": pyotp.TOTP(secret).now()}).status_code == 303
        assert client.get("/account").status_code == 200
        assert client.post("/account/two-factor", data={"password": PASSWORD}).status_code == 403
    with app.app_context():
        assert db.session.get(User, user_id).has_two_factor


def test_only_the_events_widget_may_be_framed(client):
    widget = client.get("/events/widget/country/PL")
    assert widget.status_code == 200
    assert "frame-ancestors *" in widget.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in widget.headers
    assert "frame-ancestors 'none'" in client.get("/events").headers["Content-Security-Policy"]
