"""Editors' CSV import: upload, dry-run report, apply all rows or none."""

import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.imports import services, storage
from tracker.imports.forms import ApplyForm, UploadForm
from tracker.prisoners.services import TimelineError
from tracker.timeutil import today_in

logger = logging.getLogger(__name__)

blueprint = Blueprint("imports", __name__, url_prefix="/prisoners/import")


def _today():
    return today_in(current_app.config["DISPLAY_TIMEZONE"])


def _folder():
    return current_app.config["INSTANCE_DIR"] / "imports"


@blueprint.route("", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def upload():
    """Upload a CSV list; it is checked, never written, until the editor applies the report."""
    form = UploadForm()
    if form.validate_on_submit():
        # Read one byte past the limit so an oversize file is told apart from one exactly at it.
        with form.csv_file.data.stream as stream:
            content = stream.read(services.MAX_BYTES + 1)
        try:
            services.read_csv(content)
        except services.ImportFileError as error:
            form.csv_file.errors = [*form.csv_file.errors, str(error)]
        else:
            token = storage.save_upload(
                _folder(), content, user_id=current_user.id, filename=form.csv_file.data.filename or ""
            )
            return redirect(url_for("imports.review", token=token), code=303)
    status = 400 if form.errors else 200
    return render_template("imports/upload.html", form=form, columns=services.COLUMNS), status


def _load(token: str) -> tuple[bytes, str]:
    return storage.load_upload(_folder(), token, user_id=current_user.id) or abort(404)


@blueprint.get("/<token>")
@role_required(Role.EDITOR)
def review(token: str):
    """The dry-run report: problems by row and column, duplicates, changes to existing records."""
    content, filename = _load(token)
    report = services.build_report(content, today=_today())
    form = ApplyForm(formdata=None, fingerprint=report.fingerprint)
    return render_template("imports/report.html", report=report, form=form, token=token, filename=filename)


@blueprint.post("/<token>/apply")
@role_required(Role.EDITOR)
def apply(token: str):
    """Check everything again and write every row in one transaction, or nothing."""
    content, filename = _load(token)
    form = ApplyForm()
    if not form.validate_on_submit():
        abort(400)
    report = services.build_report(content, today=_today())
    message = None
    if report.problems:
        message = _("The file has errors; nothing was imported.")
    elif form.fingerprint.data != report.fingerprint:
        message = _("The records changed since you read this report; nothing was imported. Review it again.")
    elif report.duplicate_rows and not form.create_duplicates.data:
        message = _("Some rows look like people already on record; confirm they are different people or fix the file.")
    if message is None:
        try:
            created, updated = services.apply_report(report, today=_today())
            db.session.commit()
        except (TimelineError, SQLAlchemyError, ValueError):
            db.session.rollback()
            logger.exception("CSV import %s failed while writing", token[:6])
            message = _("The import failed and nothing was written.")
        else:
            storage.discard_upload(_folder(), token)
            flash(_("Imported: %(created)s added, %(updated)s updated.", created=created, updated=updated), "success")
            return redirect(url_for("prisoners.manage"), code=303)
    flash(message, "error")
    form = ApplyForm(formdata=None, fingerprint=report.fingerprint)
    return render_template("imports/report.html", report=report, form=form, token=token, filename=filename), 409


@blueprint.post("/<token>/discard")
@role_required(Role.EDITOR)
def discard(token: str):
    """Throw an uploaded list away."""
    _load(token)
    if not ApplyForm().validate_on_submit():
        abort(400)
    storage.discard_upload(_folder(), token)
    flash(_("The uploaded file was discarded."), "success")
    return redirect(url_for("imports.upload"), code=303)
