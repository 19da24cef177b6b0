import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tracker.counts.models import CountSnapshot, Qualifier
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner, TimelineEntry

D, V, R = EventKind.DETENTION, EventKind.VERDICT, EventKind.RELEASE

PUBLIC_URLS = (
    "/api/v1/",
    "/api/v1/counts",
    "/api/v1/counts/snapshots",
    "/api/v1/prisoners",
    "/api/v1/prisoners?per_page=100",
    "/api/v1/dates",
    "/api/v1/dates/upcoming",
    "/api/v1/export/prisoners.json",
    "/api/v1/export/prisoners.csv",
)


@pytest.fixture
def private_records(make_prisoner):
    """One record of each kind that must never be shown by name or detail."""
    return {
        "withheld": make_prisoner(
            "Zmitser Withheld", name_be="Зміцер Схаваны", name_withheld=True, postal_address="Withheld Street 9",
            created_at=datetime(2024, 1, 1, tzinfo=UTC),
            biography="withheld biography", timeline=[(D, date(2021, 3, 1))],
        ),
        "hidden_address": make_prisoner(
            "Hanna Hidden", address_hidden=True, postal_address="Secret Colony Street 4",
            private_notes="contact via cousin Alena", timeline=[(D, date(2021, 3, 1))],
        ),
        "held_back": make_prisoner(
            "Pavel Heldback", postal_address="Open Street 1",
            timeline=[(D, date(2021, 3, 1)), (V, date(2021, 9, 1)), (R, date(2024, 2, 2), False)],
        ),
    }  # fmt: skip


def _every_public_body(client, private_records) -> str:
    responses = [client.get(url) for url in PUBLIC_URLS]
    responses += [
        client.get(f"/api/v1/prisoners/{prisoner_id}", follow_redirects=True)
        for prisoner_id in private_records.values()
    ]
    # JSON escapes Cyrillic as \\uXXXX; decode so a name cannot hide behind the escaping.
    return "\n".join(
        json.dumps(response.get_json(), ensure_ascii=False) if response.is_json else response.get_data(as_text=True)
        for response in responses
    )


def test_private_details_never_appear_in_any_api_response_or_export(client, private_records):
    text = _every_public_body(client, private_records)
    for secret in (
        "Zmitser", "Withheld", "Схаваны", "withheld biography", "Withheld Street 9",
        "Secret Colony Street 4", "contact via cousin", "private_notes",
    ):  # fmt: skip
        assert secret not in text, secret
    assert "Pavel Heldback" in text  # the scan does see the public records
    release_day = [day for day in client.get("/api/v1/counts").get_json()["history"] if day["date"] == "2024-02-02"]
    assert release_day[0]["released"] == 0
    for query in ("Withheld", "Схаваны", "Zmitser"):
        assert client.get("/api/v1/prisoners", query_string={"q": query}).get_json()["items"] == []


def test_not_named_record_is_counted_but_not_listed(client, private_records):
    assert client.get(f"/api/v1/prisoners/{private_records['withheld']}", follow_redirects=True).status_code == 404
    listing = client.get("/api/v1/prisoners").get_json()
    assert private_records["withheld"] not in [item["id"] for item in listing["items"]]
    assert listing["not_named"] is None and listing["not_named_fewer_than"] == 5
    counts = client.get("/api/v1/counts").get_json()
    # Two named people held (the held-back release is not public, so Pavel still counts as held); the one
    # not named is below the disclosure threshold, so is said beside the count, not added into it.
    assert counts["computed"] == {
        "held": 2, "not_named": 0, "not_named_fewer_than": 5, "as_of": counts["computed"]["as_of"]
    }  # fmt: skip


def test_public_prisoner_shows_public_fields_and_published_timeline_only(client, private_records):
    record = client.get(f"/api/v1/prisoners/{private_records['held_back']}", follow_redirects=True).get_json()
    assert record["names"]["en"] == "Pavel Heldback"
    assert record["status"] == "sentenced"
    assert [entry["kind"] for entry in record["timeline"]] == ["detention", "verdict"]
    assert record["postal_address"] == "Open Street 1"
    hidden = client.get(f"/api/v1/prisoners/{private_records['hidden_address']}", follow_redirects=True).get_json()
    assert hidden["postal_address"] is None
    assert "private_notes" not in hidden


