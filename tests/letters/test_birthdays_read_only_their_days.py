"""A week's or a month's birthdays are read by day of the year, across a new year and on 29 February."""

from datetime import date

from tracker.letters.birthdays import birthdays_between


def _names(app, first: date, last: date) -> set[str]:
    with app.test_request_context():
        return {birthday.name for birthday in birthdays_between(first, last, today=first, locale="en")}


def test_a_window_across_the_new_year_finds_birthdays_on_both_sides(app, make_writable):
    make_writable("Ales December", birth_date=date(1980, 12, 31))
    make_writable("Ales January", birth_date=date(1985, 1, 2))
    make_writable("Ales June", birth_date=date(1990, 6, 15))
    assert _names(app, date(2026, 12, 28), date(2027, 1, 3)) == {"Ales December", "Ales January"}


def test_a_leap_day_birthday_is_kept_on_28_february_in_a_common_year(app, make_writable):
    make_writable("Ales Leapday", birth_date=date(1980, 2, 29))
    assert _names(app, date(2027, 2, 22), date(2027, 2, 28)) == {"Ales Leapday"}
    assert _names(app, date(2027, 3, 1), date(2027, 3, 7)) == set()
