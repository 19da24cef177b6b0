"""Property-based: arbitrary text, numbers, dates and files at every form and query parameter.

Whatever arrives, the answer is a page or a 4xx — never a 500 — and a rejected form saves nothing.
"""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tracker.accounts.forms import LoginForm, UserCreateForm
from tracker.accounts.models import Role, User
from tracker.counts.forms import SnapshotForm
from tracker.counts.models import CountSnapshot
from tracker.dates.forms import DateForm
from tracker.dates.models import CommemorativeDate
from tracker.events.forms import EventForm
from tracker.events.models import Event
from tracker.extensions import db
from tracker.prisoners.forms import PrisonerForm, TimelineEntryForm
from tracker.prisoners.models import EventKind, Prisoner, TimelineEntry
from tracker.reminders.forms import SubscribeForm
from tracker.reminders.models import Subscription

SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# Text that breaks naive code: control characters, NUL, surrogate-free unicode, huge and tiny numbers, dates.
hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\r\nBcc: x@example.org",
            "<script>alert(1)</script>",
            "-1",
            "0",
            "9" * 40,
            "1e309",
            "NaN",
            "2027-02-30",
            "0000-00-00",
            "9999-12-31",
            "1900-01-01",
            "../../etc/passwd",
            "javascript:alert(1)",
            "' OR 1=1 --",
            "%00",
            "Ашурак",
            "\u202e",
            "a" * 5000,
        ]
    ),  # fmt: skip
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(date.isoformat),
)


def field_names(form) -> list[str]:
    """Every input name a rendered form posts, nested field lists included."""
    names = []
    for field in form:
        if field.type in {"FieldList", "FormField"}:
            names.extend(field_names(field))
        elif field.type != "CSRFTokenField":
            names.append(field.name)
    return names


def names_of(app, form_class) -> list[str]:
    with app.test_request_context():
        return field_names(form_class())


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).execution_options(include_deleted=True))


FORMS = [
    # (path, form class, model whose rows must not grow on a rejected post, role)
    ("/prisoners/new", PrisonerForm, Prisoner, Role.EDITOR),
    ("/counts/snapshots/new", SnapshotForm, CountSnapshot, Role.EDITOR),
    ("/dates/new", DateForm, CommemorativeDate, Role.EDITOR),
    ("/accounts/users/new", UserCreateForm, User, Role.ADMIN),
    ("/events/submit", EventForm, Event, None),
    ("/subscribe", SubscribeForm, Subscription, None),
    ("/login", LoginForm, User, None),
]


@pytest.mark.parametrize(("path", "form_class", "model", "role"), FORMS, ids=[form[0] for form in FORMS])
def test_forms_survive_arbitrary_input(app, auth, path, form_class, model, role):
    if role is not None:
        auth.login(role)
    client = auth._client
    names = names_of(app, form_class)

    @SETTINGS
    @given(st.fixed_dictionaries({}, optional={name: hostile_text for name in names}))
    def post_arbitrary(values):
        before = count(app, model)
        response = client.post(path, data=values)
        assert response.status_code < 500, (path, values)
        if response.status_code not in (302, 303):
            assert count(app, model) == before, "a rejected form saved something"

    post_arbitrary()


def test_timeline_form_survives_arbitrary_input(app, auth, make_prisoner):
    prisoner_id = make_prisoner("Someone", timeline=[(EventKind.DETENTION, date(2021, 1, 1))])
    auth.login(Role.EDITOR)
    client = auth._client
    names = names_of(app, TimelineEntryForm)

    @SETTINGS
    @given(st.fixed_dictionaries({}, optional={name: hostile_text for name in names}))
    def post_arbitrary(values):
        before = count(app, TimelineEntry)
        response = client.post(f"/prisoners/{prisoner_id}/timeline", data=values)
        assert response.status_code < 500
        if response.status_code != 303:
            assert count(app, TimelineEntry) == before

    post_arbitrary()


@pytest.mark.parametrize("path", ["/prisoners/new", "/events/submit"])
def test_uploads_of_arbitrary_bytes_never_break_the_form(app, auth, path):
    import io

    auth.login(Role.EDITOR)
    client = auth._client
    field = "photo" if path.startswith("/prisoners") else "image"

    @SETTINGS
    @given(st.binary(max_size=4096), st.text(max_size=80))
    def upload(content, filename):
        response = client.post(
            path, data={field: (io.BytesIO(content), filename or "x")}, content_type="multipart/form-data"
        )
        assert response.status_code < 500

    upload()


QUERY_PAGES = {
    "/prisoners": ["q", "status", "region", "place", "article", "page"],
    "/events": ["country", "city", "mode", "tag", "start", "end", "q"],
    "/events/archive": ["country", "city", "mode", "tag", "start", "end", "q"],
    "/events/feed.ics": ["country", "city", "mode", "tag", "start", "end", "q"],
    "/events/feed.atom": ["country", "city", "mode", "tag", "start", "end", "q"],
    "/dates": ["kind", "from", "page"],
    "/api/v1/prisoners": ["q", "status", "region", "place", "article", "page", "per_page"],
    "/api/v1/events": ["when", "country", "city", "mode", "tag", "start", "end", "q", "page", "per_page"],
    "/api/v1/counts": ["since"],
    "/api/v1/dates/upcoming": ["limit"],
    "/admin/outbox": ["status"],
    "/manage": ["page"],
}


@pytest.mark.parametrize("path", list(QUERY_PAGES))
def test_query_parameters_survive_arbitrary_values(app, auth, path):
    auth.login(Role.ADMIN)
    client = auth._client
    names = QUERY_PAGES[path] + ["unexpected"]

    @SETTINGS
    @given(st.fixed_dictionaries({}, optional={name: hostile_text for name in names}))
    def get_arbitrary(params):
        response = client.get(path, query_string=params)
        assert response.status_code < 500, (path, params)

    get_arbitrary()


@SETTINGS
@given(segment=hostile_text)
def test_arbitrary_path_segments_are_never_a_server_error(client, segment):
    from urllib.parse import quote

    for template in ("/prisoners/{}", "/reminders/{}/2027", "/events/on/{}/2027", "/subscribe/confirm/{}",
                     "/unsubscribe/{}", "/events/manage/{}", "/history/{}/1", "/api/v1/prisoners/{}"):  # fmt: skip
        response = client.get(template.format(quote(segment, safe="")))
        assert response.status_code < 500, (template, segment)
