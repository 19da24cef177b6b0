"""Every form answers a bad post with one error summary first in <main>, linking to each field in error."""

import re

import pytest

from tracker.accounts.models import Role

# (path, data) posted by a signed-in admin; "{prisoner}" is a record's id.
SIGNED_IN_FORMS = [
    ("/prisoners/new", {"name_en": "x" * 201, "term_months": "many"}),
    ("/prisoners/{prisoner}/timeline", {"kind": "teleport", "occurred_on": "yesterday"}),
    ("/prisoners/{prisoner}/edit", {"birth_date": "2001-02-30"}),
    ("/prisoners/{prisoner}/consent", {}),
    ("/prisoners/{prisoner}/consent/withdraw", {}),
    ("/history/prisoners/{prisoner}/delete", {}),
    ("/counts/snapshots/new", {}),
    ("/dates/new", {"timezone": "Factory"}),
    ("/accounts/users/new", {"email": "not-an-email", "role": "emperor", "password": "short"}),
    ("/account", {}),
    ("/manage/guidance/new", {}),
    ("/prisoners/import", {}),
    ("/admin/export", {"recipients": "not a key"}),
]
PUBLIC_FORMS = [
    ("/events/submit", {}),
    ("/subscribe", {"scope": "some"}),
    ("/requests/new", {}),
    ("/login", {}),
    ("/password-reset", {}),
]


def assert_summary_links_every_field_in_error(page: str) -> None:
    """The summary comes before the heading, and every field marked in error is linked from it."""
    main = page.split("<main", 1)[1]
    assert 'id="error-summary"' in main, "no error summary"
    assert main.index('id="error-summary"') < main.index("<h1")
    summary = main.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'tabindex="-1"' in main.split('id="error-summary"', 1)[0].rsplit("<div", 1)[1] + summary
    in_error = set(re.findall(r'id="([\w-]+)-error"', main))
    assert in_error, "no field is marked in error"
    for field_id in in_error:
        assert f'href="#{field_id}"' in summary or f'href="#{field_id}-0"' in summary, field_id
    for message in re.findall(r"<li><a href=\"#[\w-]+\">([^<]+)</a></li>", summary):
        assert "Field cannot" not in message and "Not a valid" not in message and "This field is" not in message


@pytest.mark.parametrize(("path", "data"), PUBLIC_FORMS)
def test_public_forms_list_every_problem_at_the_top(client, path, data):
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert_summary_links_every_field_in_error(response.get_data(as_text=True))


@pytest.mark.parametrize(("path", "data"), SIGNED_IN_FORMS)
def test_editors_forms_list_every_problem_at_the_top(client, auth, make_prisoner, path, data):
    prisoner_id = make_prisoner("Ales Example")
    auth.login(Role.ADMIN)
    response = client.post(path.format(prisoner=prisoner_id), data=data)
    assert response.status_code == 400, response.get_data(as_text=True)[:2000]
    assert_summary_links_every_field_in_error(response.get_data(as_text=True))


def test_the_timeline_form_s_error_is_at_the_top_of_the_page_not_below_the_record(client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ales Example")
    auth.login(Role.EDITOR)
    page = client.post(f"/prisoners/{prisoner_id}/timeline", data={"kind": "verdict", "occurred_on": ""}).get_data(
        as_text=True
    )
    main = page.split("<main", 1)[1]
    assert main.index('id="error-summary"') < main.index("<form")
    assert '<a href="#occurred_on">' in main.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
