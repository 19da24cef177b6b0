"""Language negotiation, the remembered choice, and localized formatting."""

import re
from datetime import date

import pytest

from tracker.prisoners.models import EventKind

D = EventKind.DETENTION


@pytest.mark.parametrize(("header", "language"), [("uk-UA,uk;q=0.9", "uk"), ("be", "be"), ("ru-RU", "ru"),
                                                   ("de-DE,en;q=0.5", "en"), ("fr", "en")])  # fmt: skip
def test_accept_language_picks_the_default(client, header, language):
    html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{language}">' in html


def test_the_switcher_remembers_the_choice_over_accept_language(client):
    response = client.post("/language", data={"language": "be", "next": "/prisoners?q=x"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/prisoners?q=x"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=be") and "Max-Age=31536000" in cookie and "HttpOnly" in cookie
    html = client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="be">' in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"])
def test_the_switcher_never_redirects_off_site(client, target):
    response = client.post("/language", data={"language": "uk", "next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    response = client.post("/language", data={"language": "xx"})
    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers or "lang=" not in response.headers["Set-Cookie"]


def test_names_follow_the_script_of_the_language(client, make_prisoner):
    make_prisoner(
        "Vitold Ashurok", name_be="Вітольд Ашурок", name_ru="Витольд Ашурок", timeline=[(D, date(2021, 1, 1))]
    )
    assert "Вітольд Ашурок" in client.get("/prisoners", headers={"Accept-Language": "be"}).get_data(as_text=True)
    assert "Витольд Ашурок" in client.get("/prisoners", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert ">Vitold Ashurok<" in client.get("/prisoners", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_numbers_and_dates_follow_the_language(app, client, make_prisoner):
    from tracker.counts.models import CountSnapshot, Qualifier
    from tracker.extensions import db

    make_prisoner("A", timeline=[(D, date(2021, 5, 21))])
    with app.app_context():
        db.session.add(
            CountSnapshot(count=1500, qualifier=Qualifier.OVER, reported_on=date(2023, 5, 20), source_name="S")
        )
        db.session.commit()
    english = client.get("/counts", headers={"Accept-Language": "en"}).get_data(as_text=True)
    russian = client.get("/counts", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "21 May 2021" in english and "1,500" in english
    assert "21 мая 2021" in russian and "1\xa0500" in russian


@pytest.mark.parametrize(
    ("number", "word"), [(1, "політв'язень"), (2, "політв'язні"), (5, "політв'язнів"), (21, "політв'язень"),
                         (22, "політв'язні"), (11, "політв'язнів")],
)  # fmt: skip
def test_ukrainian_plural_forms(app, number, word):
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale("uk"):
        sentence = ngettext(
            "%(num)s political prisoner is held now.", "%(num)s political prisoners are held now.", number
        )
    assert sentence.startswith(f"{number} {word} ")


@pytest.mark.parametrize(("language", "heading"), [("uk", "Політв'язні в Білорусі"), ("be", "Палітвязні ў Беларусі"),
                                                   ("ru", "Политзаключённые в Беларуси")])  # fmt: skip
def test_pages_are_translated(client, language, heading):
    html = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
    assert heading in html


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\r/x", "/\\\\evil.example"])
def test_the_switcher_refuses_whitespace_tricks(client, target):
    response = client.post("/language", data={"language": "uk", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_the_header_links_to_this_page_in_each_other_language(client):
    html = client.get("/prisoners?q=x", headers={"Accept-Language": "en"}).get_data(as_text=True)
    links = re.findall(r'<a href="(/language\?[^"]+)" lang="(\w+)"', html)
    assert sorted(language for _href, language in links) == ["be", "ru", "uk"]
    # No form, no button: a plain link per language, back to this very page.
    assert 'name="language"' not in html
    be = next(href for href, language in links if language == "be").replace("&amp;", "&")
    response = client.get(be)
    assert response.status_code == 303
    assert response.headers["Location"] == "/prisoners?q=x"
    assert response.headers["Set-Cookie"].startswith("lang=be")
    assert '<html lang="be">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_a_language_link_never_redirects_off_site(client):
    response = client.get("/language", query_string={"language": "uk", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"
