"""Nothing of a request reaches a public page, a feed, the API, the admin export or the logs."""

import json
import logging
from datetime import date

import pytest
from flask import url_for
from pyrage import x25519
from sqlalchemy import select

from tests.requests.conftest import CONTACT, DETAILS, NOW, RECORD_NAME
from tracker.accounts.models import Role
from tracker.backup.encryption import decrypt_document
from tracker.core.changes import data_generation
from tracker.extensions import db
from tracker.prisoners.models import EventKind
from tracker.requests.jobs import delete_handled_requests
from tracker.requests.models import RecordRequest
from tracker.scheduler import run_job

NOTE = "Removed the photo, told the family-7Q."
SECRETS = (DETAILS, CONTACT, RECORD_NAME, NOTE, "Zmitser", "7Q")


@pytest.fixture
def submitted(app, client, auth, make_prisoner, request_form, slug_of):
    """A public record, a request from its page, another by name handled by an editor; the references."""
    prisoner_id = make_prisoner("Ales Public", timeline=[(EventKind.DETENTION, date(2021, 1, 1))])
    with app.app_context():
        generation = data_generation()
    assert (
        client.post("/requests/new", data=request_form(record=slug_of(prisoner_id), record_name=None)).status_code
        == 303
    )
    assert client.post("/requests/new", data=request_form(kind="correction")).status_code == 303
    with app.app_context():
        assert data_generation() == generation, "a request is not public data: caches and API validators stay"
        references = db.session.scalars(select(RecordRequest.reference)).all()
        handled_id = db.session.scalars(select(RecordRequest.id).order_by(RecordRequest.id)).all()[-1]
    auth.login(Role.EDITOR)
    assert client.post(f"/manage/requests/{handled_id}/handle", data={"note": NOTE}).status_code == 303
    auth.logout()
    return slug_of(prisoner_id), references


def public_urls(app, slug: str) -> list[str]:
    """Every GET route an anonymous visitor can open without other data: pages, feeds, API, exports."""
    values = {"slug": slug}
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            arguments = set(rule.arguments)
            if arguments <= set(values):
                urls.append(url_for(rule.endpoint, **{name: values[name] for name in arguments}))
            elif arguments == {"fmt"}:
                urls.extend(url_for(rule.endpoint, fmt=fmt) for fmt in ("ics", "atom"))
    return urls


def assert_nothing_of_the_requests(text: str, references: list[str], where: str) -> None:
    for secret in (*SECRETS, *references):
        assert secret not in text, f"{secret!r} on {where}"


def test_no_public_page_feed_or_api_response_shows_a_request(app, submitted):
    slug, references = submitted
    visitor = app.test_client()
    urls = public_urls(app, slug)
    assert {"/", "/prisoners", f"/prisoners/{slug}", "/api/v1/", f"/api/v1/prisoners/{slug}"} <= set(urls)
    assert "/api/v1/export/prisoners.json" in urls and "/requests/sent" in urls
    for url in urls:
        with visitor.get(url) as response:
            assert response.status_code < 500, url
            if response.mimetype.startswith("image/") or response.mimetype == "application/pdf":
                continue  # pixels and compressed streams drawn from public fields; short references match random bytes
            assert_nothing_of_the_requests(response.get_data(as_text=True), references, url)


def test_the_admin_backup_export_holds_no_request(client, submitted, auth):
    _prisoner_id, references = submitted
    auth.login(Role.ADMIN)
    key = x25519.Identity.generate()
    export = client.post("/admin/export", data={"recipients": str(key.to_public())})
    assert export.status_code == 200
    text = json.dumps(decrypt_document(export.get_data(), [key]), ensure_ascii=False)
    assert_nothing_of_the_requests(text, references, "the admin export")
    assert "record_requests" not in text


def test_the_logs_hold_no_request_text_and_no_contact(app, client, auth, make_request, request_form, caplog):
    caplog.set_level(logging.DEBUG)
    assert client.post("/requests/new", data=request_form()).status_code == 303
    assert client.post("/requests/new", data=request_form(details="bad\x1b")).status_code == 400
    auth.login(Role.EDITOR)
    with app.app_context():
        request_id = db.session.scalars(select(RecordRequest.id)).first()
    client.get("/manage/requests")
    client.get(f"/manage/requests/{request_id}")
    client.post(f"/manage/requests/{request_id}/handle", data={"note": NOTE})
    run_job(app, delete_handled_requests, NOW.replace(year=2100))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"request {request_id} received" in logged
    for secret in SECRETS:
        assert secret not in logged
