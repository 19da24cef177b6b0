"""The OpenAPI document matches the implementation: schemathesis finds no server error or schema violation."""

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tracker.demo.data import load_demo_data
from tracker.extensions import db
from tracker.prisoners.models import EventKind

OPERATIONS = [
    "GET /", "GET /openapi.json", "GET /counts", "GET /counts/snapshots", "GET /prisoners",
    "GET /prisoners/{slug}", "GET /dates", "GET /dates/upcoming", "GET /export/prisoners.json",
    "GET /export/prisoners.csv", "GET /events", "GET /events/{slug}", "GET /days/{slug}/{year}",
    "GET /export/days/{slug}.csv",
]  # fmt: skip


@pytest.fixture
def api_schema(app, make_prisoner):
    """The document as the running app serves it, over a database with demo data and private records."""
    with app.app_context():
        load_demo_data(date(2026, 1, 15))
        db.session.commit()
    make_prisoner("Withheld Person", name_withheld=True, timeline=[(EventKind.DETENTION, date(2021, 1, 1))])
    make_prisoner("Hidden Address", address_hidden=True, postal_address="Secret 1",
                  timeline=[(EventKind.DETENTION, date(2021, 1, 1))])  # fmt: skip
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_document_lists_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    documented = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}
    assert documented == set(OPERATIONS)
    served = {
        rule.rule.removeprefix("/api/v1").replace("<slug>", "{slug}").replace("<year>", "{year}") or "/"
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
    }
    assert served == {operation.split(" ", 1)[1] for operation in OPERATIONS}


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi_document(api_schema, mode):
    for operation in _operations(api_schema):
        if mode == GenerationMode.NEGATIVE and not operation.definition.raw.get("parameters"):
            continue  # nothing to send that the document forbids

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # Schemathesis asks for gzip, which the app sends, but its WSGI transport does not unpack it as an
            # HTTP client would: the plain body is the one to check against the document.
            case.call_and_validate(headers={"Accept-Encoding": "identity"})

        check()
