import io
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image

from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner, TimelineEntry

D, R, V = EventKind.DETENTION, EventKind.RELEASE, EventKind.VERDICT


def valid_record(**overrides):
    data = {
        "name_be": "Вітольд Ашурок", "name_ru": "Витольд Ашурок", "name_be_latn": "Vitold Ašurak",
        "name_en": "Vitold Ashurok", "aliases": "", "gender": "male", "region": "brest",
        "articles": "342, 361-1", "sentence": "5 years", "term_months": "60", "detention_place": "Colony 17",
        "postal_address": "Shklov, IK-17", "biography": "", "private_notes": "family asked for care",
        "sources-0-url": "https://example.org/a", "sources-0-title": "Source A",
    }  # fmt: skip
    data.update(overrides)
    return data


# --- public list and search -------------------------------------------------


@pytest.mark.parametrize("query", ["Ashurok", "Ashurak", "Ашурок", "Ашурак", "ашурак", "ASHUROK", "Ašurak"])
def test_search_finds_a_name_across_scripts(client, make_prisoner, query):
    make_prisoner("Vitold Ashurok", name_be="Вітольд Ашурок", timeline=[(D, date(2020, 9, 18))])
    make_prisoner("Ihar Losik", timeline=[(D, date(2020, 6, 25))])
    html = client.get("/prisoners", query_string={"q": query}).get_data(as_text=True)
    assert "Ashurok" in html or "Ашурок" in html
    assert "Losik" not in html


def test_filters_by_status_region_place_and_article(client, make_prisoner):
    make_prisoner("Held Brest", region="brest", detention_place="Colony 22", articles=["342"],
                  timeline=[(D, date(2021, 1, 1)), (V, date(2021, 6, 1))])  # fmt: skip
    make_prisoner(
        "Freed Gomel", region="gomel", articles=["130"], timeline=[(D, date(2021, 1, 1)), (R, date(2022, 1, 1))]
    )
    assert "Held Brest" in client.get("/prisoners?status=sentenced").get_data(as_text=True)
    assert "Freed Gomel" not in client.get("/prisoners?status=sentenced").get_data(as_text=True)
    assert "Freed Gomel" in client.get("/prisoners?region=gomel").get_data(as_text=True)
    assert "Held Brest" not in client.get("/prisoners?region=gomel").get_data(as_text=True)
    assert "Held Brest" in client.get("/prisoners?place=Colony+22").get_data(as_text=True)
    assert "Freed Gomel" in client.get("/prisoners?article=130").get_data(as_text=True)
    assert "Held Brest" not in client.get("/prisoners?article=130").get_data(as_text=True)


def test_list_is_paginated(app, client, make_prisoner):
    app.config["PRISONERS_PER_PAGE"] = 2
    for number in range(5):
        make_prisoner(f"Person {number}", timeline=[(D, date(2021, 1, 1))])
    first = client.get("/prisoners").get_data(as_text=True)
    assert "Person 0" in first and "Person 2" not in first
    assert "Page 1 of 3" in first
    assert "Person 4" in client.get("/prisoners?page=3").get_data(as_text=True)
    assert client.get("/prisoners?page=4").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "The page number must be a whole number"),
        ("page=-1", "The page number must be a whole number"),
        ("page=0", "The page number must be a whole number"),
        ("status=free", "Choose one of the options for"),
        ("region=atlantis", "Choose one of the options for"),
        ("place=Nowhere", "Choose one of the options for"),
        ("article=drop%20table", "Enter an article number"),
        ("q=" + "x" * 300, "— at most 200 characters"),
    ],
)
def test_bad_list_parameters_get_a_clear_400(client, query, message):
    response = client.get(f"/prisoners?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_unknown_prisoner_is_404(client):
    assert client.get("/prisoners/424242").status_code == 404
    assert client.get("/prisoners/abc").status_code == 404


# --- the prisoner page and the consent flags ---------------------------------


def test_prisoner_page_shows_timeline_sources_and_letter_address(client, make_prisoner, app):
    prisoner_id = make_prisoner("Ihar Losik", postal_address="Colony 1, Novopolotsk", timeline=[(D, date(2020, 6, 25))])
    with app.app_context():
        db.session.get(Prisoner, prisoner_id).sources = []
        db.session.commit()
    html = client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).get_data(as_text=True)
    assert "Ihar Losik" in html
    assert "Detention" in html and "2020" in html
    assert "Colony 1, Novopolotsk" in html


