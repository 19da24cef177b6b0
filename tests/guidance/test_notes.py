"""Guidance beside a letter address comes from editors' sourced notes, in the reader's language or the nearest."""

from datetime import date

from sqlalchemy import func, select

from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.guidance.models import GuidanceNote
from tracker.prisoners.models import EventKind

NOTE = {
    "topic": "letter-writer-risk",
    "language": "ru",
    "body": "Тюрьма видит обратный адрес.",
    "source_title": "Viasna",
    "source_url": "https://spring96.org/",
    "reviewed_on": "2026-12-01",
}


def held_with_address(make_prisoner, slug_of) -> str:
    prisoner_id = make_prisoner(
        "Ales Named", postal_address="ИК-1, Минск", timeline=[(EventKind.DETENTION, date(2022, 3, 1))]
    )
    return f"/prisoners/{slug_of(prisoner_id)}"


def test_an_editors_note_shows_beside_the_address_with_its_source_and_check_date(client, auth, make_prisoner, slug_of):
    page_url = held_with_address(make_prisoner, slug_of)
    assert "Тюрьма видит" not in client.get(page_url).get_data(as_text=True)  # nothing invented in a template
    auth.login(Role.EDITOR)
    assert client.post("/manage/guidance/new", data=NOTE).status_code == 303
    auth.logout()
    client.set_cookie("lang", "be")  # no Belarusian note: the Russian one, marked as Russian
    page = client.get(page_url).get_data(as_text=True)
    assert '<div class="notice guidance" lang="ru">' in page and "Тюрьма видит обратный адрес." in page
    assert 'href="https://spring96.org/"' in page


def test_a_note_without_a_source_is_refused_and_nothing_is_saved(app, client, auth):
    auth.login(Role.EDITOR)
    response = client.post(
        "/manage/guidance/new", data={**NOTE, "source_url": "javascript:alert(1)", "source_title": ""}
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Name the source." in text and "Тюрьма видит обратный адрес." in text  # what was typed comes back
    with app.app_context():
        assert db.session.scalar(select(func.count(GuidanceNote.id))) == 0


def test_one_note_per_topic_and_language(client, auth):
    auth.login(Role.EDITOR)
    assert client.post("/manage/guidance/new", data=NOTE).status_code == 303
    again = client.post("/manage/guidance/new", data=NOTE)
    assert again.status_code == 400 and "already a note" in again.get_data(as_text=True)


def test_the_demo_marks_its_guidance_as_a_sample(app, client, runner, make_prisoner, slug_of):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    page_url = held_with_address(make_prisoner, slug_of)
    page = client.get(page_url).get_data(as_text=True)
    assert "sample text" in page and "return address" in page
