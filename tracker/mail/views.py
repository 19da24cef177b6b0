"""Admins' outbox: queued, sent and failed messages, with retry."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.forms import ConfirmForm
from tracker.core.services import last_heartbeat
from tracker.extensions import db
from tracker.mail import services
from tracker.mail.models import OutboxMessage, OutboxStatus
from tracker.timeutil import utcnow

blueprint = Blueprint("mail", __name__, url_prefix="/admin/outbox")


@blueprint.get("")
@role_required(Role.ADMIN)
def outbox():
    """List outbox messages, optionally filtered by status."""
    raw_status = request.args.get("status", "")
    if raw_status and raw_status not in {status.value for status in OutboxStatus}:
        abort(400)
    status = OutboxStatus(raw_status) if raw_status else None
    return render_template(
        "mail/outbox.html",
        messages=services.list_messages(status),
        status=status,
        statuses=list(OutboxStatus),
        heartbeat=last_heartbeat(),
    )


@blueprint.post("/<int:message_id>/retry")
@role_required(Role.ADMIN)
def retry(message_id: int):
    """Queue a failed message again."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    try:
        services.retry(message, utcnow())
    except ValueError:
        flash(_("Only failed messages can be retried."), "info")
        return redirect(url_for("mail.outbox"), code=303)
    db.session.commit()
    flash(_("The message is queued again."), "success")
    return redirect(url_for("mail.outbox"), code=303)
