"""The editors' queue: editors and admins see and handle requests; nobody else does."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.requests.conftest import CONTACT, DETAILS, NOW
from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.requests import views
from tracker.requests.models import RecordRequest


@pytest.fixture
def frozen_now(monkeypatch):
    """The views' clock, fixed at NOW."""
    monkeypatch.setattr(views, "utcnow", lambda: NOW)
    return NOW


def test_editors_see_open_requests_oldest_first_with_their_age_and_overdue_flag(client, auth, make_request, frozen_now):
    newer = make_request(created_at=NOW - timedelta(days=1), record_name="Newer Person")
    older = make_request(created_at=NOW - timedelta(days=4), record_name="Older Person")
    make_request(created_at=NOW - timedelta(days=9), handled_at=NOW - timedelta(days=2), record_name="Done Person")
    auth.login(Role.EDITOR)
    page = client.get("/manage/requests").get_data(as_text=True)
    open_part, handled_part = page.split("<h2>Handled</h2>")
    assert open_part.index(f'data-request-id="{older}"') < open_part.index(f'data-request-id="{newer}"')
    older_row = open_part.split(f'data-request-id="{older}"')[1].split("</tr>")[0]
    newer_row = open_part.split(f'data-request-id="{newer}"')[1].split("</tr>")[0]
    assert "4 days" in older_row and "Overdue" in older_row
    assert "1 day" in newer_row and "Overdue" not in newer_row and "due " in newer_row
    assert "Done Person" not in open_part
    assert "deleted 30 days after" in handled_part


def test_the_dashboard_counts_open_and_overdue_requests(client, auth, make_request, frozen_now):
    make_request(created_at=NOW - timedelta(days=5))
    make_request(created_at=NOW)
    auth.login(Role.EDITOR)
    page = client.get("/manage").get_data(as_text=True)
    assert "2 open requests." in page and "1 overdue" in page
    assert 'href="/manage/requests"' in page


def test_an_editor_reads_a_request_and_marks_it_handled_with_a_note(app, client, auth, make_request):
    request_id = make_request()
    editor = auth.login(Role.EDITOR)
    page = client.get(f"/manage/requests/{request_id}").get_data(as_text=True)
    assert DETAILS in page and CONTACT in page
    response = client.post(f"/manage/requests/{request_id}/handle", data={"note": "Photo removed."})
    assert response.status_code == 303 and response.headers["Location"].endswith("/manage/requests")
    with app.app_context():
        record_request = db.session.get(RecordRequest, request_id)
        assert record_request.handled_at is not None
        assert record_request.handled_note == "Photo removed."
        assert record_request.handled_by.email == editor
        handled_at = record_request.handled_at
    page = client.get(f"/manage/requests/{request_id}").get_data(as_text=True)
    assert "Photo removed." in page and "Mark as handled</button>" not in page
    # Handling twice changes nothing.
    client.post(f"/manage/requests/{request_id}/handle", data={"note": "Again."})
    with app.app_context():
        record_request = db.session.get(RecordRequest, request_id)
        assert (record_request.handled_at, record_request.handled_note) == (handled_at, "Photo removed.")


def test_the_note_is_optional_but_refuses_control_characters(app, client, auth, make_request):
    first, second = make_request(), make_request()
    auth.login(Role.ADMIN)
    assert client.post(f"/manage/requests/{first}/handle", data={"note": "bad\x1b[0m"}).status_code == 400
    assert client.post(f"/manage/requests/{second}/handle", data={}).status_code == 303
    with app.app_context():
        handled = db.session.scalars(select(RecordRequest.id).where(RecordRequest.handled_at.is_not(None))).all()
        assert handled == [second]


@pytest.mark.parametrize("role", [Role.ACTIVIST, Role.MODERATOR])
def test_moderators_and_activists_are_refused(client, auth, make_request, role):
    request_id = make_request()
    auth.login(role)
    for response in (
        client.get("/manage/requests"),
        client.get(f"/manage/requests/{request_id}"),
        client.post(f"/manage/requests/{request_id}/handle", data={"note": "x"}),
    ):
        assert response.status_code == 403
        assert DETAILS not in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client, make_request):
    request_id = make_request()
    for response in (
        client.get("/manage/requests"),
        client.get(f"/manage/requests/{request_id}"),
        client.post(f"/manage/requests/{request_id}/handle"),
    ):
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_a_request_from_the_form_reaches_the_queue(client, auth, request_form):
    client.post("/requests/new", data=request_form(kind="consent"))
    auth.login(Role.EDITOR)
    page = client.get("/manage/requests").get_data(as_text=True)
    assert "Change what may be published about a person" in page
