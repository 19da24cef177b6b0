from datetime import date

import pytest

from tracker.accounts.models import Role
from tracker.dates.models import CommemorativeDate
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner

D = EventKind.DETENTION


def record_form(**overrides):
    data = {
        "name_be": "", "name_ru": "", "name_be_latn": "", "name_en": "Ihar Losik", "aliases": "",
        "gender": "male", "region": "minsk-city", "articles": "342", "sentence": "15 years", "term_months": "180",
        "detention_place": "Colony 1", "postal_address": "", "biography": "", "private_notes": "call the lawyer",
        "last_verified_on": "2024-01-10", "sources-0-url": "https://example.org/first", "sources-0-title": "First",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def edited_prisoner(client, auth):
    """A record created and then edited by an editor through the real forms: (id, editor email)."""
    email = auth.login(Role.EDITOR)
    assert client.post("/prisoners/new", data=record_form()).status_code == 303
    response = client.post(
        "/prisoners/1/edit",
        data=record_form(
            sentence="20 years",
            articles="342, 130",
            private_notes="moved to Mahilioŭ",
            **{"sources-0-url": "https://example.org/second", "sources-0-title": "Second"},
        ),
    )
    assert response.status_code == 303
    return 1, email


def test_each_edit_through_the_forms_is_a_version_with_its_editor_and_fields(edited_prisoner, versions):
    prisoner_id, email = edited_prisoner
    created, edited = versions("prisoners", prisoner_id)
    assert created[:3] == (1, "create", email)
    assert edited[:3] == (2, "update", email)
    assert sorted(edited[3]) == ["articles", "private_notes", "sentence", "sources"]
    assert edited[4]["sentence"] == "20 years"
    assert edited[4]["articles"] == [{"code": "130"}, {"code": "342"}]


def test_saving_an_unchanged_record_through_the_form_adds_no_version(client, edited_prisoner, versions):
    prisoner_id, _email = edited_prisoner
    form = record_form(
        sentence="20 years",
        articles="342, 130",
        private_notes="moved to Mahilioŭ",
        **{"sources-0-url": "https://example.org/second", "sources-0-title": "Second"},
    )
    assert client.post(f"/prisoners/{prisoner_id}/edit", data=form).status_code == 303
    assert len(versions("prisoners", prisoner_id)) == 2


def test_history_page_shows_who_changed_what_from_old_to_new(client, edited_prisoner):
    prisoner_id, email = edited_prisoner
    html = client.get(f"/history/prisoners/{prisoner_id}").get_data(as_text=True)
    assert "Version 2" in html and "Version 1" in html
    assert email in html
    assert "Sentence" in html and "15 years" in html and "20 years" in html
    assert "Minsk (city)" in html  # a choice shows its label, not the stored value
    assert "call the lawyer" in html and "moved to Mahilioŭ" in html
    assert "− url: https://example.org/first" in html and "+ url: https://example.org/second" in html
    assert "+ code: 130" in html


def test_revert_through_the_page_restores_values_and_child_rows_as_a_new_version(
    app, client, edited_prisoner, versions
):
    prisoner_id, email = edited_prisoner
    client.post(f"/prisoners/{prisoner_id}/timeline", data={"kind": "detention", "occurred_on": "2020-06-25"})
    response = client.post(f"/history/prisoners/{prisoner_id}/revert/1", follow_redirects=True)
    assert "reverted to version 1" in response.get_data(as_text=True)
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        assert prisoner.sentence == "15 years"
        assert prisoner.private_notes == "call the lawyer"
        assert prisoner.article_codes == ["342"]
        assert [(source.url, source.title) for source in prisoner.sources] == [("https://example.org/first", "First")]
        assert prisoner.timeline == []
    latest = versions("prisoners", prisoner_id)[-1]
    assert latest[:3] == (4, "revert", email)
    assert "Reverted to version 1" in client.get(f"/history/prisoners/{prisoner_id}").get_data(as_text=True)


def test_revert_of_a_removed_timeline_entry_brings_it_back(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=[(D, date(2020, 6, 25))])
    auth.login(Role.EDITOR)
    with app.app_context():
        entry_id = db.session.get(Prisoner, prisoner_id).timeline[0].id
    client.post(f"/prisoners/{prisoner_id}/timeline/{entry_id}/delete")
    assert client.post(f"/history/prisoners/{prisoner_id}/revert/1").status_code == 303
    with app.app_context():
        [entry] = db.session.get(Prisoner, prisoner_id).timeline
        assert (entry.kind, entry.occurred_on) == (D, date(2020, 6, 25))


def test_snapshot_and_date_edits_have_history_too(client, auth, versions):
    email = auth.login(Role.EDITOR)
    snapshot = {"count": "1600", "qualifier": "at_least", "reported_on": "2024-05-20", "source_name": "Viasna"}
    client.post("/counts/snapshots/new", data=snapshot)
    client.post("/counts/snapshots/1/edit", data={**snapshot, "count": "1650"})
    assert [(row[1], row[2], row[3]) for row in versions("count_snapshots", 1)][1] == ("update", email, ["count"])
    day = {"name": "Solidarity", "slug": "solidarity", "recurrence": "annual", "month": "5", "day": "21",
           "timezone": "Europe/Minsk"}  # fmt: skip
    client.post("/dates/new", data=day)
    client.post("/dates/1/edit", data={**day, "day": "22"})
    assert versions("commemorative_dates", 1)[1][3] == ["day"]
    html = client.get("/history/count_snapshots/1").get_data(as_text=True)
    assert "1600" in html and "1650" in html
    assert "Day of the month" in client.get("/history/commemorative_dates/1").get_data(as_text=True)


@pytest.mark.parametrize("role", [None, Role.ACTIVIST, Role.MODERATOR])
def test_only_editors_see_history(client, auth, make_prisoner, role):
    prisoner_id = make_prisoner("Ihar Losik", private_notes="secret note")
    if role:
        auth.login(role)
    for url in (f"/history/prisoners/{prisoner_id}", "/manage"):
        response = client.get(url)
        assert response.status_code == (403 if role else 302), url
        assert "secret note" not in response.get_data(as_text=True)
    assert client.post(f"/history/prisoners/{prisoner_id}/revert/1").status_code == (403 if role else 302)
    assert client.post(f"/history/prisoners/{prisoner_id}/delete", data={"reason": "x"}).status_code in (302, 403)


@pytest.mark.parametrize(
    "url",
    [
        "/history/prisoners/abc",
        "/history/prisoners/-1",
        "/history/prisoners/99999999999999999999",
        "/history/prisoners/12345",
        "/history/users/1",
        "/history/nothing/1",
    ],
)
def test_unknown_or_malformed_record_is_404(client, auth, url):
    auth.login(Role.EDITOR)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("number", ["5", "0", "abc", "99999999999999999999"])
def test_revert_to_a_missing_version_is_refused_without_changes(client, auth, make_prisoner, versions, number):
    prisoner_id = make_prisoner("Ihar Losik")
    auth.login(Role.EDITOR)
    response = client.post(f"/history/prisoners/{prisoner_id}/revert/{number}", follow_redirects=True)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert f"no version {number}" in response.get_data(as_text=True)
    assert len(versions("prisoners", prisoner_id)) == 1


def test_revert_to_another_records_version_is_refused(app, client, auth, make_prisoner):
    mine = make_prisoner("Ihar Losik")
    other = make_prisoner("Other Person")
    auth.login(Role.EDITOR)
    client.post(f"/prisoners/{other}/edit", data=record_form(name_en="Other Renamed"))
    response = client.post(f"/history/prisoners/{mine}/revert/2", follow_redirects=True)
    assert "no version 2" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Prisoner, mine).name_en == "Ihar Losik"


