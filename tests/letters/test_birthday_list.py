"""The monthly birthday list: people held, public addresses only, printable, and as an iCalendar file."""

from datetime import date, timedelta


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


def test_a_long_month_comes_a_page_at_a_time(app, client, make_writable, today):
    app.config["LETTERS_BIRTHDAYS_PER_PAGE"] = 2
    for day, name in ((1, "Ales First"), (2, "Boris Second"), (3, "Cezary Third")):
        make_writable(name, birth_date=date(1980, today.month, day))
    month = f"/letters/birthdays/{today.year}/{today.month}"
    first = client.get(month).get_data(as_text=True)
    assert "Ales First" in first and "Boris Second" in first and "Cezary Third" not in first
    assert "Birthdays 1–2 of 3" in first and f'rel="next" href="{month}?page=2"' in first
    second = client.get(f"{month}?page=2").get_data(as_text=True)
    assert "Cezary Third" in second and "Ales First" not in second and '<ol class="birthdays" start="3">' in second
    assert client.get(f"{month}?page=x").status_code == 400
    beyond = client.get(f"{month}?page=7")
    assert beyond.status_code == 404 and f'href="{month}?page=2"' in beyond.get_data(as_text=True)
