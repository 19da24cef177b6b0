"""'I sent a letter' counts once per suggestion, asks nothing about the writer, and changes no public data."""

import re

from sqlalchemy import func, select

from tracker.accounts.models import Role
from tracker.core.changes import data_generation
from tracker.extensions import db
from tracker.letters.models import LetterReport


def test_a_letter_counts_once_and_the_monthly_total_shows_it(app, client, make_writable, suggestion_on):
    make_writable()
    token, _slug = suggestion_on(client.get("/letters").get_data(as_text=True))
    counted = client.post("/letters/sent", data={"suggestion": token})
    assert counted.status_code == 200 and "Thank you" in counted.get_data(as_text=True)
    assert "1 letter reported this month" in counted.get_data(as_text=True)
    again = client.post("/letters/sent", data={"suggestion": token})
    assert again.status_code == 409 and "already counted" in again.get_data(as_text=True)
    assert "1 letter reported this month" in client.get("/letters").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(LetterReport.id))) == 1


def test_forged_or_missing_suggestions_count_nothing(app, client, make_writable, suggestion_on):
    make_writable()
    token, _slug = suggestion_on(client.get("/letters").get_data(as_text=True))
    for forged in (token[:-3] + "abc", "made-up", ""):
        response = client.post("/letters/sent", data={"suggestion": forged})
        assert response.status_code == 400 and "nothing was counted" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(LetterReport.id))) == 0


def test_a_report_feeds_the_fairness_order(client, make_writable, suggestion_on):
    make_writable("Ales One")
    make_writable("Bazyl Two")
    token, written = suggestion_on(client.get("/letters").get_data(as_text=True))
    client.post("/letters/sent", data={"suggestion": token})
    # Both suggested once now; the one written to has more attention, so the other comes next.
    assert suggestion_on(client.get("/letters").get_data(as_text=True))[1] != written


def test_counting_a_letter_leaves_the_public_data_generation_alone(app, client, make_writable, suggestion_on):
    make_writable()
    with app.app_context():
        before = data_generation()
    token, _slug = suggestion_on(client.get("/letters").get_data(as_text=True))
    client.post("/letters/sent", data={"suggestion": token})
    with app.app_context():
        assert data_generation() == before


def test_per_person_counts_are_for_editors_only(client, auth, make_writable, suggestion_on):
    make_writable("Ales Counted")
    token, _slug = suggestion_on(client.get("/letters").get_data(as_text=True))
    client.post("/letters/sent", data={"suggestion": token})
    assert client.get("/letters/manage").status_code in (302, 403)
    auth.login(Role.EDITOR)
    page = client.get("/letters/manage").get_data(as_text=True)
    assert "Ales Counted" in page and re.search(r"<td>1</td><td>1</td><td>1</td>", page)
    dashboard = client.get("/manage").get_data(as_text=True)
    assert "1 letter reported this month" in dashboard and 'href="/letters/manage"' in dashboard


def test_reports_are_rate_limited_with_a_clear_message(tmp_path, make_instance, make_prisoner):
    limited = make_instance(tmp_path / "limited", RATELIMIT_ENABLED=True, LETTERS_REPORT_RATE_LIMIT="2 per hour")
    client = limited.test_client()
    for _ in range(2):
        client.post("/letters/sent", data={"suggestion": "x"})
    response = client.post("/letters/sent", data={"suggestion": "x"})
    assert response.status_code == 429 and "Too many letters reported" in response.get_data(as_text=True)


def test_the_button_needs_a_csrf_token_when_csrf_is_on(tmp_path, make_instance):
    protected = make_instance(tmp_path / "csrf", WTF_CSRF_ENABLED=True)
    assert protected.test_client().post("/letters/sent", data={"suggestion": "x"}).status_code == 400
