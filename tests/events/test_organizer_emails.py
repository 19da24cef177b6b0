"""What organizers are told by email: which event, when, how long a link works, and that it is published."""

import re

from tracker.events.models import EventStatus


def names_day(text: str, month: str, day: int) -> bool:
    """Whether a text names a day of 2027 (in either English order: the locale data decides)."""
    return bool(re.search(rf"\b({day} {month}|{month} {day}),? 2027", text))


def test_two_confirmations_name_their_own_event_and_day(client, form_data, outbox):
    for starts, ends in (("2027-05-21T18:00", "2027-05-21T20:00"), ("2027-06-04T18:00", "2027-06-04T20:00")):
        assert client.post("/events/submit", data=form_data(starts_at=starts, ends_at=ends)).status_code == 303
    (first_to, first_subject, first_body), (_to, second_subject, second_body) = outbox("event-confirm")
    assert first_subject != second_subject and first_body != second_body
    assert "Vigil for political prisoners" in first_subject and names_day(first_subject, "May", 21)
    assert "Vigil for political prisoners" in first_body and names_day(first_body, "May", 21)
    assert "Europe/Berlin" in first_body
    assert names_day(second_subject, "Jun", 4) and names_day(second_body, "June", 4)
    # Validity in days, the unit people plan with.
    assert "the link works for 7 days" in first_body and "hour" not in first_body


def test_the_waiting_email_names_the_event_and_says_approval_will_be_emailed(submit_and_confirm, outbox):
    submit_and_confirm()
    (_to, subject, body) = outbox("event-manage")[0]
    assert "Vigil for political prisoners" in subject and names_day(body, "May", 21)
    assert "We will email you when it is published" in body


def test_the_organizer_is_emailed_the_public_link_when_the_event_is_approved(
    client, smtp_server, send_outbox, submit_and_confirm, approve_as_moderator, load_event, event_slug_of, link_in
):
    event_id = submit_and_confirm()
    send_outbox()
    approve_as_moderator(event_id)
    assert load_event(event_id).status == EventStatus.APPROVED
    assert send_outbox() == 1
    approval = smtp_server.messages[-1]
    assert approval["To"] == "organizer@example.org"
    assert approval["Subject"].startswith("Your event is published: Vigil for political prisoners")
    body = approval.get_content()
    assert names_day(body, "May", 21)
    public_path = link_in(body, f"/events/{event_slug_of(event_id)}")
    assert client.get(public_path).status_code == 200
    assert client.get(link_in(body, "/events/manage/")).status_code == 200
    kit = client.get(link_in(body, f"/events/{event_slug_of(event_id)}/kit.pdf"))
    assert kit.status_code == 200 and kit.mimetype == "application/pdf"
