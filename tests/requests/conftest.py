"""Fixtures for request tests: a valid form, requests stored at chosen times, the stored rows."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.requests.models import RecordRequest, Requester, RequestKind

# Distinctive values, so a test can look for them in every output.
DETAILS = "Please remove the photo; Zmitser-details-7Q is back home."
CONTACT = "reply-7q@example.net"
RECORD_NAME = "Zmitser Uniquename-7Q"
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def request_form():
    """A valid request form: request_form(**overrides); an override of None leaves the field out."""

    def make(**overrides) -> dict:
        data = {
            "kind": "withdrawal",
            "record_name": RECORD_NAME,
            "requester": "family",
            "details": DETAILS,
            "contact": CONTACT,
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make


@pytest.fixture
def make_request(app):
    """Store a request: make_request(created_at=..., handled_at=None, **fields) -> id."""

    def make(created_at: datetime = NOW, handled_at: datetime | None = None, **fields) -> int:
        values = {
            "kind": RequestKind.CORRECTION,
            "requester": Requester.PERSON,
            "record_name": RECORD_NAME,
            "details": DETAILS,
            "contact": CONTACT,
            **fields,
        }
        with app.app_context():
            record_request = RecordRequest(created_at=created_at, handled_at=handled_at, **values)
            db.session.add(record_request)
            db.session.commit()
            return record_request.id

    return make


@pytest.fixture
def stored_requests(app):
    """The stored requests, as (id, reference, kind, record name, prisoner id, details, contact, handled)."""

    def read() -> list[tuple]:
        with app.app_context():
            return [
                (r.id, r.reference, r.kind, r.record_name, r.prisoner_id, r.details, r.contact, r.handled_at)
                for r in db.session.scalars(select(RecordRequest).order_by(RecordRequest.id))
            ]

    return read
