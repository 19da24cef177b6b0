"""The monthly birthday list: people held, public addresses only, printable, and as an iCalendar file."""

from datetime import timedelta


def test_the_month_lists_birthdays_with_public_addresses(client, make_writable, today):
    make_writable("Ales Birthday", birth_date=today.replace(year=1984))
    make_writable("Bazyl Hidden", birth_date=today.replace(year=1985), address_hidden=True, postal_address="ИК-2 Hid")
    page = client.get("/letters/birthdays").get_data(as_text=True)
    assert "Ales Birthday" in page and "ИК-1, Ales Birthday, Минск" in page
    assert "Bazyl Hidden" in page and "ИК-2 Hid" not in page  # named and held: listed, without the address
    same_month = client.get(f"/letters/birthdays/{today.year}/{today.month}").get_data(as_text=True)
    assert "ИК-1, Ales Birthday, Минск" in same_month


def test_the_month_as_an_icalendar_file_and_a_subscription(client, make_writable, today):
    make_writable("Ales Birthday", birth_date=today.replace(year=1984))
    month = client.get(f"/letters/birthdays/{today.year}/{today.month}.ics")
    assert month.mimetype == "text/calendar" and "Birthday of Ales Birthday" in month.get_data(as_text=True)
    assert "ИК-1" in month.get_data(as_text=True)
    assert "Birthday of Ales Birthday" in client.get("/letters/birthdays.ics").get_data(as_text=True)


def test_months_far_away_or_impossible_are_not_found(client, today):
    for url in (
        f"/letters/birthdays/{today.year}/13",
        f"/letters/birthdays/{today.year}/0",
        f"/letters/birthdays/{today.year + 5}/1",
        f"/letters/birthdays/{today.year}/13.ics",
        "/letters/birthdays/99999999999999999999/1",
    ):
        assert client.get(url).status_code == 404, url


def test_the_next_month_is_one_link_away(client, today):
    following = today.replace(day=1) + timedelta(days=32)
    page = client.get("/letters/birthdays").get_data(as_text=True)
    assert f'href="/letters/birthdays/{following.year}/{following.month}"' in page
