"""Day pages, the home page, the API and the CSV count approved reports only, each event once."""

import csv
import io

import pytest

from tracker.extensions import db
from tracker.letters.models import LetterReport


def _report(client, event, participants, letters):
    data = {"participants": str(participants), "letters": str(letters), "note": f"NOTE-{event.id}"}
    assert client.post(event.report_url, data=data).status_code == 303


def test_only_approved_reports_count_on_the_day_page_and_in_the_api(client, make_past_event, decide):
    shown, hidden, waiting = make_past_event("Shown"), make_past_event("Hidden"), make_past_event("Waiting")
    _report(client, shown, 30, 1200)
    _report(client, hidden, 50, 7000)
    _report(client, waiting, 60, 9000)
    decide(shown.id, "approve")
    decide(hidden.id, "approve")
    decide(hidden.id, "hide")
    page = client.get(shown.day_url).get_data(as_text=True)
    assert "3 events, 1,200 letters" in page
    totals = client.get(f"/api/v1/days/{shown.day_slug}/{shown.on.year}").get_json()
    assert (totals["events"], totals["reports"], totals["participants"], totals["letters"]) == (3, 1, 30, 1200)
    assert f"NOTE-{shown.id}" in client.get(f"/events/{shown.slug}").get_data(as_text=True)
    for event in (hidden, waiting):
        assert f"NOTE-{event.id}" not in client.get(f"/events/{event.slug}").get_data(as_text=True)


def test_an_edited_report_is_counted_once_and_only_after_approval_again(client, make_past_event, decide):
    event = make_past_event()
    _report(client, event, 10, 100)
    decide(event.id, "approve")
    _report(client, event, 10, 150)
    api = f"/api/v1/days/{event.day_slug}/{event.on.year}"
    assert client.get(api).get_json()["letters"] == 0
    decide(event.id, "approve")
    decide(event.id, "approve")
    assert client.get(api).get_json()["letters"] == 150


def test_letters_reported_on_the_letter_page_that_day_are_added(app, client, make_past_event, make_prisoner):
    event = make_past_event()
    prisoner_id = make_prisoner("Ales Writer")
    with app.app_context():
        db.session.add(LetterReport(suggestion_key="k" * 32, prisoner_id=prisoner_id, reported_on=event.on))
        db.session.commit()
    totals = client.get(f"/api/v1/days/{event.day_slug}/{event.on.year}").get_json()
    assert (totals["letters_on_site"], totals["letters_at_events"], totals["letters"]) == (1, 0, 1)


def test_the_home_page_and_the_csv_show_the_totals(client, make_past_event, decide):
    event = make_past_event()
    _report(client, event, 12, 345)
    decide(event.id, "approve")
    assert "1 event, 345 letters" in client.get("/").get_data(as_text=True)
    response = client.get(f"/api/v1/export/days/{event.day_slug}.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert response.mimetype == "text/csv"
    assert rows[0]["date"] == event.on.isoformat() and rows[0]["letters"] == "345"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/days/no-such-day/2026",
        "/api/v1/days/day-of-action/1066",
        "/api/v1/days/day-of-action/twenty",
        "/api/v1/days/day-of-action/99999",
        "/api/v1/export/days/no-such-day.csv",
        "/events/on/no-such-day/2026",
        "/events/on/day-of-action/1066",
    ],
)
def test_unknown_days_and_years_are_a_404(client, day_of_action, url):
    response = client.get(url)
    assert response.status_code == 404
    if url.startswith("/api/"):
        assert "no day of action" in response.get_json()["message"]