def test_released_persons_old_address_is_not_published(client, make_prisoner):
    prisoner_id = make_prisoner("Freed Person", postal_address="Old Colony 3",
                                timeline=[(D, date(2021, 1, 1)), (R, date(2022, 1, 1))])  # fmt: skip
    assert client.get(f"/api/v1/prisoners/{prisoner_id}", follow_redirects=True).get_json()["postal_address"] is None


def test_unknown_or_out_of_range_ids_are_json_404s(client):
    for url in ("/api/v1/prisoners/999", "/api/v1/prisoners/99999999999999999999999", "/api/v1/nowhere"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.is_json and response.get_json()["status"] == 404


def test_list_is_paginated_with_links(client, make_prisoner):
    for number in range(5):
        make_prisoner(f"Person {number}", timeline=[(D, date(2021, 1, 1))])
    first = client.get("/api/v1/prisoners?per_page=2").get_json()
    assert [item["names"]["en"] for item in first["items"]] == ["Person 0", "Person 1"]
    assert (first["page"], first["pages"], first["total"]) == (1, 3, 5)
    assert first["links"]["prev"] is None
    last = client.get(first["links"]["next"].replace("http://localhost", "")).get_json()
    assert last["page"] == 2 and "per_page=2" in last["links"]["next"]
    assert client.get("/api/v1/prisoners?per_page=2&page=3").get_json()["items"][0]["names"]["en"] == "Person 4"
    assert client.get("/api/v1/prisoners?per_page=2&page=4").status_code == 404


def test_filters_match_the_public_list(client, make_prisoner):
    make_prisoner("Vitold Ashurok", name_be="Вітольд Ашурок", region="brest", detention_place="Colony 22",
                  articles=["342"], timeline=[(D, date(2021, 1, 1)), (V, date(2021, 6, 1))])  # fmt: skip
    make_prisoner(
        "Freed Gomel", region="gomel", articles=["130"], timeline=[(D, date(2021, 1, 1)), (R, date(2022, 1, 1))]
    )

    def names(query):
        return [item["names"]["en"] for item in client.get(f"/api/v1/prisoners?{query}").get_json()["items"]]

    assert names("q=Ашурак") == ["Vitold Ashurok"]
    assert names("status=sentenced") == ["Vitold Ashurok"]
    assert names("status=released") == ["Freed Gomel"]
    assert names("region=gomel") == ["Freed Gomel"]
    assert names("place=Colony+22") == ["Vitold Ashurok"]
    assert names("place=Nowhere") == []
    assert names("article=130") == ["Freed Gomel"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=abc", "page"), ("page=0", "page"), ("page=5_0", "page"), ("per_page=101", "per_page"),
        ("per_page=", "per_page"), ("status=free", "status"), ("region=atlantis", "region"),
        ("article=drop%20table", "article"), ("q=" + "x" * 201, "q"),
    ],
)  # fmt: skip
def test_bad_parameters_get_a_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/prisoners?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == parameter and parameter in body["message"]


@pytest.mark.parametrize(
    "url", ["/api/v1/counts?since=2021-1-5", "/api/v1/counts?since=soon", "/api/v1/dates/upcoming?limit=0"]
)
def test_bad_count_and_date_parameters_get_a_400(client, url):
    assert client.get(url).status_code == 400


