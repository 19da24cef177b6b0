"""Record text is read in the page's language, falls back in a defined order, and fallback text is marked."""

from datetime import date

import pytest
from flask_babel import force_locale

from tracker.core.translations import fallback_order, localized, pick
from tracker.dates.models import CommemorativeDate, Recurrence
from tracker.extensions import db

TEXTS = {"en": "Day of Solidarity", "ru": "День солидарности", "be": "Дзень салідарнасці"}


def test_each_language_reads_its_own_text_first(app):
    with app.test_request_context():
        assert [pick(TEXTS, language) for language in ("be", "ru", "en")] == [TEXTS["be"], TEXTS["ru"], TEXTS["en"]]


def test_a_missing_translation_falls_back_in_the_configured_order(app):
    with app.test_request_context():
        assert fallback_order("be") == ("be", "ru", "en")
        assert pick({"en": "Day", "ru": "День"}, "be").lang == "ru"
        assert pick({"en": "Day"}, "be").lang == "en"
        app.config["DATA_LANGUAGE_FALLBACK"] = {"be": ("be",)}
        assert fallback_order("be") == ("be", "en"), "the source language always ends the order"
        assert pick({"en": "Day", "ru": "День"}, "be").lang == "en"


@pytest.fixture
def half_translated_date(app):
    with app.app_context():
        day = CommemorativeDate(slug="day", name="Day <of> Solidarity", recurrence=Recurrence.ANNUAL, month=5, day=21)
        day.set_translations("name", {"ru": "День солидарности"})
        db.session.add(day)
        db.session.commit()
        return day.id


def test_fallback_text_carries_its_own_lang_and_the_page_language_does_not(app, half_translated_date):
    with app.test_request_context(), force_locale("be"):
        day = db.session.get(CommemorativeDate, half_translated_date)
        assert localized(day, "name") == '<span lang="ru">День солидарности</span>'
    with app.test_request_context(), force_locale("ru"):
        assert localized(db.session.get(CommemorativeDate, half_translated_date), "name") == "День солидарности"
    with app.test_request_context(), force_locale("uk"):
        day = db.session.get(CommemorativeDate, half_translated_date)
        assert sorted(day.missing_translations()) == [("name", "be"), ("name", "uk")]


def test_english_source_text_is_escaped_when_marked(app, half_translated_date):
    with app.test_request_context(), force_locale("uk"):
        day = db.session.get(CommemorativeDate, half_translated_date)
        day.set_translations("name", {"ru": ""})
        assert localized(day, "name") == '<span lang="en">Day &lt;of&gt; Solidarity</span>'


def test_editors_enter_every_language_on_one_form_and_see_what_is_missing(app, client, auth, half_translated_date):
    auth.login()
    page = client.get(f"/dates/{half_translated_date}/edit").get_data(as_text=True)
    assert 'name="name_ru"' in page and "День солидарности" in page
    assert 'lang="be"' in page and "Missing: pages in this language" in page
    form = {
        "name": "Day of Solidarity", "name_be": "Дзень салідарнасці", "name_uk": "День солідарності",
        "name_ru": "День солидарности", "slug": "day", "recurrence": "annual", "month": "5", "day": "21",
        "timezone": "Europe/Minsk", "description": "Marked since 2021.", "description_be": "Адзначаецца з 2021 года.",
    }  # fmt: skip
    response = client.post(f"/dates/{half_translated_date}/edit", data=form)
    assert response.status_code == 303
    with app.app_context():
        day = db.session.get(CommemorativeDate, half_translated_date)
        assert day.translation("name", "uk") == "День солідарності"
        assert day.translation("description", "be") == "Адзначаецца з 2021 года."
        assert day.occurrence_in(2027) == date(2027, 5, 21)


def test_the_dashboard_lists_what_lacks_a_translation(app, client, auth, half_translated_date):
    auth.login()
    page = client.get("/manage").get_data(as_text=True)
    assert "Missing translations" in page
    assert f'href="/dates/{half_translated_date}/edit"' in page and "Беларуская" in page
    with app.app_context():
        day = db.session.get(CommemorativeDate, half_translated_date)
        day.set_translations("name", {"be": "Дзень", "uk": "День"})
        db.session.commit()
    assert f'href="/dates/{half_translated_date}/edit"' not in client.get("/manage").get_data(as_text=True)
