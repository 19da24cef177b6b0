"""The public request form: it saves what is asked, refuses bad input, keeps what was typed, and
tells a visitor nothing about records that are not public."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.requests.conftest import CONTACT, DETAILS, RECORD_NAME
from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.mail.models import OutboxMessage
from tracker.prisoners.models import EventKind
from tracker.requests.models import RequestKind, new_reference

REFERENCE = re.compile(r'class="reference">([2-9A-Z]{4}-[2-9A-Z]{4})<')


def test_a_request_is_saved_and_the_requester_sees_a_reference_and_the_response_time(
    client, request_form, stored_requests
):
    response = client.post("/requests/new", data=request_form())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/requests/sent")
    [(_id, reference, kind, name, prisoner_id, details, contact, handled)] = stored_requests()
    assert (kind, name, prisoner_id, details, contact, handled) == (
        RequestKind.WITHDRAWAL, RECORD_NAME, None, DETAILS, CONTACT, None,
    )  # fmt: skip
    page = client.get("/requests/sent").get_data(as_text=True)
    assert REFERENCE.search(page).group(1) == reference
    assert "within 3 days" in page
    # Shown once: a reload, or the next person at a shared computer, sees no reference.
    assert "reference" not in client.get("/requests/sent").get_data(as_text=True)


def test_the_response_time_target_is_configurable(app, client, request_form):
    app.config["REQUEST_RESPONSE_DAYS"] = 5
    client.post("/requests/new", data=request_form())
    assert "within 5 days" in client.get("/requests/sent").get_data(as_text=True)


def test_references_are_random_not_sequential(client, request_form, stored_requests):
    for _ in range(3):
        assert client.post("/requests/new", data=request_form()).status_code == 303
    references = [row[1] for row in stored_requests()]
    assert len(set(references)) == 3
    assert all(re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", reference) for reference in references)
    # A counter would hand them out in order; a hundred random ones are not.
    drawn = [new_reference() for _ in range(100)]
    assert len(set(drawn)) == 100 and drawn != sorted(drawn)


def test_an_empty_form_is_a_400_with_a_summary_linking_to_each_field(client, stored_requests):
    response = client.post("/requests/new", data={})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    for anchor, message in (
        ("#kind-0", "Choose what you are asking for."),
        ("#record_name", "Enter the name of the person the request is about."),
        ("#requester-0", "Choose who is asking."),
        ("#details", "Describe what should change."),
    ):
        assert f'<a href="{anchor}">{message}</a>' in summary
    assert 'id="kind-0"' in page and 'id="requester-0"' in page
    assert stored_requests() == []


def test_what_was_typed_comes_back_when_a_field_is_missing(client, request_form, stored_requests):
    response = client.post("/requests/new", data=request_form(requester=None, details="   "))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'value="{RECORD_NAME}"' in page
    assert f'value="{CONTACT}"' in page
    assert re.search(r'<input checked id="kind-1" name="kind"[^>]* value="withdrawal">', page)
    assert "Describe what should change." in page
    assert stored_requests() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("details", "Remove him\x1b[2J now"),
        ("details", "Remove \u202egnorw\u202c this"),
        ("record_name", "Zmitser\x07"),
        ("record_name", "Zmitser\nSecond line"),
        ("contact", "reply@example.net\x0b"),
    ],
)
def test_control_characters_are_refused(client, request_form, stored_requests, field, value):
    response = client.post("/requests/new", data=request_form(**{field: value}))
    assert response.status_code == 400
    assert "Remove the invisible control characters from this text." in response.get_data(as_text=True)
    assert stored_requests() == []


def test_line_breaks_and_tabs_are_welcome_in_the_description(client, request_form, stored_requests):
    details = "Wrong:\tthe region.\r\nRight:\tHomel."
    assert client.post("/requests/new", data=request_form(details=details)).status_code == 303
    assert stored_requests()[0][5] == details


def test_the_reply_contact_is_optional(client, request_form, stored_requests):
    assert client.post("/requests/new", data=request_form(contact=None)).status_code == 303
    assert stored_requests()[0][6] == ""


def test_overlong_text_is_refused(client, request_form, stored_requests):
    assert client.post("/requests/new", data=request_form(details="x" * 5001)).status_code == 400
    assert client.post("/requests/new", data=request_form(record_name="x" * 201)).status_code == 400
    assert stored_requests() == []


def test_the_form_explains_itself_and_marks_the_contact_optional(client):
    page = client.get("/requests/new").get_data(as_text=True)
    assert "How can we reply? (optional)" in page
    assert "is deleted together with it" in page
    assert "Only the editors read requests. They are never published." in page
    assert "<legend>What are you asking for?</legend>" in page


def test_the_footer_links_to_the_form(client):
    assert 'href="/requests/new"' in client.get("/").get_data(as_text=True)


def test_a_public_record_page_preselects_its_record(client, make_prisoner, stored_requests, request_form, slug_of):
    prisoner_id = make_prisoner("Ales Public", timeline=[(EventKind.DETENTION, date(2021, 1, 1))])
    slug = slug_of(prisoner_id)
    page = client.get(f"/prisoners/{slug}").get_data(as_text=True)
    assert f'href="/requests/new?record={slug}">Ask for a correction or removal</a>' in page
    form = client.get(f"/requests/new?record={slug}").get_data(as_text=True)
    assert "Ales Public" in form
    assert f'name="record" type="hidden" value="{slug}"' in form
    assert 'name="record_name"' not in form
    response = client.post("/requests/new", data=request_form(record=slug, record_name=None))
    assert response.status_code == 303
    assert stored_requests()[0][3:5] == ("", prisoner_id)


def without_return_address(response) -> str:
    """The page without the language links' return address, which repeats the URL asked for."""
    return re.sub(r'next=[^"]*"', 'next="', response.get_data(as_text=True))


