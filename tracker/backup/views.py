"""The admins' full export download."""

import json

from flask import Blueprint, Response, current_app

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.backup.services import export_everything
from tracker.timeutil import utcnow

blueprint = Blueprint("backup", __name__, url_prefix="/admin")


@blueprint.get("/export.json")
@role_required(Role.ADMIN)
def export():
    """Everything, private fields included, as one JSON file that `flask backup import` reads back.

    No accounts, subscribers or outbox: see tracker.backup.services.
    """
    document = export_everything(current_app.config["UPLOAD_DIR"])
    filename = f"tracker-full-export-{utcnow():%Y%m%d-%H%M%S}.json"
    return Response(
        json.dumps(document, ensure_ascii=False, indent=1),
        mimetype="application/json",
        # Private notes and not-named records: never kept by a browser or proxy cache.
        headers={"Content-Disposition": f"attachment; filename={filename}", "Cache-Control": "no-store"},
    )
