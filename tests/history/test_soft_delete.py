from datetime import date, timedelta

from tracker.accounts.models import Role
from tracker.counts import services as count_services
from tracker.dates import services as date_services
from tracker.extensions import db
from tracker.prisoners import services as prisoner_services
from tracker.prisoners.models import EventKind

D = EventKind.DETENTION
PUBLIC_URLS = ("/", "/counts", "/counts.csv", "/counts.json", "/prisoners", "/prisoners?q=losik")


def delete(client, entity_type, record_id, reason="Entered twice"):
    response = client.post(f"/history/{entity_type}/{record_id}/delete", data={"reason": reason})
    assert response.status_code == 303


def restore(client, auth, entity_type, record_id):
    auth.logout()
    auth.login(Role.ADMIN)
    assert client.post(f"/history/{entity_type}/{record_id}/restore").status_code == 303


def test_deleted_prisoner_vanishes_from_every_public_page_count_and_download_until_restored(
    app, client, auth, make_prisoner
):
    photos = app.config["UPLOAD_DIR"] / "photos"
    photos.mkdir(parents=True)
    (photos / "losik.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    losik = make_prisoner(
        "Ihar Losik",
        region="gomel",
        detention_place="Colony 15",
        articles=["361-1"],
        photo_filename="losik.jpg",
        timeline=[(D, date(2020, 6, 25))],
    )
    make_prisoner("Other Person", region="brest", detention_place="Colony 1", timeline=[(D, date(2021, 1, 1))])
    before = {url: client.get(url).get_data(as_text=True) for url in PUBLIC_URLS}
    assert "Ihar Losik" in before["/prisoners"] and "Ihar Losik" in before["/prisoners?q=losik"]
    assert client.get(f"/prisoners/{losik}", follow_redirects=True).status_code == 200
    with client.get(f"/prisoners/{losik}/photo", follow_redirects=True) as photo:
        assert photo.status_code == 200
    assert client.get("/counts.json").get_json()["computed"]["held"] == 2

    auth.login(Role.EDITOR)
    delete(client, "prisoners", losik)
    auth.logout()
    for url in PUBLIC_URLS:
        body = client.get(url).get_data(as_text=True)
        assert "Ihar Losik" not in body and "Colony 15" not in body and "361-1" not in body, url
    assert client.get(f"/prisoners/{losik}", follow_redirects=True).status_code == 404
    assert client.get(f"/prisoners/{losik}/photo", follow_redirects=True).status_code == 404
    assert client.get("/prisoners?place=Colony+15").status_code == 400  # no longer a place to choose
    assert client.get("/prisoners?article=361-1").get_data(as_text=True).count("Ihar Losik") == 0
    assert client.get("/counts.json").get_json()["computed"]["held"] == 1
    assert client.get("/counts.csv").get_data(as_text=True).splitlines()[1].startswith("2021-01-01")
    with app.app_context():
        today = date(2026, 1, 1)
        assert count_services.current_count(today).held == 1
        assert [day.held for day in count_services.count_series(today)][-1] == 1
        assert ("gomel", 1) not in count_services.breakdowns(today)["region"]
        assert "Colony 15" not in [name for _id, name in prisoner_services.detention_places()]
        assert "Ihar Losik" not in [name for _id, name in prisoner_services.named_prisoner_choices()]

    restore(client, auth, "prisoners", losik)
    auth.logout()
    assert client.get(f"/prisoners/{losik}", follow_redirects=True).status_code == 200
    assert "Ihar Losik" in client.get("/prisoners?q=losik").get_data(as_text=True)
    assert client.get("/counts.json").get_json()["computed"]["held"] == 2


def test_deleted_not_named_record_no_longer_counts_as_not_named(app, client, auth, make_prisoner):
    hidden = make_prisoner("Withheld Person", name_withheld=True, timeline=[(D, date(2021, 1, 1))])
    # One person not named is below the disclosure threshold: said beside the count, not added into it.
    assert client.get("/counts.json").get_json()["computed"] == {"held": 0, "not_named": 0, "not_named_fewer_than": 5}
    auth.login(Role.EDITOR)
    assert client.get("/counts.json").get_json()["computed"] == {
        "held": 1,
        "not_named": 1,
        "not_named_fewer_than": None,
    }
    delete(client, "prisoners", hidden)
    assert client.get("/counts.json").get_json()["computed"] == {
        "held": 0,
        "not_named": 0,
        "not_named_fewer_than": None,
    }
    with app.app_context():
        assert prisoner_services.withheld_count() == 0


def test_deleted_snapshot_is_no_longer_the_latest_reported_figure(app, client, auth):
    auth.login(Role.EDITOR)
    for count, day in (("1500", "2024-01-01"), ("1600", "2024-05-20")):
        data = {"count": count, "qualifier": "exact", "reported_on": day, "source_name": "Viasna"}
        assert client.post("/counts/snapshots/new", data=data).status_code == 303
    delete(client, "count_snapshots", 2, reason="Misread the figure")
    assert client.get("/counts.json").get_json()["latest_reported"]["count"] == 1500
    assert "1,600" not in client.get("/").get_data(as_text=True)
    assert "1,600" not in client.get("/counts/snapshots").get_data(as_text=True)
    with app.app_context():
        assert [snapshot.count for snapshot in count_services.list_snapshots()] == [1500]
    restore(client, auth, "count_snapshots", 2)
    assert client.get("/counts.json").get_json()["latest_reported"]["count"] == 1600


def test_deleted_date_leaves_lists_and_upcoming_dates_and_keeps_its_short_name(app, client, auth):
    auth.login(Role.EDITOR)
    soon = date.today() + timedelta(days=10)
    day = {"name": "Solidarity Day", "slug": "solidarity", "recurrence": "one_off",
           "on_date": soon.isoformat(), "timezone": "Europe/Minsk"}  # fmt: skip
    assert client.post("/dates/new", data=day).status_code == 303
    assert "Solidarity Day" in client.get("/").get_data(as_text=True)
    delete(client, "commemorative_dates", 1)
    assert "Solidarity Day" not in client.get("/").get_data(as_text=True)
    assert "Solidarity Day" not in client.get("/dates/manage").get_data(as_text=True)
    with app.app_context():
        assert date_services.list_dates() == [] and date_services.upcoming_dates(date.today()) == []
    # The deleted date still holds its short name, so a restore cannot clash: a clear 400, not a 500.
    response = client.post("/dates/new", data={**day, "name": "Another"})
    assert response.status_code == 400
    assert "already uses this short name" in response.get_data(as_text=True)
    restore(client, auth, "commemorative_dates", 1)
    assert "Solidarity Day" in client.get("/").get_data(as_text=True)


def test_deleted_prisoner_cannot_be_edited_or_given_timeline_entries(client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", timeline=[(D, date(2020, 6, 25))])
    auth.login(Role.EDITOR)
    delete(client, "prisoners", prisoner_id)
    assert client.post(f"/prisoners/{prisoner_id}/edit", data={"name_en": "x"}).status_code == 404
    entry = {"kind": "release", "occurred_on": "2024-01-01"}
    assert client.post(f"/prisoners/{prisoner_id}/timeline", data=entry).status_code == 404
    assert client.post(f"/prisoners/{prisoner_id}/timeline/1/publish").status_code == 404
    with client.application.app_context():
        assert db.session.get(count_services.Prisoner, prisoner_id) is None
