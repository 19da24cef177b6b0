"""An event whose text names a person not named waits for an editor; moderators are not told who."""

from tracker.accounts.models import Role
from tracker.events.models import EventStatus


def test_a_moderator_cannot_publish_an_event_naming_a_person_not_named(
    client, auth, make_prisoner, form_data, outbox, link_in, only_event_id, load_event
):
    make_prisoner("Hanna Skhavanaya", name_be="Ганна Схаваная", name_withheld=True)
    data = form_data(description="Пішам лісты: Ганна Схаваная чакае.")
    assert client.post("/events/submit", data=data).status_code == 303
    (_to, _subject, body) = outbox("event-confirm")[0]
    assert client.post(link_in(body, "/events/confirm/")).status_code == 303
    event_id = only_event_id()

    auth.login(Role.MODERATOR)
    review = client.get(f"/moderation/events/{event_id}").get_data(as_text=True)
    assert "Only an editor can publish it" in review and "Skhavanaya" not in review
    client.post(f"/moderation/events/{event_id}/approve")
    assert load_event(event_id).status == EventStatus.PENDING
    auth.logout()

    auth.login(Role.EDITOR)
    assert client.post(f"/moderation/events/{event_id}/approve").status_code == 303
    assert load_event(event_id).status == EventStatus.APPROVED


def test_an_event_naming_only_named_people_is_approved_as_usual(
    client, auth, make_prisoner, form_data, submit_and_confirm, approve_as_moderator, load_event
):
    make_prisoner("Hanna Skhavanaya", name_withheld=True)
    event_id = submit_and_confirm()
    approve_as_moderator(event_id)
    assert load_event(event_id).status == EventStatus.APPROVED


def test_withholding_a_name_takes_published_events_that_name_the_person_back_to_an_editor(
    client, auth, make_prisoner, form_data, publish, load_event
):
    prisoner_id = make_prisoner("Hanna Skhavanaya", name_be="Ганна Схаваная")  # named, for now
    event_id = publish(description="Пішам лісты: Ганна Схаваная чакае.")
    other_id = publish(title="Letters evening")
    assert load_event(event_id).status == EventStatus.APPROVED
    auth.login(Role.EDITOR)
    data = {"output": "name", "allowed": "no", "given_by": "family", "channel": "phone", "given_on": "2026-12-01"}
    assert client.post(f"/prisoners/{prisoner_id}/consent", data=data).status_code == 303
    auth.logout()
    assert load_event(event_id).status == EventStatus.PENDING
    assert load_event(other_id).status == EventStatus.APPROVED
    assert "Схаваная" not in client.get("/events/feed.atom").get_data(as_text=True)


def test_a_moderators_direct_edit_cannot_add_a_withheld_name(
    client, auth, make_prisoner, form_data, publish, load_event
):
    make_prisoner("Hanna Skhavanaya", name_withheld=True)
    event_id = publish()
    auth.login(Role.MODERATOR)
    response = client.post(f"/moderation/events/{event_id}/edit", data=form_data(title="Vigil for Hanna Skhavanaya"))
    assert response.status_code == 400 and "editor must review" in response.get_data(as_text=True)
    assert "Skhavanaya" not in load_event(event_id).title
