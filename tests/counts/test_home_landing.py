"""The home page leads with our own count in quotable words, the next date and three things to do."""

from datetime import UTC, date, datetime

import time_machine

from tracker.counts import views
from tracker.counts.models import CountSnapshot, Qualifier
from tracker.counts.services import SnapshotAge, snapshot_age
from tracker.extensions import db
from tracker.prisoners.models import EventKind

D = EventKind.DETENTION
DECEMBER = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def add_snapshot(app, reported_on: date, source_url: str = "https://www.state.gov/statement-of-20-may-2023"):
    with app.app_context():
        db.session.add(
            CountSnapshot(
                count=1500,
                qualifier=Qualifier.OVER,
                reported_on=reported_on,
                source_name="U.S. Department of State",
                source_url=source_url,
            )
        )
        db.session.commit()


def test_hero_says_our_count_in_words_with_the_date(client, make_prisoner):
    for name in ("A", "B"):
        make_prisoner(name, timeline=[(D, date(2021, 1, 1))])
    with time_machine.travel(DECEMBER):
        html = client.get("/").get_data(as_text=True)
    assert (
        '<strong class="hero-number" data-testid="computed-count">2</strong> people are held for political '
        "reasons in Belarus today, by our records." in html
    )
    assert '<time datetime="2026-12-07">7 December 2026</time>' in html


def test_one_person_reads_in_the_singular(client, make_prisoner):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    html = client.get("/").get_data(as_text=True)
    assert "</strong> person is held for political reasons in Belarus today" in html


def test_hero_follows_the_disclosure_rule_for_people_not_named(client, make_prisoner):
    make_prisoner("Named", timeline=[(D, date(2021, 1, 1))])
    for number in range(4):
        make_prisoner(f"Hidden {number}", timeline=[(D, date(2021, 1, 1))], name_withheld=True)
    html = client.get("/").get_data(as_text=True)
    assert 'data-testid="computed-count">1<' in html  # four not named: fewer than five, not added
    assert "fewer than 5 more people not named" in html
    make_prisoner("Hidden 4", timeline=[(D, date(2021, 1, 1))], name_withheld=True)
    html = client.get("/").get_data(as_text=True)
    assert 'data-testid="computed-count">6<' in html
    assert "including 5 people held now who are not named at their families" in html


def test_an_old_reported_figure_says_how_long_ago_and_links_to_its_document(app, client):
    add_snapshot(app, date(2023, 5, 20))
    with time_machine.travel(DECEMBER):
        html = client.get("/").get_data(as_text=True)
    assert 'data-testid="reported-count">over 1,500<' in html
    assert 'href="https://www.state.gov/statement-of-20-may-2023"' in html
    assert "Reported 3 years ago." in html


def test_a_recent_reported_figure_has_no_age_note(app, client):
    add_snapshot(app, date(2026, 10, 1))
    with time_machine.travel(DECEMBER):
        html = client.get("/").get_data(as_text=True)
    assert "over 1,500" in html and 'data-testid="reported-age"' not in html


def test_the_age_note_follows_the_configured_age(app, client):
    app.config["REPORTED_FIGURE_STALE_DAYS"] = 30
    add_snapshot(app, date(2026, 10, 1))
    with time_machine.travel(DECEMBER):
        assert "Reported 2 months ago." in client.get("/").get_data(as_text=True)


def test_snapshot_age_counts_whole_months_and_years():
    snapshot = CountSnapshot(reported_on=date(2023, 5, 20))
    assert snapshot_age(snapshot, date(2026, 12, 7), 365) == SnapshotAge(years=3, months=42)
    assert snapshot_age(snapshot, date(2024, 5, 19), 300) == SnapshotAge(years=0, months=11)
    assert snapshot_age(snapshot, date(2023, 6, 1), 365) is None
    assert snapshot_age(None, date(2023, 6, 1), 365) is None


def test_next_date_counts_down_and_links_to_its_day_page(client, make_date):
    make_date()
    with time_machine.travel(DECEMBER):
        html = client.get("/").get_data(as_text=True)
        assert client.get("/events/on/day-of-solidarity/2027").status_code == 200
    next_date = html.split('data-testid="next-date">', 1)[1].split("</p>", 1)[0]
    assert 'href="/events/on/day-of-solidarity/2027"' in next_date
    assert "21 May 2027" in next_date and "Day of Solidarity" in next_date and "in 165 days" in next_date


def test_on_the_day_itself_the_countdown_says_today(client, make_date):
    make_date()
    with time_machine.travel(datetime(2027, 5, 21, 9, 0, tzinfo=UTC)):
        html = client.get("/").get_data(as_text=True)
    assert "— today</a>" in " ".join(html.split())


def test_three_calls_to_action_are_one_tap_away(client):
    html = client.get("/").get_data(as_text=True)
    assert '<a class="cta" href="/subscribe">' in html
    assert '<a class="cta" href="/events">' in html and 'href="/events/submit"' in html
    assert '<a class="cta" href="/letters">Write to a prisoner</a>' in html


def test_the_write_link_leads_to_the_letter_page(client):
    html = client.get("/").get_data(as_text=True)
    assert views.WRITE_TO_A_PRISONER == ("letters.write", {})
    assert client.get("/letters").status_code == 200 and 'href="/letters"' in html
