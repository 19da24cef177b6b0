"""The API answers with record text in the language asked for, and gives every translation beside it."""

from datetime import date

import pytest

from tracker.demo.data import load_demo_data
from tracker.extensions import db


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo_data(date(2026, 11, 25), samples=5)
        db.session.commit()


def _solidarity_day(body: dict) -> dict:
    return next(item for item in body["items"] if item["slug"] == "day-of-solidarity")


def test_lang_parameter_picks_the_language_of_record_text(client, demo):
    response = client.get("/api/v1/dates?lang=be")
    assert response.headers["Content-Language"] == "be"
    day = _solidarity_day(response.get_json())
    assert day["name"] == "Дзень салідарнасці з беларускімі палітвязнямі"
    assert day["suggested_actions"][0] == "Напішыце ліст або паштоўку палітвязню."
    assert day["translations"]["name"]["uk"] == "День солідарності з білоруськими політв’язнями"
    assert day["translations"]["name"]["en"] == "Day of Solidarity with Belarusian political prisoners"


def test_accept_language_is_used_without_lang_and_english_without_either(client, demo):
    snapshot = client.get("/api/v1/counts", headers={"Accept-Language": "uk-UA,uk;q=0.9"}).get_json()["latest_snapshot"]
    assert snapshot["source_name"] == "Державний департамент США (держсекретар Ентоні Блінкен)"
    response = client.get("/api/v1/counts")
    assert response.get_json()["latest_snapshot"]["source_name"].startswith("U.S. Department of State")
    assert "Accept-Language" in response.headers["Vary"]
    ru = client.get("/api/v1/counts?lang=ru", headers={"Accept-Language": "be"}).get_json()
    assert ru["latest_snapshot"]["source_name"].startswith("Государственный департамент США")
    places = [row["value"] for row in ru["breakdowns"]["detention_place"]]
    assert any(place.startswith("Исправительная колония") for place in places)


def test_prisoner_place_and_text_follow_the_language(client, demo):
    body = client.get("/api/v1/prisoners?q=ashurok&lang=ru").get_json()
    [ashurok] = body["items"]
    assert ashurok["detention_place"] == "Исправительная колония № 17, Шклов"
    assert ashurok["biography"].startswith("Политзаключённый, умерший в шкловской колонии № 17")
    assert ashurok["translations"]["detention_place"]["be"] == "Папраўчая калонія № 17, Шклоў"
    assert ashurok["timeline"][-1]["note"] == "Умер в шкловской колонии № 17 при невыясненных обстоятельствах."
    found = client.get("/api/v1/prisoners?place=Penal+colony+No.+17,+Shklov").get_json()["items"]
    assert "Vitold Ashurok" in [item["names"]["en"] for item in found]


def test_an_unknown_language_is_a_400_that_names_the_parameter(client, demo):
    response = client.get("/api/v1/dates?lang=xx")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "lang"


def test_the_openapi_document_describes_lang_and_translations(client):
    document = client.get("/api/v1/openapi.json").get_json()
    parameters = document["paths"]["/dates"]["get"]["parameters"]
    assert {"lang", "Accept-Language"} <= {parameter["name"] for parameter in parameters}
    assert "translations" in document["components"]["schemas"]["CommemorativeDate"]["properties"]
