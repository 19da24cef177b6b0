"""An event's exact address, once hidden, stays off every public output: at once and after a revert."""

from tracker.accounts.models import Role


def test_organizer_hiding_the_address_takes_effect_before_moderation(
    app, client, auth, approve_as_moderator, form_data, load_event, manage_path, submit_and_confirm, event_slug_of
):
    event_id = submit_and_confirm()
    approve_as_moderator(event_id)
    assert b"Karl-Liebknecht" in client.get(f"/events/{event_slug_of(event_id)}").data
    response = client.post(manage_path() + "/edit", data=form_data(city_only="y", title="Changed title"))
    assert response.status_code == 303
    for path in (
        f"/events/{event_slug_of(event_id)}",
        f"/events/{event_slug_of(event_id)}/event.ics",
        "/events/feed.atom",
        "/api/v1/events",
    ):
        assert b"Karl-Liebknecht" not in client.get(path).data, path
    assert load_event(event_id).title == "Vigil for political prisoners"  # the rest still waits for a moderator


def test_revert_never_brings_back_a_hidden_address(
    app, client, auth, approve_as_moderator, form_data, load_event, submit_and_confirm, event_slug_of
):
    event_id = submit_and_confirm()
    approve_as_moderator(event_id)
    auth.login(Role.EDITOR)  # editors moderate too
    assert client.post(f"/moderation/events/{event_id}/edit", data=form_data(city_only="y")).status_code == 303
    assert b"Karl-Liebknecht" not in client.get(f"/events/{event_slug_of(event_id)}").data
    history = client.get(f"/history/events/{event_id}").get_data(as_text=True)
    assert f"/history/events/{event_id}/revert/1" in history
    client.post(f"/history/events/{event_id}/revert/1")
    assert load_event(event_id).city_only
    assert b"Karl-Liebknecht" not in client.get(f"/events/{event_slug_of(event_id)}").data
