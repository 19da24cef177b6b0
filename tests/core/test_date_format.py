"""Dates read as each language writes them: "7 December 2026" in English, no doubled full stop in Russian."""

from datetime import date

from flask_babel import force_locale

from tracker.core.i18n import format_day


def test_english_dates_put_the_day_before_the_month(app):
    with app.test_request_context(), force_locale("en"):
        assert format_day(date(2026, 12, 7)) == "7 December 2026"
        assert format_day(date(2026, 12, 7), "full") == "Monday, 7 December 2026"
        assert format_day(date(2026, 12, 7), "d MMMM") == "7 December"


def test_abbreviated_year_words_never_double_a_sentence_full_stop(app):
    for language, expected in {"ru": "13 декабря 2026", "be": "13 снежня 2026", "uk": "13 грудня 2026"}.items():
        with app.test_request_context(), force_locale(language):
            assert format_day(date(2026, 12, 13)) == expected
            assert not format_day(date(2026, 12, 13), "full").endswith(".")


def test_pages_carry_no_doubled_full_stop_after_a_date(app, client, make_prisoner):
    make_prisoner("Ihar Losik", birth_date=date(1992, 12, 13), last_verified_on=date(2026, 12, 1))
    client.set_cookie("lang", "ru")
    for url in ("/", "/counts", "/dates", "/prisoners"):
        body = client.get(url).get_data(as_text=True)
        assert "г.." not in body and "р.." not in body, url