def test_revert_without_csrf_token_is_refused(app, client, auth, edited_prisoner):
    app.config["WTF_CSRF_ENABLED"] = True
    prisoner_id, _email = edited_prisoner
    assert client.post(f"/history/prisoners/{prisoner_id}/revert/1").status_code == 400
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id).sentence == "20 years"


def test_delete_without_a_reason_is_refused_and_nothing_changes(app, client, auth, make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik")
    auth.login(Role.EDITOR)
    for reason in ("", "   ", "x" * 501):
        response = client.post(f"/history/prisoners/{prisoner_id}/delete", data={"reason": reason})
        assert response.status_code == 400
        assert "reason" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id) is not None
    assert len(versions("prisoners", prisoner_id)) == 1


def test_edit_page_offers_history_and_delete_and_delete_page_renders(client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik")
    auth.login(Role.EDITOR)
    html = client.get(f"/prisoners/{prisoner_id}/edit").get_data(as_text=True)
    assert f"/history/prisoners/{prisoner_id}/delete" in html and f"/history/prisoners/{prisoner_id}" in html
    assert client.get(f"/history/prisoners/{prisoner_id}/delete").status_code == 200


def test_deleted_record_is_gone_for_editors_but_its_history_remains(client, auth, make_prisoner, versions, user_id):
    prisoner_id = make_prisoner("Ihar Losik")
    email = auth.login(Role.EDITOR)
    response = client.post(f"/history/prisoners/{prisoner_id}/delete", data={"reason": "Duplicate of #2"})
    assert response.status_code == 303
    assert client.get(f"/prisoners/{prisoner_id}/edit").status_code == 404
    assert "Ihar Losik" not in client.get("/prisoners/manage").get_data(as_text=True)
    html = client.get(f"/history/prisoners/{prisoner_id}").get_data(as_text=True)
    assert "Duplicate of #2" in html and "Revert to this version" not in html
    assert versions("prisoners", prisoner_id)[-1][:3] == (2, "delete", email)
    again = client.post(f"/history/prisoners/{prisoner_id}/delete", data={"reason": "again"}, follow_redirects=True)
    assert "already deleted" in again.get_data(as_text=True)
    refused = client.post(f"/history/prisoners/{prisoner_id}/revert/1", follow_redirects=True)
    assert "Restore the record before reverting it." in refused.get_data(as_text=True)


def test_only_admins_restore_and_see_deleted_records(client, auth, make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik")
    auth.login(Role.EDITOR)
    client.post(f"/history/prisoners/{prisoner_id}/delete", data={"reason": "Family asked to remove"})
    assert client.post(f"/history/prisoners/{prisoner_id}/restore").status_code == 403
    assert client.get("/history/deleted").status_code == 403
    auth.logout()
    admin = auth.login(Role.ADMIN)
    html = client.get("/history/deleted").get_data(as_text=True)
    assert "Ihar Losik" in html and "Family asked to remove" in html
    assert client.post(f"/history/prisoners/{prisoner_id}/restore").status_code == 303
    assert "No deleted records." in client.get("/history/deleted").get_data(as_text=True)
    assert versions("prisoners", prisoner_id)[-1][:3] == (3, "restore", admin)
    again = client.post(f"/history/prisoners/{prisoner_id}/restore", follow_redirects=True)
    assert again.status_code == 200 and "not deleted" in again.get_data(as_text=True)
    assert len(versions("prisoners", prisoner_id)) == 3


def test_restoring_an_unknown_record_is_404(client, auth):
    auth.login(Role.ADMIN)
    assert client.post("/history/prisoners/404/restore").status_code == 404
    assert client.post("/history/events/1/restore").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/prisoners/99999999999999999999", "/prisoners/2147483648/photo", "/counts/snapshots/99999999999999999999/edit"],
)
def test_ids_too_large_for_the_database_are_404_on_every_route(client, auth, url):
    auth.login(Role.EDITOR)
    assert client.get(url).status_code == 404


def test_revert_never_makes_a_record_more_public_than_it_is_now(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner(
        "Ihar Losik",
        postal_address="Colony 1",
        timeline=[(D, date(2020, 6, 25)), (EventKind.RELEASE, date(2024, 1, 1))],
    )
    auth.login(Role.EDITOR)
    client.post(
        f"/prisoners/{prisoner_id}/edit",
        data=record_form(name_en="Ihar Losik", sentence="changed", name_withheld="y", address_hidden="y"),
    )
    with app.app_context():
        release = db.session.get(Prisoner, prisoner_id).timeline[1]
        release.published = False
        db.session.commit()
    assert client.post(f"/history/prisoners/{prisoner_id}/revert/1").status_code == 303
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        assert prisoner.sentence == "" and prisoner.name_withheld and prisoner.address_hidden
        assert [entry.published for entry in prisoner.timeline] == [True, False]
    auth.logout()
    assert client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).status_code == 404
    assert "Ihar Losik" not in client.get("/prisoners?q=losik").get_data(as_text=True)


def test_reverted_date_drops_its_link_to_a_prisoner_no_longer_named(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik")
    auth.login(Role.EDITOR)
    day = {"name": "Losik Day", "slug": "losik", "recurrence": "annual", "month": "6", "day": "25",
           "timezone": "Europe/Minsk", "prisoner_id": str(prisoner_id)}  # fmt: skip
    assert client.post("/dates/new", data=day).status_code == 303
    client.post("/dates/1/edit", data={**day, "prisoner_id": "", "name": "Renamed"})
    client.post(f"/prisoners/{prisoner_id}/edit", data=record_form(name_withheld="y"))
    assert client.post("/history/commemorative_dates/1/revert/1").status_code == 303
    with app.app_context():
        reverted = db.session.get(CommemorativeDate, 1)
        assert reverted.name == "Losik Day" and reverted.prisoner_id is None


def test_a_save_that_loses_a_race_gets_a_clear_409_and_nothing_half_saved(app, client, auth, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from tracker.counts import services as count_services
    from tracker.counts.models import CountSnapshot
    from tracker.extensions import db as database

    def racing_save(*args, **kwargs):
        raise IntegrityError("INSERT INTO record_versions", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(count_services, "save_snapshot", racing_save)
    auth.login(Role.EDITOR)
    response = client.post(
        "/counts/snapshots/new",
        data={"count": "1600", "qualifier": "exact", "reported_on": "2024-05-20", "source_name": "Viasna"},
    )
    assert response.status_code == 409
    assert "Someone else saved at the same moment" in response.get_data(as_text=True)
    with app.app_context():
        assert database.session.query(CountSnapshot).count() == 0
