"""Share cards: PNGs the app draws itself, only of what is public, cached per data change."""

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from PIL import Image

from tracker.accounts.models import Role
from tracker.events.models import Event
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner
from tracker.sharing import cards, views

D = EventKind.DETENTION
DECEMBER = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def drawn(monkeypatch):
    """The cards drawn during a test, as the text lines they carry (the PNG is pixels, not text)."""
    seen: list[list[str]] = []
    original = views.render

    def recording(card):
        seen.append([line.text for line in card.lines])
        return original(card)

    monkeypatch.setattr(views, "render", recording)
    return seen


def slug_of(app, prisoner_id: int) -> str:
    with app.app_context():
        return db.session.get(Prisoner, prisoner_id).slug


def png_size(body: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(body)).size


def test_the_card_typeface_covers_latin_and_cyrillic():
    assert cards.fonts_available(), "run make tracker/sharing/fonts/.fetched"
    font = cards._font(True, 40)
    for letter in "AŭŁšЎўІіЁё":
        assert font.getmask(letter).getbbox() is not None, letter


def test_home_card_is_a_png_of_the_public_count_with_cache_headers(client, make_prisoner, drawn):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    make_prisoner("Hidden", timeline=[(D, date(2021, 1, 1))], name_withheld=True)
    with time_machine.travel(DECEMBER):
        response = client.get("/cards/home.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data) == (1200, 630)
    assert response.headers["ETag"] and "public" in response.headers["Cache-Control"]
    # One not named is fewer than the threshold: the card says 1, as the home page does.
    assert drawn[-1][0] == "1" and "December 7, 2026" in drawn[-1]
    again = client.get("/cards/home.png", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_home_card_is_drawn_once_and_again_when_the_figures_change(client, make_prisoner, drawn):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    first = client.get("/cards/home.png")
    client.get("/cards/home.png")
    assert len(drawn) == 1
    make_prisoner("B", timeline=[(D, date(2021, 1, 1))])
    second = client.get("/cards/home.png")
    assert len(drawn) == 2 and drawn[-1][0] == "2"
    assert second.headers["ETag"] != first.headers["ETag"]


def test_home_card_speaks_the_readers_language(client, make_prisoner, drawn):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    with time_machine.travel(DECEMBER):
        client.get("/cards/home.png", headers={"Accept-Language": "ru"})
    assert "7 декабря 2026\u202fг." in drawn[-1]


def test_prisoner_card_shows_the_name_in_the_pages_language_and_days_behind_bars(app, client, make_prisoner, drawn):
    prisoner_id = make_prisoner("Ihar Losik", name_be="Ігар Лосік", timeline=[(D, date(2026, 12, 1))])
    slug = slug_of(app, prisoner_id)
    with time_machine.travel(DECEMBER):
        english = client.get(f"/prisoners/{slug}/card.png")
        client.get(f"/prisoners/{slug}/card.png", headers={"Accept-Language": "be"})
    assert english.status_code == 200 and png_size(english.data) == (1200, 630)
    assert drawn[0][:3] == ["Ihar Losik", "6", "days behind bars"]
    assert drawn[1][0] == "Ігар Лосік"


@pytest.mark.parametrize("flag", ["name_withheld", "share_cards_off", "kept_off_lists"])
def test_no_card_for_a_record_that_is_not_public(app, client, make_prisoner, drawn, flag):
    prisoner_id = make_prisoner("Kept Private", timeline=[(D, date(2021, 1, 1))], **{flag: True})
    slug = slug_of(app, prisoner_id)
    assert client.get(f"/prisoners/{slug}/card.png").status_code == 404
    assert client.get(f"/prisoners/{prisoner_id}/card.png", follow_redirects=True).status_code == 404
    page = client.get(f"/prisoners/{slug}").get_data(as_text=True)
    assert "/card.png" not in page.replace("/cards/home.png", "")
    assert drawn == []


def test_an_old_numbered_address_moves_to_the_card_at_the_slug(app, client, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=[(D, date(2021, 1, 1))])
    response = client.get(f"/prisoners/{prisoner_id}/card.png")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/prisoners/{slug_of(app, prisoner_id)}/card.png")
    assert client.get("/prisoners/999999/card.png").status_code == 404


def test_day_card_shows_the_date_and_the_events_listed(app, client, make_date, drawn):
    date_id = make_date()
    with app.app_context():
        db.session.add(
            Event(
                title="Vigil",
                description="",
                starts_at=datetime(2027, 5, 21, 16, tzinfo=UTC),
                ends_at=datetime(2027, 5, 21, 18, tzinfo=UTC),
                timezone="Europe/Vilnius",
                organizer_name="Org",
                private_contact="org@example.org",
                city="Vilnius",
                country="LT",
                status="approved",
                commemorative_date_id=date_id,
                occurrence_on=date(2027, 5, 21),
            )
        )
        db.session.commit()
    with time_machine.travel(DECEMBER):
        response = client.get("/events/on/day-of-solidarity/2027/card.png")
        assert client.get("/events/on/day-of-solidarity/2031/card.png").status_code == 404
        assert client.get("/events/on/no-such-day/2027/card.png").status_code == 404
        assert client.get("/events/on/day-of-solidarity/99999/card.png").status_code == 404
    assert response.status_code == 200 and png_size(response.data) == (1200, 630)
    assert drawn[-1] == ["May 21, 2027", "Day of Solidarity", "1 event listed"]


def test_without_the_typeface_the_card_is_unavailable_not_an_error(client, monkeypatch):
    monkeypatch.setattr(cards, "FONT_DIR", cards.FONT_DIR / "missing")
    cards._font.cache_clear()
    try:
        assert client.get("/cards/home.png").status_code == 503
    finally:
        cards._font.cache_clear()


def test_withdrawing_share_cards_alone_removes_only_the_card(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=[(D, date(2021, 1, 1))])
    slug = slug_of(app, prisoner_id)
    assert client.get(f"/prisoners/{slug}/card.png").status_code == 200
    auth.login(Role.EDITOR)
    data = {"output": "share_cards", "allowed": "no", "given_by": "person", "channel": "email"}
    data["given_on"] = "2026-12-01"
    assert client.post(f"/prisoners/{prisoner_id}/consent", data=data).status_code == 303
    auth.logout()
    assert client.get(f"/prisoners/{slug}/card.png").status_code == 404
    assert "Ihar Losik" in client.get(f"/prisoners/{slug}").get_data(as_text=True)


def test_a_card_for_someone_who_died_in_custody_says_so(app, client, make_prisoner, drawn):
    timeline = [(D, date(2020, 9, 18)), (EventKind.DEATH_IN_CUSTODY, date(2021, 5, 21))]
    slug = slug_of(app, make_prisoner("Vitold Ashurok", timeline=timeline))
    assert client.get(f"/prisoners/{slug}/card.png").status_code == 200
    assert drawn[-1] == ["Vitold Ashurok", "245", "days behind bars", "Death in custody: May 21, 2021"]
