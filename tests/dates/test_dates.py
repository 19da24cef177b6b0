from datetime import date

import pytest

from tracker.accounts.models import Role
from tracker.dates.models import CommemorativeDate, Recurrence
from tracker.extensions import db


def annual(month, day):
    return CommemorativeDate(slug="x", name="X", recurrence=Recurrence.ANNUAL, month=month, day=day)


def test_annual_date_occurs_every_year():
    day_of_solidarity = annual(5, 21)
    assert day_of_solidarity.occurrence_in(2027) == date(2027, 5, 21)
    assert day_of_solidarity.next_occurrence(date(2026, 11, 25)) == date(2027, 5, 21)
    assert day_of_solidarity.next_occurrence(date(2027, 5, 21)) == date(2027, 5, 21)


def test_29_february_falls_on_28_february_in_common_years():
    leap_day = annual(2, 29)
    assert leap_day.occurrence_in(2027) == date(2027, 2, 28)
    assert leap_day.occurrence_in(2028) == date(2028, 2, 29)


def test_one_off_date_occurs_once():
    one_off = CommemorativeDate(slug="y", name="Y", recurrence=Recurrence.ONE_OFF, on_date=date(2027, 3, 1))
    assert one_off.occurrence_in(2027) == date(2027, 3, 1)
    assert one_off.occurrence_in(2028) is None
    assert one_off.next_occurrence(date(2027, 3, 2)) is None


VALID = {"name": "Human Rights Day", "slug": "human-rights-day", "description": "", "recurrence": "annual",
         "month": "12", "day": "10", "on_date": "", "timezone": "Europe/Minsk", "prisoner_id": ""}  # fmt: skip


def test_editor_adds_an_annual_date(app, client, auth):
    auth.login(Role.EDITOR)
    assert client.post("/dates/new", data=VALID).status_code == 303
    with app.app_context():
        saved = db.session.query(CommemorativeDate).one()
        assert (saved.month, saved.day, saved.timezone) == (12, 10, "Europe/Minsk")
    assert "Human Rights Day" in client.get("/dates/manage").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": "31", "month": "2"}, "That month has no such day."),
        ({"day": ""}, "An annual date needs a month and a day."),
        ({"recurrence": "one_off"}, "A one-off date needs its date."),
        ({"timezone": "Mars/Olympus"}, "IANA"),
        ({"slug": "Not A Slug!"}, "lower-case letters"),
        ({"month": "13"}, "Choose one of the options for"),
        ({"prisoner_id": "99999"}, "Choose one of the options for"),
        ({"on_date": "2027-02-30", "recurrence": "one_off"}, "Enter a real date in"),
    ],
)
def test_bad_date_input_is_rejected(app, client, auth, changes, message):
    auth.login(Role.EDITOR)
    response = client.post("/dates/new", data={**VALID, **changes})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(CommemorativeDate).count() == 0


def test_duplicate_slug_is_refused(client, auth):
    auth.login(Role.EDITOR)
    client.post("/dates/new", data=VALID)
    response = client.post("/dates/new", data={**VALID, "name": "Other"})
    assert response.status_code == 400
    assert "already uses this short name" in response.get_data(as_text=True)


def test_not_named_prisoner_cannot_be_linked_to_a_date(client, auth, make_prisoner):
    hidden_id = make_prisoner("Hidden", name_withheld=True)
    auth.login(Role.EDITOR)
    form = client.get("/dates/new").get_data(as_text=True)
    assert "Hidden" not in form
    response = client.post("/dates/new", data={**VALID, "prisoner_id": str(hidden_id)})
    assert response.status_code == 400


def test_activists_cannot_edit_dates(client, auth):
    auth.login(Role.ACTIVIST)
    assert client.post("/dates/new", data=VALID).status_code == 403