def test_not_named_record_has_no_public_page(client, make_prisoner):
    prisoner_id = make_prisoner(
        "Hidden Person",
        name_withheld=True,
        timeline=[(D, date(2021, 1, 1))],
        created_at=datetime(2024, 1, 1, tzinfo=UTC),  # entered before this month: in the public figure
    )
    assert client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).status_code == 404
    html = client.get("/prisoners").get_data(as_text=True)
    assert "Hidden Person" not in html
    assert "fewer than 5 records of people not named" in html


def test_hidden_address_never_appears(client, make_prisoner):
    prisoner_id = make_prisoner(
        "Addressed Person", postal_address="SECRET STREET 1", address_hidden=True, timeline=[(D, date(2021, 1, 1))]
    )
    assert "SECRET STREET" not in client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).get_data(as_text=True)


def test_private_notes_stay_private(client, make_prisoner):
    prisoner_id = make_prisoner("Noted Person", private_notes="PRIVATE NOTE", timeline=[(D, date(2021, 1, 1))])
    assert "PRIVATE NOTE" not in client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).get_data(as_text=True)


def test_held_back_release_is_not_shown_until_published(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Quiet Person", timeline=[(D, date(2021, 1, 1)), (R, date(2024, 1, 5), False)])
    html = client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).get_data(as_text=True)
    assert "Release" not in html and "2024" not in html and "Detained" in html
    auth.login(Role.EDITOR)
    with app.app_context():
        entry_id = db.session.query(TimelineEntry).filter_by(kind=R).one().id
    assert client.post(f"/prisoners/{prisoner_id}/timeline/{entry_id}/publish").status_code == 303
    html = client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).get_data(as_text=True)
    assert "Release" in html and "Released" in html


# --- editing -----------------------------------------------------------------


def test_anonymous_and_activist_cannot_edit(client, auth, make_prisoner):
    prisoner_id = make_prisoner("Someone")
    assert client.get("/prisoners/new").status_code == 302
    assert client.post(f"/prisoners/{prisoner_id}/edit", data=valid_record()).status_code == 302
    auth.login(Role.ACTIVIST)
    assert client.get("/prisoners/new").status_code == 403
    assert client.post(f"/prisoners/{prisoner_id}/edit", data=valid_record()).status_code == 403
    assert client.get("/prisoners/manage").status_code == 403


def test_editor_creates_a_record_with_sources_and_articles(app, client, auth):
    auth.login(Role.EDITOR)
    response = client.post("/prisoners/new", data=valid_record())
    assert response.status_code == 303
    with app.app_context():
        prisoner = db.session.query(Prisoner).one()
        assert prisoner.article_codes == ["342", "361-1"]
        assert [(s.url, s.title) for s in prisoner.sources] == [("https://example.org/a", "Source A")]
        assert "ashurak" in prisoner.search_text


def test_editor_edits_a_record(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Old Name")
    auth.login(Role.EDITOR)
    form = client.get(f"/prisoners/{prisoner_id}/edit").get_data(as_text=True)
    assert "Old Name" in form
    assert client.post(f"/prisoners/{prisoner_id}/edit", data=valid_record(name_en="New Name")).status_code == 303
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id).name_en == "New Name"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "2001-02-30", "Enter a real date in"),
        ("birth_date", (date.today() + timedelta(days=3)).isoformat(), "cannot be in the future"),
        ("birth_date", "1066-10-14", "before 1900"),
        ("gender", "dragon", "Choose one of the options for"),
        ("articles", "342, <script>", "is not an article number"),
        ("name_en", "x" * 201, "— at most 200 characters"),
        ("biography", "x" * 10001, "— at most 10000 characters"),
        ("sources-0-url", "not a url", "Enter a full web address"),
        ("sources-0-url", "javascript:alert(1)", "Enter a full web address"),
        ("term_months", "many", "Enter a whole number in"),
    ],
)
def test_bad_record_input_is_rejected_per_field_and_nothing_is_saved(app, client, auth, field, value, message):
    auth.login(Role.EDITOR)
    response = client.post("/prisoners/new", data=valid_record(**{field: value}))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Prisoner).count() == 0


