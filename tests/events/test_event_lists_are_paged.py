"""Lists of events come a page at a time (a day of action may have thousands); feeds and tallies stay whole."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tracker.events.models import OccurrenceListing
from tracker.extensions import db

DAY = date(2027, 5, 21)
DAY_PAGE = "/events/on/day-of-solidarity/2027"


@pytest.fixture
def five_on_the_day(app, make_date, publish) -> None:
    """Five events on 21 May 2027, an hour apart, titled "Event 1" to "Event 5", two to a page."""
    app.config["EVENTS_PER_PAGE"] = 2
    date_id = make_date()
    with app.app_context():
        db.session.add(OccurrenceListing(commemorative_date_id=date_id, occurrence_on=DAY))
        db.session.commit()
    start = datetime(2027, 5, 21, 9, 0, tzinfo=UTC)
    for number in range(1, 6):
        begins = start + timedelta(hours=number)
        publish(
            title=f"Event {number}", commemorative_date_id=date_id, occurrence_on=DAY,
            start_utc=begins, end_utc=begins + timedelta(minutes=30),
        )  # fmt: skip


@pytest.mark.parametrize("path", ["/events", DAY_PAGE])
def test_each_page_shows_its_share_with_where_it_is_and_links_to_the_others(client, five_on_the_day, path):
    first = client.get(path).get_data(as_text=True)
    assert "Event 1" in first and "Event 2" in first and "Event 3" not in first
    assert "Events 1–2 of 5" in first and "Page 1 of 3" in first
    assert f'rel="next" href="{path}?page=2"' in first and 'rel="prev"' not in first
    last = client.get(f"{path}?page=3").get_data(as_text=True)
    assert "Event 5" in last and "Event 4" not in last
    assert "Events 5–5 of 5" in last and f'rel="prev" href="{path}?page=2"' in last and 'rel="next"' not in last


def test_the_pages_keep_the_filters(client, five_on_the_day):
    page = client.get(f"{DAY_PAGE}?country=DE").get_data(as_text=True)
    assert f'rel="next" href="{DAY_PAGE}?page=2&amp;country=DE"' in page or (
        f'rel="next" href="{DAY_PAGE}?country=DE&amp;page=2"' in page
    )


@pytest.mark.parametrize("path", ["/events", DAY_PAGE])
def test_a_page_past_the_end_is_a_404_that_links_to_the_last_page(client, five_on_the_day, path):
    response = client.get(f"{path}?page=9&country=DE")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "There is no page 9: the last page is 3." in page
    assert f'href="{path}?country=DE&amp;page=3"' in page


@pytest.mark.parametrize("forged", ["slug=x", "year=1", "endpoint=x", "_scheme=http", "_method=POST", "_anchor=x"])
def test_parameters_named_like_the_addresss_own_parts_never_break_the_404(client, five_on_the_day, forged):
    response = client.get(f"{DAY_PAGE}?page=9&{forged}")
    assert response.status_code == 404
    assert f'href="{DAY_PAGE}?page=3"' in response.get_data(as_text=True)


def test_an_empty_list_has_one_page_whose_link_carries_no_page_number(client):
    response = client.get("/events/archive?page=2")
    assert response.status_code == 404
    assert "There is no page 2: the last page is 1." in response.get_data(as_text=True)
    assert 'href="/events/archive"' in response.get_data(as_text=True).split("There is no page")[1]


def test_the_tally_and_the_feeds_count_every_event_not_one_page(client, five_on_the_day):
    page = client.get(DAY_PAGE).get_data(as_text=True)
    assert "5 events in" in page
    feed = client.get(f"{DAY_PAGE}/feed.ics").get_data(as_text=True)
    assert feed.count("BEGIN:VEVENT") == 5
    atom = client.get("/events/feed.atom").get_data(as_text=True)
    assert atom.count("<entry>") == 5
    assert client.get(f"{DAY_PAGE}/feed.ics?page=2").status_code == 404
