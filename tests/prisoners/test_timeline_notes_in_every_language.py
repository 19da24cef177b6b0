"""Editors write a timeline entry's note in every language, when adding it and afterwards."""

from datetime import date

from sqlalchemy import select

from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner, TimelineEntry

DETAINED = [(EventKind.DETENTION, date(2021, 1, 10))]


def entry_of(app, prisoner_id: int) -> TimelineEntry:
    with app.app_context():
        return db.session.scalar(select(TimelineEntry).where(TimelineEntry.prisoner_id == prisoner_id))


def public_page(app, client, prisoner_id: int, language: str) -> str:
    with app.app_context():
        slug = db.session.get(Prisoner, prisoner_id).slug
    client.set_cookie("lang", language)
    return client.get(f"/prisoners/{slug}", follow_redirects=True).get_data(as_text=True)


def test_a_note_added_in_several_languages_reads_in_each(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik")
    auth.login(Role.EDITOR)
    form = {"kind": "detention", "occurred_on": "2021-01-10", "note": "Detained at home",
            "note_be": "Затрыманы дома", "note_ru": "Задержан дома", "published": "y"}  # fmt: skip
    assert client.post(f"/prisoners/{prisoner_id}/timeline", data=form).status_code == 303
    auth.logout()
    assert "Затрыманы дома" in public_page(app, client, prisoner_id, "be")
    assert "Задержан дома" in public_page(app, client, prisoner_id, "ru")
    assert "Detained at home" in public_page(app, client, prisoner_id, "en")


def test_a_note_translated_later_shows_on_the_cached_page_at_once(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=DETAINED)
    entry = entry_of(app, prisoner_id)
    before = public_page(app, client, prisoner_id, "uk")  # now stored in the shared cache
    assert "Затриманий удома" not in before
    client.set_cookie("lang", "en")
    auth.login(Role.EDITOR)
    editor_page = client.get(f"/prisoners/timeline/{entry.id}/note").get_data(as_text=True)
    assert 'name="note_uk"' in editor_page and 'lang="uk"' in editor_page
    form = {"note": "Detained at home", "note_uk": "Затриманий удома"}
    assert client.post(f"/prisoners/timeline/{entry.id}/note", data=form).status_code == 303
    auth.logout()
    assert "Затриманий удома" in public_page(app, client, prisoner_id, "uk")
    with app.app_context():
        saved = db.session.get(TimelineEntry, entry.id)
        assert (saved.kind, saved.occurred_on) == (EventKind.DETENTION, date(2021, 1, 10))
        assert saved.note == "Detained at home"


def test_a_note_too_long_is_refused_and_what_was_typed_kept(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=DETAINED)
    entry = entry_of(app, prisoner_id)
    auth.login(Role.EDITOR)
    response = client.post(f"/prisoners/timeline/{entry.id}/note", data={"note": "ok", "note_be": "я" * 501})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "я" * 501 in body and 'class="error-summary' in body
    assert entry_of(app, prisoner_id).translations in (None, {})


def test_notes_of_a_deleted_record_and_unknown_entries_are_not_found(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=DETAINED)
    entry = entry_of(app, prisoner_id)
    auth.login(Role.EDITOR)
    assert client.get("/prisoners/timeline/999999/note").status_code == 404
    assert client.post(f"/history/prisoners/{prisoner_id}/delete", data={"reason": "Duplicate"}).status_code == 303
    assert client.get(f"/prisoners/timeline/{entry.id}/note").status_code == 404


def test_the_dashboard_lists_notes_that_lack_a_language(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=DETAINED)
    entry = entry_of(app, prisoner_id)
    with app.app_context():
        db.session.get(TimelineEntry, entry.id).note = "Detained at home"
        db.session.commit()
    auth.login(Role.EDITOR)
    dashboard = client.get("/manage").get_data(as_text=True)
    assert f"/prisoners/timeline/{entry.id}/note" in dashboard and "Ihar Losik, 2021-01-10" in dashboard


def test_the_dashboard_leaves_out_entries_of_deleted_records(app, client, auth, make_prisoner):
    kept = make_prisoner("Ihar Losik", timeline=DETAINED)
    deleted = make_prisoner("Removed Person", timeline=DETAINED)
    with app.app_context():
        for entry in db.session.scalars(select(TimelineEntry)):
            entry.note = "Detained at home"
        db.session.commit()
    auth.login(Role.ADMIN)
    assert client.post(f"/history/prisoners/{deleted}/delete", data={"reason": "Duplicate"}).status_code == 303
    dashboard = client.get("/manage").get_data(as_text=True)
    assert f"/prisoners/timeline/{entry_of(app, kept).id}/note" in dashboard
    assert "Removed Person" not in dashboard


def test_empty_fields_are_not_flagged_as_missing_a_translation(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=DETAINED)
    auth.login(Role.EDITOR)
    blank = client.get(f"/prisoners/{prisoner_id}/edit").get_data(as_text=True)
    assert 'name="note_be"' in blank and "Missing: pages in this language" not in blank
    with app.app_context():
        db.session.get(Prisoner, prisoner_id).sentence = "Six years"
        db.session.commit()
    written = client.get(f"/prisoners/{prisoner_id}/edit").get_data(as_text=True)
    assert written.count("Missing: pages in this language") == 3  # the sentence, in three languages