def test_a_record_needs_at_least_one_name(app, client, auth):
    auth.login(Role.EDITOR)
    data = valid_record(name_be="", name_ru="", name_be_latn="", name_en="")
    response = client.post("/prisoners/new", data=data)
    assert response.status_code == 400
    assert "Enter the name in at least one script." in response.get_data(as_text=True)


def test_timeline_rejects_release_before_detention(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Timeline Person", timeline=[(D, date(2021, 5, 1))])
    auth.login(Role.EDITOR)
    response = client.post(
        f"/prisoners/{prisoner_id}/timeline", data={"kind": "release", "occurred_on": "2021-04-01", "published": "y"}
    )
    assert response.status_code == 400
    assert "before the detention" in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Prisoner, prisoner_id).timeline) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "teleport", "occurred_on": "2022-01-01"}, "Choose one of the options for"),
        ({"kind": "verdict", "occurred_on": "yesterday"}, "Enter a real date in"),
        ({"kind": "verdict", "occurred_on": ""}, "Enter the date."),
        ({"kind": "release", "occurred_on": (date.today() + timedelta(days=30)).isoformat()}, "in the future"),
    ],
)
def test_timeline_bad_input(client, auth, make_prisoner, data, message):
    prisoner_id = make_prisoner("Timeline Person", timeline=[(D, date(2021, 5, 1))])
    auth.login(Role.EDITOR)
    response = client.post(f"/prisoners/{prisoner_id}/timeline", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_editor_adds_and_deletes_timeline_entries(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Timeline Person", timeline=[(D, date(2021, 5, 1))])
    auth.login(Role.EDITOR)
    data = {"kind": "verdict", "occurred_on": "2021-09-01", "note": "5 years", "published": "y"}
    assert client.post(f"/prisoners/{prisoner_id}/timeline", data=data).status_code == 303
    assert "Sentenced" in client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        entry_id = db.session.query(TimelineEntry).filter_by(kind=V).one().id
    assert client.post(f"/prisoners/{prisoner_id}/timeline/{entry_id}/delete").status_code == 303
    assert client.post(f"/prisoners/{prisoner_id}/timeline/{entry_id}/delete").status_code == 404
    assert client.post(f"/prisoners/999/timeline/{entry_id}/publish").status_code == 404


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (53.0, 54.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_photo_upload_is_reencoded_without_metadata(app, client, auth):
    auth.login(Role.EDITOR)
    data = valid_record()
    data["photo"] = (io.BytesIO(jpeg_with_gps()), "portrait.jpg")
    assert client.post("/prisoners/new", data=data, content_type="multipart/form-data").status_code == 303
    with app.app_context():
        prisoner = db.session.query(Prisoner).one()
        stored = app.config["UPLOAD_DIR"] / "photos" / prisoner.photo_filename
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
    with client.get(f"/prisoners/{prisoner.slug}/photo") as response:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"


def test_non_image_upload_is_rejected_with_a_message(app, client, auth):
    auth.login(Role.EDITOR)
    data = valid_record()
    data["photo"] = (io.BytesIO(b"<?php echo 'hi'; ?>"), "photo.jpg")
    response = client.post("/prisoners/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "not an image we can read" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Prisoner).count() == 0


def test_photo_of_not_named_record_is_not_served(app, client, make_prisoner):
    prisoner_id = make_prisoner("Hidden", name_withheld=True, photo_filename="x.jpg")
    assert client.get(f"/prisoners/{prisoner_id}/photo", follow_redirects=True).status_code == 404


def test_editors_list_shows_not_named_records_to_editors_only(client, auth, make_prisoner):
    make_prisoner("Hidden Person", name_withheld=True)
    auth.login(Role.EDITOR)
    html = client.get("/prisoners/manage").get_data(as_text=True)
    assert "Hidden Person" in html and "not named" in html


def test_a_not_named_record_entered_this_month_does_not_move_the_public_figure(client, make_prisoner):
    for number in range(5):
        make_prisoner(f"Earlier {number}", name_withheld=True, created_at=datetime(2024, 1, 1, tzinfo=UTC))
    before = client.get("/api/v1/prisoners").get_json()["not_named"]
    make_prisoner("Entered today", name_withheld=True)
    assert before == 5 and client.get("/api/v1/prisoners").get_json()["not_named"] == 5
    assert "5 records of people not named" in client.get("/prisoners").get_data(as_text=True)
