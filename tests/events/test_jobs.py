"""Scheduled event jobs, called with a fixed `now` and through the CLI."""

import re
from datetime import UTC, date, datetime

from tracker.dates.models import CommemorativeDate
from tracker.events.jobs import archive_past_events, nudge_organizers, update_listings
from tracker.events.models import Event, OccurrenceListing
from tracker.extensions import db
from tracker.scheduler import job_specs, run_job

DAY = date(2027, 5, 21)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_event_jobs_are_scheduled_with_fixed_ids():
    ids = {spec.id for spec in job_specs()}
    assert {"events-archive", "events-listings", "events-nudges"} <= ids


def test_listing_opens_sixty_days_ahead_and_archives_with_the_final_tally(app, client, make_date, publish):
    date_id = make_date()
    publish(commemorative_date_id=date_id, occurrence_on=DAY)
    publish(commemorative_date_id=date_id, occurrence_on=DAY, city="Vilnius", country="LT")
    assert run_job(app, update_listings, at("2027-03-21T00:00")) == (0, 0)  # 61 days ahead
    assert run_job(app, update_listings, at("2027-03-22T12:00")) == (1, 0)
    assert run_job(app, update_listings, at("2027-03-23T12:00")) == (0, 0)  # opened once
    assert run_job(app, update_listings, at("2027-05-21T20:00")) == (0, 0)  # the day itself, in Minsk
    assert run_job(app, update_listings, at("2027-05-21T22:30")) == (0, 1)  # 01:30 on 22 May in Minsk
    with app.app_context():
        listing = db.session.scalar(db.select(OccurrenceListing))
        assert (listing.final_event_count, listing.final_country_count) == (2, 2)
    page = client.get("/events/on/day-of-solidarity/2027").get_data(as_text=True)
    assert "2 events in 2 countries" in page
    assert "final tally" in page


def test_past_events_move_to_the_archive(app, client, publish, event_slug_of):
    event_id = publish()
    assert run_job(app, archive_past_events, at("2027-05-21T17:00")) == 0
    assert run_job(app, archive_past_events, at("2027-05-21T18:30")) == 1
    with app.app_context():
        assert db.session.get(Event, event_id).archived_at is not None
    assert b"Vigil" in client.get("/events/archive").data
    assert client.get(f"/events/{event_slug_of(event_id)}").status_code == 200


def test_nudges_go_once_per_event_occurrence_and_lead(app, smtp_server, make_date, outbox, publish):
    date_id = make_date()
    publish(commemorative_date_id=date_id, occurrence_on=DAY)
    assert run_job(app, nudge_organizers, at("2027-04-10T09:00")) == 0  # 41 days before
    assert run_job(app, nudge_organizers, at("2027-04-21T09:00")) == 1  # 30 days before
    assert run_job(app, nudge_organizers, at("2027-04-22T09:00")) == 0
    assert run_job(app, nudge_organizers, at("2027-05-14T09:00")) == 1  # 7 days: the 14-day one was missed
    assert run_job(app, nudge_organizers, at("2027-05-15T09:00")) == 0
    nudges = outbox("event-nudge")
    assert [subject.split(" ")[0] for _to, subject, _body in nudges] == ["30", "7"]
    assert all(to == "organizer@example.org" for to, _s, _b in nudges)
    assert "/events/manage/" in nudges[0][2]
    assert re.search(r"/events/[a-z0-9]+/kit\.pdf\?lang=en", nudges[0][2])  # the organiser kit, in their language


def test_cancelled_events_get_no_nudge(app, make_date, publish):
    date_id = make_date()
    event_id = publish(commemorative_date_id=date_id, occurrence_on=DAY)
    with app.app_context():
        db.session.get(Event, event_id).cancelled = True
        db.session.commit()
    assert run_job(app, nudge_organizers, at("2027-04-21T09:00")) == 0


def test_cli_runs_the_same_jobs(app, runner, make_date, publish):
    date_id = make_date()
    publish(commemorative_date_id=date_id, occurrence_on=DAY)
    result = runner.invoke(args=["events", "run-jobs", "--at", "2027-04-21T09:00"])
    assert result.exit_code == 0, result.output
    assert "events-nudges: 1" in result.output
    assert "events-listings: (1, 0)" in result.output
    bad = runner.invoke(args=["events", "run-jobs", "--at", "someday"])
    assert bad.exit_code != 0


def test_demo_data_holds_marked_sample_events_for_21_may(app, client):
    from tracker.demo.data import load_demo_data

    with app.app_context():
        load_demo_data(date(2026, 11, 25), samples=2)
        db.session.commit()
        events = db.session.scalars(db.select(Event)).all()
    assert len(events) >= 4
    assert all(event.title.startswith("SAMPLE EVENT") for event in events)
    assert {event.occurrence_on for event in events} == {date(2027, 5, 21)}
    assert any(event.cancelled for event in events) and any(event.city_only for event in events)
    assert len({event.country for event in events if event.country}) >= 3


def test_listings_job_survives_a_soft_deleted_date(app):
    with app.app_context():
        day = CommemorativeDate(slug="gone", name="Gone", recurrence="annual", month=1, day=5)
        db.session.add(day)
        db.session.flush()
        db.session.add(OccurrenceListing(commemorative_date_id=day.id, occurrence_on=datetime(2027, 1, 5).date(),
                                         opened_at=datetime(2026, 11, 6, tzinfo=UTC)))  # fmt: skip
        day.deleted_at = datetime(2026, 12, 1, tzinfo=UTC)
        db.session.commit()
    run_job(app, update_listings, datetime(2027, 1, 10, 12, 0, tzinfo=UTC))
    with app.app_context():
        assert db.session.query(OccurrenceListing).one().archived_at is not None