def test_counts_include_history_breakdowns_and_latest_snapshot(app, client, make_prisoner):
    make_prisoner("Held", region="minsk", timeline=[(D, date(2021, 1, 1))])
    with app.app_context():
        db.session.add(CountSnapshot(count=1100, qualifier=Qualifier.OVER, reported_on=date(2025, 1, 1),
                                     source_name="Viasna"))  # fmt: skip
        db.session.commit()
    body = client.get("/api/v1/counts?since=2024-01-01").get_json()
    assert body["latest_snapshot"]["count"] == 1100 and body["latest_snapshot"]["qualifier"] == "over"
    assert body["history"][0] == {"date": "2024-01-01", "held": 1, "detained": 0, "released": 0, "died_in_custody": 0}
    assert {"value": "minsk", "count": 1, "fewer_than": None} in body["breakdowns"]["region"]
    assert client.get("/api/v1/counts/snapshots").get_json()["items"][0]["source_name"] == "Viasna"


def test_etag_gives_304_until_the_data_changes(app, client, private_records, slug_of):
    url = f"/api/v1/prisoners/{slug_of(private_records['held_back'])}"
    first = client.get(url)
    assert first.headers["ETag"] and "Last-Modified" not in first.headers
    # Clients revalidate before every reuse: no-cache, or max-age=0 beside a shared cache's s-maxage.
    assert first.cache_control.no_cache or first.cache_control.max_age == 0
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    with app.app_context():
        held_back = db.session.scalar(select(TimelineEntry).where(TimelineEntry.published.is_(False)))
        held_back.published = True  # publishing changes no row timestamp; the data-change marker moves
        db.session.commit()
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_json()["status"] == "released"


def test_a_change_to_a_record_not_named_leaves_every_api_response_as_it_was(app, client, private_records):
    urls = ["/api/v1/counts", "/api/v1/prisoners", "/api/v1/prisoners?region=minsk", "/api/v1/export/prisoners.json"]
    before = {url: client.get(url) for url in urls}
    today = datetime.now(UTC).date()
    with app.app_context():
        withheld = db.session.get(Prisoner, private_records["withheld"])
        withheld.timeline.append(TimelineEntry(kind=EventKind.RELEASE, occurred_on=today))
        db.session.commit()
    for url, response in before.items():
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url  # no header or body dates the change
        assert "Last-Modified" not in client.get(url).headers


def test_deleting_a_record_moves_last_modified(app, client, make_prisoner):
    prisoner_id = make_prisoner("Someone", timeline=[(D, date(2021, 1, 1))])
    with app.app_context():
        from tracker.core.changes import data_changed_at

        before = data_changed_at()
        db.session.delete(db.session.get(Prisoner, prisoner_id))
        db.session.commit()
        assert data_changed_at() > before


def test_cors_allows_any_origin_to_read_without_credentials(client):
    response = client.get("/api/v1/counts", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options("/api/v1/prisoners", headers={"Origin": "https://example.org"})
    assert preflight.status_code == 200
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/prisoners").headers


def test_api_refuses_writes(client):
    response = client.post("/api/v1/prisoners", json={"name_en": "x"})
    assert response.status_code == 405 and response.is_json
    assert "GET" in response.headers["Allow"]


def test_csv_export_neutralizes_formulas_and_carries_public_fields(client, make_prisoner, private_records):
    make_prisoner("=HYPERLINK(\"https://evil.example\",\"x\")", sentence="+7 years", detention_place="@place",
                  timeline=[(D, date(2021, 1, 1))])  # fmt: skip
    response = client.get("/api/v1/export/prisoners.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_name = {row["name_en"]: row for row in rows}
    assert '\'=HYPERLINK("https://evil.example","x")' in by_name
    evil = by_name['\'=HYPERLINK("https://evil.example","x")']
    assert evil["sentence"] == "'+7 years" and evil["detention_place"] == "'@place"
    assert by_name["Pavel Heldback"]["status"] == "sentenced"
    assert by_name["Hanna Hidden"]["postal_address"] == ""
    assert set(by_name) == {'\'=HYPERLINK("https://evil.example","x")', "Pavel Heldback", "Hanna Hidden"}


def test_json_export_lists_every_public_record(client, private_records):
    body = client.get("/api/v1/export/prisoners.json").get_json()
    assert body["total"] == 2
    assert sorted(item["names"]["en"] for item in body["items"]) == ["Hanna Hidden", "Pavel Heldback"]
