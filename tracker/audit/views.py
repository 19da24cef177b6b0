"""Admins read the audit log; nobody edits it."""

from flask import Blueprint, abort, render_template, request

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.audit.models import ACTION_LABELS
from tracker.audit.services import count_entries, entries
from tracker.core.slugs import old_number

blueprint = Blueprint("audit", __name__)
PER_PAGE = 100


@blueprint.get("/admin/audit")
@role_required(Role.ADMIN)
def log():
    """The audit log, newest first."""
    number = old_number(request.args.get("page", "1"))
    if not number:
        abort(400)
    total = count_entries()
    pages = max(1, -(-total // PER_PAGE))
    if number > pages:
        abort(404)
    rows = entries(page=number, per_page=PER_PAGE)
    return render_template("audit/log.html", entries=rows, page=number, pages=pages, ACTION_LABELS=ACTION_LABELS)
