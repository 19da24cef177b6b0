from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.mail import services
from tracker.mail.models import OutboxMessage
from tracker.scheduler import run_job


def test_a_message_queued_by_a_failed_job_is_rolled_back_with_it(app):
    def failing_job(now):
        services.enqueue(to_address="a@example.org", subject="S", body_text="B", kind="test", now=now, dedupe_key="k1")
        raise RuntimeError("the job failed after queueing")

    with pytest.raises(RuntimeError):
        run_job(app, failing_job, datetime(2027, 1, 1, tzinfo=UTC))
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
