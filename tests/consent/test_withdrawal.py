"""One editor action withdraws a person from every output the site has, in every language, at once."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tracker.accounts.models import Role
from tracker.events.models import Event, EventStatus, OccurrenceListing
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner
from tracker.reports.models import ActionReport, ReportStatus

LANGUAGES = ("en", "be", "uk", "ru")
NAMES = {"name_en": "Uladzimir Withdrawn", "name_be": "Уладзімір Адкліканы", "name_ru": "Владимир Отозванный"}
ADDRESS = "ИК-99, ул. Тестовая, 1"


def every_public_output(client, prisoner_id: int) -> dict[str, str]:
    """Each output that could carry the person: pages in every language, feeds, API, exports, photo."""
    today = datetime.now(UTC).date()
    outputs = {}
    for language in LANGUAGES:
        client.set_cookie("lang", language)
        for url in ("/prisoners", "/prisoners?q=Uladzimir", f"/prisoners/{prisoner_id}", "/dates", "/", "/counts"):
            outputs[f"{url} [{language}]"] = client.get(url, follow_redirects=True).get_data(as_text=True)
    client.set_cookie("lang", "en")
    for url in (
        "/dates/calendar.ics", "/dates/calendar/birthday.ics", "/api/v1/prisoners", "/api/v1/prisoners?q=Uladzimir",
        f"/api/v1/prisoners/{prisoner_id}", "/api/v1/export/prisoners.json", "/api/v1/export/prisoners.csv",
        f"/dates?from={today.isoformat()}&kind=birthday", "/manifest.webmanifest",
    ):  # fmt: skip
        outputs[url] = client.get(url, follow_redirects=True).get_data(as_text=True)
    with client.application.app_context():
        slug = db.session.get(Prisoner, prisoner_id).slug
        days = [(listing.commemorative_date.slug, listing.occurrence_on.year) for listing in all_listings()]
        event_slugs = list(db.session.scalars(select(Event.slug).where(Event.status == EventStatus.APPROVED)))
    for url in (
        *(f"/events/on/{day_slug}/{year}" for day_slug, year in days),
        *(f"/api/v1/days/{day_slug}/{year}" for day_slug, year in days),
        *(f"/api/v1/export/days/{day_slug}.csv" for day_slug, _year in days),
        *(f"/events/{event_slug}" for event_slug in event_slugs),
        "/events/submit", "/events/submit?dedication_q=Uladzimir", "/events/submit?dedication_q=Уладзімір",
        "/letters", f"/letters/to/{slug}", "/letters/birthdays", "/letters/birthdays.ics",
        f"/letters/birthdays/{today.year}/{today.month}.ics",
    ):  # fmt: skip
        outputs[url] = client.get(url, follow_redirects=True).get_data(as_text=True)
    # An organiser kit is a PDF: what it says is the text drawn on its pages.
    for day_slug, year in days:
        for language in LANGUAGES:
            kit = client.get(f"/events/on/{day_slug}/{year}/kit.pdf?lang={language}")
            outputs[f"kit /events/on/{day_slug}/{year} [{language}]"] = pdf_text(kit.get_data())
    with client.get(f"/prisoners/{prisoner_id}/photo", follow_redirects=True) as photo:
        outputs["photo"] = photo.get_data(as_text=True) if photo.status_code == 200 else ""
    # A share card draws the name in pixels, so a card served at all counts as carrying the person.
    for language in LANGUAGES:
        client.set_cookie("lang", language)
        card = client.get(f"/prisoners/{prisoner_id}/card.png", follow_redirects=True)
        outputs[f"share card [{language}]"] = NAMES["name_en"] if card.status_code == 200 else ""
    client.set_cookie("lang", "en")
    return outputs


def pdf_text(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


def public_slug(app, prisoner_id: int) -> str:
    with app.app_context():
        return db.session.get(Prisoner, prisoner_id).slug


def carrying_the_person(outputs: dict[str, str]) -> list[str]:
    needles = [*NAMES.values(), ADDRESS, "PHOTO-BYTES"]
    return [url for url, body in outputs.items() if any(needle in body for needle in needles)]


def all_listings() -> list[OccurrenceListing]:
    return list(db.session.scalars(select(OccurrenceListing)))


@pytest.fixture
def public_person(app, make_prisoner, make_date) -> int:
    """A named person held now, with a birthday this month, a letter address and a photo; a day of action today."""
    today = datetime.now(UTC).date()
    date_id = make_date("day-of-action", month=today.month, day=today.day)
    with app.app_context():
        db.session.add(OccurrenceListing(commemorative_date_id=date_id, occurrence_on=today))
        db.session.commit()
    prisoner_id = make_prisoner(
        **NAMES,
        birth_date=date(1985, today.month, min(today.day, 28)),
        postal_address=ADDRESS,
        timeline=[(EventKind.DETENTION, date(2022, 3, 1))],
    )
    (app.config["UPLOAD_DIR"] / "photos").mkdir(parents=True)
    (app.config["UPLOAD_DIR"] / "photos" / "portrait.jpg").write_bytes(b"PHOTO-BYTES")
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        prisoner.photo_filename = "portrait.jpg"
        db.session.add(_reported_event_for(prisoner, date_id, today))
        db.session.commit()
    return prisoner_id


def _reported_event_for(prisoner: Prisoner, date_id: int, on: date) -> ActionReport:
    """A published event of the day dedicated to the person, over, with an approved report."""
    starts = datetime(on.year, on.month, on.day, tzinfo=UTC) - timedelta(days=1)
    event = Event(
        title="Evening of letters", description="Cards.", starts_at=starts, ends_at=starts + timedelta(hours=1),
        timezone="Europe/Berlin", city="Berlin", country="DE", organizer_name="Razam",
        private_contact="organiser@example.org", status=EventStatus.APPROVED, commemorative_date_id=date_id,
        occurrence_on=on, prisoners=[prisoner],
    )  # fmt: skip
    return ActionReport(event=event, participants=12, letters=40, note="Cards.", status=ReportStatus.APPROVED)


def test_withdrawal_takes_the_person_out_of_every_output_at_once(app, client, auth, public_person):
    prisoner_id, today = public_person, datetime.now(UTC).date()

    before = carrying_the_person(every_public_output(client, prisoner_id))
    assert f"/prisoners/{prisoner_id} [be]" in before and "/api/v1/export/prisoners.csv" in before
    assert "photo" in before and "/dates/calendar/birthday.ics" in before
    assert "share card [be]" in before
    assert f"/letters/to/{public_slug(app, prisoner_id)}" in before and "/letters/birthdays" in before
    assert f"/events/on/day-of-action/{today.year}" in before
    assert f"kit /events/on/day-of-action/{today.year} [be]" in before
    assert "/events/submit?dedication_q=Uladzimir" in before and "/events/submit?dedication_q=Уладзімір" in before
    assert any(url.startswith("/events/") and "/on/" not in url and "submit" not in url for url in before)

    auth.login(Role.EDITOR)
    response = client.post(
        f"/prisoners/{prisoner_id}/consent/withdraw",
        data={"given_by": "family", "channel": "phone", "given_on": today.isoformat()},
    )
    assert response.status_code == 303
    auth.logout()

    assert carrying_the_person(every_public_output(client, prisoner_id)) == []
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        assert prisoner.name_withheld and prisoner.photo_hidden and prisoner.address_hidden
        assert prisoner.kept_off_lists and prisoner.share_cards_off and prisoner.dedications_off


def test_each_output_withdrawn_alone_leaves_only_that_output(client, auth, public_person):
    prisoner_id = public_person
    auth.login(Role.EDITOR)
    for output in ("photo", "letters", "lists"):
        data = {"output": output, "allowed": "no", "given_by": "person", "channel": "email", "given_on": "2026-12-01"}
        assert client.post(f"/prisoners/{prisoner_id}/consent", data=data).status_code == 303
    auth.logout()

    page = client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).get_data(as_text=True)
    assert NAMES["name_en"] in page  # the name stays public
    assert (
        "/photo" not in page and client.get(f"/prisoners/{prisoner_id}/photo", follow_redirects=True).status_code == 404
    )
    assert ADDRESS not in page and "Letters are not advised" in page
    record = client.get(f"/api/v1/prisoners/{prisoner_id}", follow_redirects=True).get_json()
    assert record["photo_url"] is None and record["postal_address"] is None
    assert NAMES["name_en"] not in client.get("/dates/calendar/birthday.ics").get_data(as_text=True)


def test_withdrawal_reaches_pages_already_kept_in_the_shared_cache(
    client, auth, public_person, stored_pages, redis_page_cache
):
    prisoner_id, today = public_person, datetime.now(UTC).date()
    assert carrying_the_person(every_public_output(client, prisoner_id))
    assert [body for body in stored_pages() if NAMES["name_en"] in body]  # kept for every reader

    auth.login(Role.EDITOR)
    data = {"given_by": "family", "channel": "phone", "given_on": today.isoformat()}
    assert client.post(f"/prisoners/{prisoner_id}/consent/withdraw", data=data).status_code == 303
    auth.logout()

    assert carrying_the_person(every_public_output(client, prisoner_id)) == []
