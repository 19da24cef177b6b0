"""The moderators' review page: status in words, distinct decision buttons, submission time, warning flags."""

from datetime import UTC, datetime

import time_machine

from tracker.accounts.models import Role


def review_page(client, event_id: int) -> str:
    return client.get(f"/moderation/events/{event_id}").get_data(as_text=True)


def test_a_new_submission_reads_in_words_with_distinct_buttons(client, auth, submit_and_confirm):
    with time_machine.travel(datetime(2027, 4, 2, 8, 30, tzinfo=UTC), tick=False):
        event_id = submit_and_confirm()
        auth.login(Role.MODERATOR)
        page = review_page(client, event_id)
    assert "<dd>Waiting for a decision</dd>" in page
    assert ">pending<" not in page
    assert "<dt>Submitted</dt>" in page
    assert 'datetime="2027-04-02T08:30:00' in page
    assert '<button type="submit" class="primary">Approve</button>' in page
    assert '<button type="submit" class="danger">Reject</button>' in page
    assert "Starts in the past" not in page
    assert "Edited after approval" not in page


def test_a_submission_whose_start_has_passed_is_flagged(client, auth, submit_and_confirm):
    event_id = submit_and_confirm()
    with time_machine.travel(datetime(2027, 5, 22, 8, 0, tzinfo=UTC), tick=False):
        auth.login(Role.MODERATOR)
        page = review_page(client, event_id)
    assert '<li class="badge badge-warning">Starts in the past</li>' in page


def test_an_edit_after_approval_is_flagged(
    client, auth, approve_as_moderator, form_data, manage_path, submit_and_confirm
):
    event_id = submit_and_confirm()
    approve_as_moderator(event_id)
    assert client.post(manage_path() + "/edit", data=form_data(title="New title")).status_code == 303
    auth.login(Role.MODERATOR)
    page = review_page(client, event_id)
    assert '<li class="badge badge-warning">Edited after approval</li>' in page
    assert "<dd>Published</dd>" in page
    assert "approved " in page


def test_a_reject_without_a_reason_is_summarised_at_the_top(client, auth, submit_and_confirm):
    event_id = submit_and_confirm()
    auth.login(Role.MODERATOR)
    response = client.post(f"/moderation/events/{event_id}/reject", data={"reason": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.index('id="error-summary"') < page.index("<h1")
    assert '<a href="#reason">Give a reason.</a>' in page
