"""Nothing signed-in, personal or private ever reaches the shared page cache."""

import pytest

from tests.core.conftest import LANGUAGES
from tracker.accounts.models import Role
from tracker.events.models import Event
from tracker.extensions import db

SIGNED_IN_MARKS = ("Sign out", "@example.org", "csrf_token", "Dashboard", "/manage")
FORM_PAGES = ["/login", "/subscribe", "/events/submit", "/requests/new"]


@pytest.mark.parametrize("role", list(Role))
def test_pages_rendered_for_a_signed_in_visitor_are_never_stored(
    client, auth, site, fetch_all, stored_pages, redis_page_cache, role
):
    email = auth.login(role)
    pages = fetch_all(site.urls)
    assert any("Sign out" in body for _status, body in pages.values())  # they were rendered as signed in
    assert stored_pages() == []
    auth.logout()

    client.get("/")  # shows "signed out" once, to this visitor alone
    client.get("/")
    stored = stored_pages()
    assert stored and not [body for body in stored if email in body or "Sign out" in body]


def test_forms_with_a_token_and_pages_with_messages_are_never_stored(
    app, client, site, fetch_all, stored_pages, redis_page_cache
):
    app.config["WTF_CSRF_ENABLED"] = True
    fetch_all([*FORM_PAGES, *site.urls])
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "A message for this visitor alone")]
    client.get("/events")
    stored = stored_pages()
    assert len(stored) >= len(site.urls)  # the public pages themselves were stored
    assert not [body for body in stored if any(mark in body for mark in (*SIGNED_IN_MARKS, "for this visitor alone"))]


def test_private_fields_of_records_never_reach_the_store(app, site, fetch_all, stored_pages, redis_page_cache):
    fetch_all(site.urls)
    with app.app_context():
        private_contact = db.session.get(Event, site.event_id).private_contact
    assert private_contact and not [body for body in stored_pages() if private_contact in body]


def test_every_language_is_stored_apart(client, site, stored_pages, redis_page_cache):
    for language in LANGUAGES:
        client.set_cookie("lang", language)
        assert f'lang="{language}"' in client.get("/events").get_data(as_text=True)
    assert len([body for body in stored_pages() if "<html" in body]) == len(LANGUAGES)
