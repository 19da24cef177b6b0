"""Editors name each place once in every language, and describe articles with a source and a date."""

from datetime import date

from sqlalchemy import select

from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.prisoners.models import Article, EventKind, Place


def test_a_place_named_once_reads_in_every_language_on_every_record(app, client, auth, make_prisoner):
    held = [(EventKind.DETENTION, date(2021, 1, 1))]
    first = make_prisoner("Ihar Losik", detention_place="Penal colony No. 17, Shklov", timeline=held)
    make_prisoner("Maria Kalesnikava", detention_place="Penal colony No. 17, Shklov", timeline=held)
    with app.app_context():
        [place] = db.session.scalars(select(Place)).all()
    auth.login(Role.EDITOR)
    listing = client.get("/prisoners/manage/places").get_data(as_text=True)
    assert "Penal colony No. 17, Shklov" in listing and "Беларуская" in listing
    form = {"name": "Penal colony No. 17, Shklov", "name_be": "Папраўчая калонія № 17, Шклоў",
            "name_uk": "Виправна колонія № 17, Шклов", "name_ru": "Исправительная колония № 17, Шклов"}  # fmt: skip
    assert client.post(f"/prisoners/manage/places/{place.id}/edit", data=form).status_code == 303
    client.set_cookie("lang", "be")
    page = client.get(f"/prisoners/{first}", follow_redirects=True).get_data(as_text=True)
    assert "Папраўчая калонія № 17, Шклоў" in page and "Penal colony No. 17" not in page
    assert client.get("/prisoners").get_data(as_text=True).count("Папраўчая калонія № 17, Шклоў") >= 2


def test_a_place_name_another_place_has_is_refused_and_kept_in_the_form(app, client, auth, make_prisoner):
    make_prisoner("A", detention_place="Colony 1")
    make_prisoner("B", detention_place="Colony 2")
    with app.app_context():
        second = db.session.scalar(select(Place.id).where(Place.name == "Colony 2"))
    auth.login(Role.EDITOR)
    response = client.post(f"/prisoners/manage/places/{second}/edit", data={"name": "Colony 1", "name_be": "Калонія"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Another place already has this name." in body and "Калонія" in body


def test_an_article_is_described_with_its_source_and_shown_beside_its_number(app, client, auth, make_prisoner):
    prisoner = make_prisoner("Ihar Losik", articles=["342"], timeline=[(EventKind.DETENTION, date(2021, 1, 1))])
    auth.login(Role.EDITOR)
    form = {
        "code": "342", "title": "Organising actions that grossly violate public order",
        "title_ru": "Организация действий, грубо нарушающих общественный порядок", "source_title": "Criminal Code",
        "source_url": "https://pravo.by/", "reviewed_on": "2026-12-01", "is_sample": "y",
    }  # fmt: skip
    assert client.post("/prisoners/manage/articles/new", data=form).status_code == 303
    assert client.post("/prisoners/manage/articles/new", data=form).status_code == 400  # described already
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert (article.source_url, article.reviewed_on) == ("https://pravo.by/", date(2026, 12, 1))
        assert article.is_sample
    client.set_cookie("lang", "ru")
    page = client.get(f"/prisoners/{prisoner}", follow_redirects=True).get_data(as_text=True)
    assert "Организация действий, грубо нарушающих общественный порядок" in page
    client.set_cookie("lang", "be")
    page = client.get(f"/prisoners/{prisoner}", follow_redirects=True).get_data(as_text=True)
    assert '<span lang="ru">Организация действий' in page, "the fallback text is marked with its language"
