"""A week of the calendar is shown a page of dates at a time, by the site's one rule for pages."""

import re
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2027, 4, 28, 9, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def per_page(app):
    app.config["DATES_PER_PAGE"] = 10
    return 10


def birthdays_shown(page: str) -> list[str]:
    return re.findall(r"Birthday of (Birthday Person \d+|April Person \d+|May Person \d+)", page)


def links(page: str, rel: str) -> list[dict[str, list[str]]]:
    """The query of each link with this rel, as parse_qs reads it."""
    return [
        parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        for href in re.findall(rf'rel="{rel}" href="([^"]+)"', page)
    ]


def test_page_two_shows_the_next_dates_and_says_which_they_are(client, make_birthdays, per_page):
    make_birthdays(25, date(2027, 4, 30))
    pages = [client.get(f"/dates?page={number}").get_data(as_text=True) for number in (1, 2, 3)]
    shown = [birthdays_shown(page) for page in pages]
    assert shown == [
        [f"Birthday Person {number:03d}" for number in numbers]
        for numbers in (range(1, 11), range(11, 21), range(21, 26))
    ]
    assert "25 dates from 28 April 2027 to 4 May 2027; showing 11–20." in pages[1]
    assert "Page 2 of 3" in pages[1]
    assert "Page 1 of 3" in pages[0] and 'rel="prev"' not in pages[0]


def test_one_page_of_dates_has_no_page_links(client, make_birthdays, per_page):
    make_birthdays(3, date(2027, 4, 30))
    page = client.get("/dates").get_data(as_text=True)
    assert "3 dates from 28 April 2027 to 4 May 2027." in page
    assert "Page 1 of" not in page


def test_a_page_that_starts_mid_month_still_heads_its_month(client, make_birthdays, per_page):
    make_birthdays(15, date(2027, 4, 30), name="April Person")
    make_birthdays(10, date(2027, 5, 2), name="May Person")
    page = client.get("/dates?page=2").get_data(as_text=True)
    assert birthdays_shown(page)[0] == "April Person 011"
    assert page.index("<h2>April 2027</h2>") < page.index("April Person 011") < page.index("<h2>May 2027</h2>")


@pytest.mark.parametrize("number", ["0", "abc", "-1", "1.5"])
def test_a_page_number_that_is_not_one_is_a_400_that_says_so(client, number):
    response = client.get(f"/dates?page={number}")
    assert response.status_code == 400
    assert "The page number must be a whole number from 1 to" in response.get_data(as_text=True)


def test_a_page_past_the_end_is_a_404_that_links_to_the_last_page(client, make_birthdays, per_page):
    make_birthdays(25, date(2027, 4, 30))
    response = client.get("/dates?kind=birthday&from=2027-04-29&page=4")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "There is no page 4: the last page is 3." in body
    (last_url,) = re.findall(r'<a href="([^"]+)">Go to the last page', body)
    assert parse_qs(urlsplit(last_url.replace("&amp;", "&")).query) == {
        "page": ["3"], "kind": ["birthday"], "from": ["2027-04-29"]
    }  # fmt: skip
    assert client.get("/dates?page=4").status_code == 404
    assert client.get("/dates?kind=commemorative&page=2").status_code == 404


def test_page_links_keep_the_kind_and_the_first_day(client, make_birthdays, per_page):
    make_birthdays(25, date(2027, 4, 30))
    page = client.get("/dates?kind=birthday&from=2027-04-29&page=2").get_data(as_text=True)
    week = {"kind": ["birthday"], "from": ["2027-04-29"]}
    assert {**week, "page": ["1"]} in links(page, "prev")
    assert {**week, "page": ["3"]} in links(page, "next")


def test_a_crowded_week_stays_a_small_page(client, make_birthdays, app):
    make_birthdays(300, date(2027, 4, 30))
    body = client.get("/dates").get_data(as_text=True)
    assert len(birthdays_shown(body)) == app.config["DATES_PER_PAGE"] < 300
    assert "300 dates from" in body
    assert len(body.encode()) < 60_000
