"""Moderators see every report under /moderation/reports and can show or hide it; nobody else can."""

from tracker.accounts.models import Role


def test_moderators_see_waiting_reports_and_others_cannot(client, auth, make_past_event):
    event = make_past_event("Vigil in Vilnius")
    client.post(event.report_url, data={"participants": "5", "letters": "9", "note": "QUEUE-NOTE"})
    assert client.get("/moderation/reports").status_code in {302, 401, 403}
    auth.login(Role.ACTIVIST)
    assert client.get("/moderation/reports").status_code == 403
    auth.logout()
    auth.login(Role.MODERATOR)
    page = client.get("/moderation/reports").get_data(as_text=True)
    assert "Vigil in Vilnius" in page and "QUEUE-NOTE" in page


def test_a_hidden_report_can_be_shown_again(client, make_past_event, decide, report_state):
    event = make_past_event()
    client.post(event.report_url, data={"participants": "5", "letters": "9"})
    decide(event.id, "hide")
    assert report_state(event.id) == ("hidden", 5, 9)
    decide(event.id, "approve")
    assert report_state(event.id) == ("approved", 5, 9)


def test_deciding_on_an_unknown_report_is_a_404(client, auth):
    auth.login(Role.MODERATOR)
    assert client.post("/moderation/reports/999/approve").status_code == 404
    assert client.post("/moderation/reports/999/hide").status_code == 404
