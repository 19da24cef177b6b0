"""The admins' full export download, encrypted to a key the admin gives."""

from flask import Blueprint, Response, current_app, render_template, request

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.backup.encryption import encrypt_document, parse_recipients
from tracker.backup.forms import ExportForm
from tracker.backup.services import export_everything
from tracker.timeutil import utcnow

blueprint = Blueprint("backup", __name__, url_prefix="/admin")


@blueprint.route("/export", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def export():
    """Everything, private fields included, as one age-encrypted file that `flask backup import` reads back.

    The JSON is never sent in plain text: a copy in a downloads folder or a mailbox must be
    unreadable without the admin's secret key. No accounts, subscribers or outbox: see
    tracker.backup.services.
    """
    form = ExportForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("backup/export.html", form=form), status
    document = export_everything(current_app.config["UPLOAD_DIR"])
    filename = f"tracker-full-export-{utcnow():%Y%m%d-%H%M%S}.json.age"
    return Response(
        encrypt_document(document, parse_recipients(form.keys())),
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename={filename}", "Cache-Control": "no-store"},
    )
