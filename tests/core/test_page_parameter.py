"""One rule for `page` on every list: malformed is a clear 400, past the end a 404 linking to the last page."""

from datetime import date

import pytest

from tracker.prisoners.models import EventKind

LISTS = ["/prisoners", "/events", "/events/archive", "/dates"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("value", ["abc", "0", "-1", "2.5", "100001", "+2", "%D9%A3"])
def test_a_malformed_page_is_a_400_that_says_what_a_page_number_is(client, path, value):
    response = client.get(f"{path}?page={value}")
    assert response.status_code == 400
    assert "The page number must be a whole number from 1 to 100000" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/prisoners", "/api/v1/events"])
@pytest.mark.parametrize("value", ["abc", "0", "2.5", "100001"])
def test_the_api_answers_a_malformed_page_with_the_same_400(client, path, value):
    response = client.get(f"{path}?page={value}")
    assert response.status_code == 400
    assert response.json["parameter"] == "page"
    assert "The page number must be a whole number from 1 to 100000" in response.json["message"]


@pytest.mark.parametrize("path", ["/dates"])
def test_an_empty_list_has_one_page_and_a_404_that_links_back_to_it(client, path):
    assert client.get(f"{path}?page=1").status_code == 200
    response = client.get(f"{path}?page=2")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "There is no page 2: the last page is 1." in page
    assert f'href="{path}"' in page


def test_a_prisoner_page_past_the_end_links_to_the_last_page(app, client, make_prisoner):
    app.config["PRISONERS_PER_PAGE"] = 2
    for number in range(5):
        make_prisoner(f"Person {number}", timeline=[(EventKind.DETENTION, date(2021, 1, 1))])
    response = client.get("/prisoners?page=9&status=detained")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "There is no page 9: the last page is 3." in page
    assert 'href="/prisoners?page=3&amp;status=detained"' in page


def test_an_api_page_past_the_end_links_to_the_last_page(client):
    response = client.get("/api/v1/events?page=5")
    assert response.status_code == 404
    assert response.json["message"] == "There is no page 5: the last page is 1."
    assert response.json["links"]["last"].endswith("/api/v1/events?page=1")
