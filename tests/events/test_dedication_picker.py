"""The "Dedicated to" picker: searchable without JavaScript, people with one name told apart, public records only."""

from datetime import date

import pytest

from tracker.prisoners.models import EventKind, Region

HELD = [(EventKind.DETENTION, date(2022, 3, 1))]


@pytest.fixture
def people(make_prisoner):
    """Two people called Ivan Petrov, one other, and two who must never be offered."""
    make_prisoner("Ivan Petrov", name_be="Іван Пятроў", birth_date=date(1980, 1, 2), region=Region.MINSK, timeline=HELD)
    make_prisoner("Ivan Petrov", name_be="Іван Пятроў", birth_date=date(1991, 5, 6), region=Region.GOMEL, timeline=HELD)
    make_prisoner("Maryia Kalesnikava", name_be="Марыя Калеснікава", timeline=HELD)
    make_prisoner("Withheld Ivanov", name_withheld=True, timeline=HELD)
    make_prisoner("Ivan Nodedications", dedications_off=True, timeline=HELD)


def _options(page: str) -> str:
    """The picker's options; empty when the form offers no one."""
    if 'id="prisoner_ids"' not in page:
        return ""
    return page.split('id="prisoner_ids"', 1)[1].split("</select>", 1)[0]


def test_people_who_share_a_name_are_told_apart_by_birth_year_and_region(client, people):
    options = _options(client.get("/events/submit?dedication_q=Iva").get_data(as_text=True))
    assert "Ivan Petrov (born 1980, Minsk region)" in options
    assert "Ivan Petrov (born 1991, Gomel region)" in options
    options = _options(client.get("/events/submit?dedication_q=Maryia").get_data(as_text=True))
    assert ">Maryia Kalesnikava<" in options


def test_the_form_offers_no_one_until_asked_however_many_are_on_record(client, people):
    page = client.get("/events/submit").get_data(as_text=True)
    assert 'id="prisoner_ids"' not in page and "Ivan Petrov" not in page
    assert "Find a person by name to choose them" in page


def test_a_chosen_person_stays_told_apart_from_a_namesake_not_shown(client, people, form_data, slug_of):
    chosen = slug_of(1)
    data = {**form_data(), "prisoner_ids": [chosen], "dedication_q": "Maryia", "dedication_search": "Find"}
    options = _options(client.post("/events/submit", data=data).get_data(as_text=True))
    assert "Ivan Petrov (born 1980, Minsk region)" in options and "1991" not in options


def test_names_are_shown_in_the_script_of_the_page(client, people):
    client.set_cookie("lang", "be")
    options = _options(client.get("/events/submit?dedication_q=Kalesn").get_data(as_text=True))
    assert "Марыя Калеснікава" in options and "Maryia" not in options


def test_a_get_search_narrows_the_list_across_scripts(client, people):
    options = _options(client.get("/events/submit?dedication_q=Калеснік").get_data(as_text=True))
    assert "Maryia Kalesnikava" in options and "Ivan Petrov" not in options


def test_a_search_matching_no_one_says_so(client, people):
    page = client.get("/events/submit?dedication_q=Nobodyatall").get_data(as_text=True)
    assert "No one matches this name" in page


def test_the_find_button_keeps_what_was_typed_and_the_people_chosen_and_saves_nothing(
    client, people, form_data, event_count, slug_of
):
    chosen = slug_of(3)
    data = {**form_data(title="Evening of letters"), "prisoner_ids": [chosen], "dedication_q": "Petrov"}
    response = client.post("/events/submit", data={**data, "dedication_search": "Find"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Evening of letters"' in page and 'value="Petrov"' in page
    options = _options(page)
    assert "Ivan Petrov (born 1980" in options and f'selected value="{chosen}"' in options.replace(
        f'value="{chosen}" selected', f'selected value="{chosen}"'
    )
    assert event_count() == 0


@pytest.mark.parametrize("query", ["", "Ivan", "Withheld", "Nodedications"])
def test_records_not_named_or_without_dedications_are_never_offered(client, people, query):
    options = _options(client.get(f"/events/submit?dedication_q={query}").get_data(as_text=True))
    assert "Withheld" not in options and "Nodedications" not in options
