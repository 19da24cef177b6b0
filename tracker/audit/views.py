"""Admins read the audit log; nobody edits it."""

from flask import Blueprint, abort, render_template, request

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.audit.models import ACTION_LABELS
from tracker.audit.services import entries

blueprint = Blueprint("audit", __name__)
PER_PAGE = 100


@blueprint.get("/admin/audit")
@role_required(Role.ADMIN)
def log():
    """The audit log, newest first."""
    page = request.args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        abort(400)
    rows, total = entries(page=int(page), per_page=PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    if int(page) > pages:
        abort(404)
    return render_template("audit/log.html", entries=rows, page=int(page), pages=pages, ACTION_LABELS=ACTION_LABELS)
