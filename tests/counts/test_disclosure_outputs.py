"""Read as an adversary would: every public output's figures, minus the named people it lists, finds nobody.

Named people are public one by one (the API lists them with status, region and gender), so the
test subtracts them from every figure the site publishes and checks that what is left of the
people not named is nothing, or a group of at least k without any attribute.
"""

import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tracker.demo.data import load_demo_data
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Gender, Prisoner, Region, Status

K = 5
BREAKDOWN_ATTRIBUTES = {"region": "region", "gender": "gender", "status": "status"}


def named_records(client, **filters) -> list[dict]:
    """Every named record the public API lists for these filters, page by page."""
    records, page = [], 1
    while True:
        body = client.get("/api/v1/prisoners", query_string={**filters, "per_page": 100, "page": page}).get_json()
        records += body["items"]
        if page >= body["pages"]:
            return records
        page += 1


def assert_a_reader_finds_nobody_not_named(client) -> None:
    held = [record for record in named_records(client) if record["in_custody"]]
    counts = client.get("/api/v1/counts").get_json()
    computed = counts["computed"]
    left_over = computed["held"] - len(held)
    assert left_over == 0 or left_over >= K
    assert computed["not_named"] == left_over

    for key, attribute in BREAKDOWN_ATTRIBUTES.items():
        rows = counts["breakdowns"][key]
        attribute_rows = {row["value"]: row["count"] for row in rows if row["value"] != "not-named"}
        assert attribute_rows == dict(Counter(record[attribute] for record in held)), key
        for row in rows:
            if row["value"] == "not-named":
                assert row["count"] is None and row["fewer_than"] == K or row["count"] >= K

    # The downloads and the pages carry the same figures as the API, never others.
    assert client.get("/counts.json").get_json()["computed"]["held"] == computed["held"]
    rows = list(csv.DictReader(io.StringIO(client.get("/counts.csv").get_data(as_text=True))))
    history = counts["history"]
    assert [(row["date"], int(row["held"]), int(row["detained"])) for row in rows] == [
        (day["date"], day["held"], day["detained"]) for day in history
    ]
    not_named_rows = [row for row in counts["breakdowns"]["region"] if row["value"] == "not-named"]
    for url in ("/", "/counts"):
        html = client.get(url).get_data(as_text=True)
        assert f'data-testid="computed-count">{computed["held"]}<' in html
        assert ("(no details published)" in html) == bool(not_named_rows)

    # No combination of filters says anything about the people not named that the list does not.
    registry_figures = {
        (body["not_named"], body["not_named_fewer_than"])
        for status in ["", *Status]
        for region in ["", *Region]
        for body in [client.get("/api/v1/prisoners", query_string={"status": status, "region": region}).get_json()]
    }
    ((not_named, fewer_than),) = registry_figures
    assert not_named is None and fewer_than == K or not_named == 0 or not_named >= K


def test_the_demos_only_woman_awaiting_trial_in_grodno_region_cannot_be_counted(app, client):
    with app.app_context():
        load_demo_data(datetime.now(UTC).date())
        db.session.commit()
        hanna = db.session.scalar(select(Prisoner).where(Prisoner.region == Region.GRODNO))
        assert hanna.name_withheld and hanna.gender == Gender.FEMALE
    counts = client.get("/api/v1/counts").get_json()
    assert "grodno" not in {row["value"] for row in counts["breakdowns"]["region"]}
    assert client.get("/api/v1/prisoners", query_string={"region": "grodno"}).get_json()["items"] == []
    assert_a_reader_finds_nobody_not_named(client)


@st.composite
def a_person(draw) -> dict:
    detained_on = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 1000)))
    timeline = [(EventKind.DETENTION, detained_on)]
    if draw(st.booleans()):
        timeline.append((EventKind.CHARGE, detained_on.replace(day=min(detained_on.day + 1, 28))))
    if draw(st.booleans()):
        timeline.append((EventKind.RELEASE, date(2026, 11, 1)))
    return {
        "name_withheld": draw(st.booleans()),
        "region": draw(st.sampled_from([Region.GRODNO, Region.MOGILEV])),
        "gender": draw(st.sampled_from([Gender.FEMALE, Gender.MALE])),
        "timeline": timeline,
    }


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(a_person(), min_size=1, max_size=12))
def test_no_public_output_lets_a_reader_subtract_down_to_a_person_not_named(app, client, make_prisoner, people):
    with app.app_context():  # each example starts from an empty public registry
        for prisoner in db.session.scalars(select(Prisoner)):
            prisoner.deleted_at = datetime.now(UTC)
        db.session.commit()
    for number, person in enumerate(people):
        make_prisoner(f"Person {number}", **person)
    assert_a_reader_finds_nobody_not_named(client)
