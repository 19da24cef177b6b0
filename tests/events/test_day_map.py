"""The day page's map: cities with events as linked pins and a text list, never a place an unsafe country hides."""

import re
from datetime import date

import pytest

from tracker.events import maps
from tracker.events.models import OccurrenceListing
from tracker.extensions import db

DAY = date(2027, 5, 21)
URL = "/events/on/day-of-solidarity/2027"


@pytest.fixture
def day(app, make_date) -> dict:
    date_id = make_date()
    with app.app_context():
        db.session.add(OccurrenceListing(commemorative_date_id=date_id, occurrence_on=DAY))
        db.session.commit()
    return {"commemorative_date_id": date_id, "occurrence_on": DAY}


@pytest.fixture
def shapes_present():
    if not maps.world():
        pytest.fail("the country shapes are missing: run `make tracker/events/world/countries-110m.json`")


def svg_of(page: str) -> str:
    return page[page.index('<svg class="day-map-svg"') : page.index("</svg>") + 6]


def countries_layer(client, svg: str):
    """The response for the country layer the inline map lays its pins on."""
    address = re.search(r'<image href="([^"]+)"', svg).group(1).replace("&amp;", "&")
    return client.get(address)


def test_cities_are_pins_linked_to_their_events_and_a_list_beside(client, day, publish, shapes_present):
    publish(**day)  # Berlin
    publish(**day, city="Vilnius", country="LT", city_only=True, venue="", address="")
    publish(**day, city="Vilnius", country="LT")
    page = client.get(URL).get_data(as_text=True)
    svg = svg_of(page)
    assert svg.count('<circle class="pin"') == 2
    layer = countries_layer(client, svg)
    assert layer.status_code == 200 and layer.mimetype == "image/svg+xml"
    assert layer.get_data(as_text=True).count(f'fill="{maps.MARKED}"') == 2  # Germany and Lithuania
    assert 'href="/events/on/day-of-solidarity/2027?country=LT&amp;city=Vilnius"' in svg
    assert 'aria-hidden="true"' in svg and 'tabindex="-1"' in svg  # the list is what assistive technology reads
    listed = page[page.index('class="day-map-list"') :]
    assert ">Vilnius</a> (Lithuania): 2 events" in listed and ">Berlin</a> (Germany): 1 event" in listed
    for drawing in (svg, layer.get_data(as_text=True)):  # nothing from another host
        assert "http" not in drawing.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_an_unsafe_countrys_events_add_the_country_but_no_pin_or_city(client, day, publish, shapes_present):
    publish(**day)
    publish(**day, city="Minsk", country="BY", venue="Kvartira", address="vul. Lenina 1")
    page = client.get(URL).get_data(as_text=True)
    assert svg_of(page).count('<circle class="pin"') == 1
    assert "Minsk" not in page and "Kvartira" not in page
    assert "<li>Belarus: 1 event</li>" in page


def test_a_city_the_gazetteer_does_not_know_is_listed_without_a_pin(client, day, publish, shapes_present):
    publish(**day)
    publish(**day, city="Nowheresville", country="DE")
    page = client.get(URL).get_data(as_text=True)
    assert svg_of(page).count('<circle class="pin"') == 1 and ">Nowheresville</a> (Germany)" in page


def test_without_the_shapes_the_list_still_shows(client, day, publish, monkeypatch, tmp_path):
    publish(**day)
    monkeypatch.setattr(maps, "WORLD_FILE", tmp_path / "missing.json")
    maps.world.cache_clear()
    try:
        page = client.get(URL).get_data(as_text=True)
    finally:
        maps.world.cache_clear()
    assert '<svg class="day-map-svg"' not in page and ">Berlin</a> (Germany)" in page


def test_the_drawing_is_made_once_per_set_of_pins(client, day, publish, monkeypatch, shapes_present):
    publish(**day)
    drawn = []
    render = maps.render_svg
    monkeypatch.setattr(maps, "render_svg", lambda *args: drawn.append(1) or render(*args))
    for _ in range(3):
        client.get(URL)
    assert len(drawn) == 1
    publish(**day, city="Vilnius", country="LT")
    client.get(URL)
    assert len(drawn) == 2


def test_the_country_layer_of_a_day_without_pins_or_of_an_unknown_day_is_not_found(
    client, day, publish, shapes_present
):
    assert client.get(f"{URL}/map.svg").status_code == 404  # no events yet
    publish(**day, city="Nowheresville", country="DE")
    assert client.get(f"{URL}/map.svg").status_code == 404  # a city the gazetteer does not know: no pin
    assert client.get("/events/on/no-such-day/2027/map.svg").status_code == 404


def test_the_page_names_a_new_layer_when_the_pins_change(client, day, publish, shapes_present):
    publish(**day)
    first = re.search(r'<image href="([^"]+)"', client.get(URL).get_data(as_text=True)).group(1)
    publish(**day, city="Vilnius", country="LT")
    second = re.search(r'<image href="([^"]+)"', client.get(URL).get_data(as_text=True)).group(1)
    assert first != second and first.split("?")[0] == second.split("?")[0]
