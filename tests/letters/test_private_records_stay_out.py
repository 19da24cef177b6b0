"""Every letter output, with private records in the data, shows none of them."""

from datetime import timedelta

from sqlalchemy import select

from tracker.extensions import db
from tracker.prisoners.models import Prisoner


def letter_outputs(client, today) -> dict[str, str]:
    urls = ["/letters", "/letters?language=ru", "/letters/birthdays", "/letters/birthdays.ics"]
    following = today.replace(day=1) + timedelta(days=32)
    urls += [
        f"/letters/birthdays/{today.year}/{today.month}.ics",
        f"/letters/birthdays/{following.year}/{following.month}",
    ]
    outputs = {}
    for language in ("en", "be", "ru", "uk"):
        client.set_cookie("lang", language)
        for url in urls:
            outputs[f"{url} [{language}]"] = client.get(url).get_data(as_text=True)
    return outputs


def test_no_letter_output_shows_a_private_record(client, make_writable, private_records, today):
    make_writable("Ales Writable", birth_date=today.replace(year=1984))
    outputs = letter_outputs(client, today)
    assert "Ales Writable" in outputs["/letters/birthdays [en]"]
    leaks = [(url, kind) for url, body in outputs.items() for kind, needle in private_records.items() if needle in body]
    assert leaks == []


def test_no_letter_page_opens_for_a_private_record(app, client, private_records):
    with app.app_context():
        slugs = list(db.session.scalars(select(Prisoner.slug)))
    assert len(slugs) == len(private_records)
    for slug in slugs:
        assert client.get(f"/letters/to/{slug}").status_code == 404
