"""The dispatch job: send what the outbox holds.

Delivery is at-least-once with a narrow window: each message is claimed and committed
before it goes to SMTP, and marked sent and committed right after the server accepts it.
A process killed between the server's acceptance and that second commit leaves the row
"sending"; once its lease runs out it is sent again with the same Message-ID, so the
recipient may see a second copy that mail clients thread or merge. That window, like an
acknowledgement lost on the wire, cannot be closed from this side of SMTP. Nothing queued
is ever dropped.
"""

import logging
from datetime import datetime, timedelta

from flask import current_app

from tracker.extensions import db
from tracker.mail import services
from tracker.mail.models import OutboxMessage
from tracker.mail.transport import PermanentMailError, TransientMailError, deliver
from tracker.timeutil import utcnow

logger = logging.getLogger(__name__)


def dispatch_outbox(now: datetime) -> int:
    """Send every due message; returns how many were sent.

    Unlike other jobs this commits per message, so a crash mid-batch does not
    re-send the messages that already went out.
    """
    lease = timedelta(seconds=current_app.config["MAIL_SEND_LEASE_SECONDS"])
    # Claims and leases run on the wall clock, not on `now`: an operator's `--at` in the past or the
    # future must not make a running dispatcher's claim look stale and send its message twice.
    services.requeue_stale(utcnow(), lease=lease)
    db.session.commit()
    sent = 0
    for message_id in services.due_message_ids(now):
        if not services.claim(message_id, utcnow()):
            db.session.rollback()
            continue
        db.session.commit()
        message = db.session.get(OutboxMessage, message_id)
        try:
            deliver(message)
        except TransientMailError as error:
            services.mark_failed(message, now, str(error), permanent=False)
        except PermanentMailError as error:
            services.mark_failed(message, now, str(error), permanent=True)
        else:
            services.mark_sent(message, now)
            sent += 1
        db.session.commit()
    return sent