def test_a_withheld_record_looks_exactly_like_one_that_does_not_exist(client, make_prisoner, request_form, slug_of):
    withheld = slug_of(make_prisoner("Secret Person", name_withheld=True))
    missing = "a2b3c4d5e6f7"
    pages = [client.get(f"/requests/new?record={value}") for value in (withheld, missing, "x")]
    blank = client.get("/requests/new")
    for response in pages:
        assert response.status_code == blank.status_code == 200
        assert without_return_address(response) == without_return_address(blank)
    assert "Secret Person" not in blank.get_data(as_text=True)
    posts = [
        client.post("/requests/new", data=request_form(record=str(value), record_name=None))
        for value in (withheld, missing)
    ]
    assert [response.status_code for response in posts] == [400, 400]
    assert posts[0].get_data() == posts[1].get_data()
    assert "Secret Person" not in posts[0].get_data(as_text=True)


def test_a_request_about_a_withheld_record_by_name_is_saved_unlinked(
    client, make_prisoner, request_form, stored_requests, slug_of
):
    withheld = make_prisoner("Secret Person", name_withheld=True)
    response = client.post("/requests/new", data=request_form(record=str(withheld), record_name="Secret Person"))
    assert response.status_code == 303
    response = client.post("/requests/new", data=request_form(record=slug_of(withheld), record_name="Secret Person"))
    assert response.status_code == 303
    assert [row[3:5] for row in stored_requests()] == [("Secret Person", None), ("Secret Person", None)]


def test_editors_are_told_only_that_a_request_waits(app, client, make_user, request_form, stored_requests):
    _, editor = make_user(Role.EDITOR)
    _, admin = make_user(Role.ADMIN)
    make_user(Role.MODERATOR)
    make_user(Role.ACTIVIST)
    assert client.post("/requests/new", data=request_form()).status_code == 303
    reference = stored_requests()[0][1]
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert sorted(message.to_address for message in messages) == sorted([editor, admin])
        for message in messages:
            text = f"{message.subject}\n{message.body_text}"
            assert message.subject == "A new request is waiting"
            assert "/manage/requests" in message.body_text
            for private in (DETAILS, CONTACT, RECORD_NAME, "Zmitser", reference, "withdraw", "remove"):
                assert private.lower() not in text.lower()


@pytest.fixture
def limited_app(tmp_path, make_instance):
    return make_instance(tmp_path / "limited", RATELIMIT_ENABLED=True, REQUESTS_SUBMIT_RATE_LIMIT="2 per hour")


def test_a_rate_limited_request_gets_its_form_back_filled_in(limited_app, request_form):
    client = limited_app.test_client()
    for _ in range(2):
        assert client.post("/requests/new", data=request_form()).status_code == 303
    response = client.post("/requests/new", data=request_form(details="Third: fix the birth date."))
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Your request was not sent yet" in page
    assert "Third: fix the birth date." in page
    assert f'value="{RECORD_NAME}"' in page
    assert '<input checked id="kind-1"' in page
    assert "<form" in page
    assert client.get("/requests/new").status_code == 200  # reading the form is not limited
    with limited_app.app_context():
        from tracker.requests.models import RecordRequest

        assert db.session.scalar(select(db.func.count()).select_from(RecordRequest)) == 2


def test_the_form_needs_a_csrf_token_when_csrf_is_on(tmp_path, make_instance, request_form):
    protected = make_instance(tmp_path / "csrf", WTF_CSRF_ENABLED=True)
    client = protected.test_client()
    response = client.post("/requests/new", data=request_form())
    assert response.status_code == 400
    page = client.get("/requests/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/requests/new", data=request_form(csrf_token=token)).status_code == 303


def test_request_pages_are_never_stored_by_a_browser_cache(client, request_form):
    assert client.get("/requests/new").headers["Cache-Control"] == "no-store"
    client.post("/requests/new", data=request_form())
    assert client.get("/requests/sent").headers["Cache-Control"] == "no-store"
