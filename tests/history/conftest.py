"""Helpers for the history tests: read versions back, find users."""

import pytest
from sqlalchemy import select

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.history.models import RecordVersion


@pytest.fixture
def versions(app):
    """versions(entity_type, id) -> list of (number, action, actor email, changed fields, snapshot), oldest first."""

    def read(entity_type: str, record_id: int):
        with app.app_context():
            rows = db.session.scalars(
                select(RecordVersion)
                .where(RecordVersion.entity_type == entity_type, RecordVersion.entity_id == record_id)
                .order_by(RecordVersion.number)
            )
            return [
                (row.number, row.action.value, row.actor.email if row.actor else None, row.changed_fields, row.snapshot)
                for row in rows
            ]

    return read


@pytest.fixture
def user_id(app):
    """user_id(email) -> the user's id."""

    def find(email: str) -> int:
        with app.app_context():
            return db.session.scalar(select(User.id).where(User.email == email))

    return find
