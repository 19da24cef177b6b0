"""Report back after an event (from the organiser's manage link), its moderation, and the totals' helpers."""

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.forms import ConfirmForm
from tracker.events import services as event_services
from tracker.events.views import event_from_manage_token
from tracker.extensions import db, limiter
from tracker.media import InvalidImage, clean_image, store_image
from tracker.reports import services
from tracker.reports.forms import DecideForm, ReportForm
from tracker.reports.models import ActionReport
from tracker.timeutil import today_in, utcnow

blueprint = Blueprint("reports", __name__)


def photo_folder() -> Path:
    """Where report photos are stored."""
    return current_app.config["UPLOAD_DIR"] / "reports"


def _today():
    return today_in(current_app.config["DISPLAY_TIMEZONE"])


@blueprint.record_once
def _register_helpers(state: BlueprintSetupState) -> None:
    state.app.jinja_env.globals.update(
        report_of=services.report_of,
        report_closed_reason=lambda event: services.report_closed_reason(event, utcnow()),
        public_report=services.public_report,
        action_totals=services.action_totals,
        action_years=lambda commemorative_date: services.every_year(commemorative_date, _today()),
        recent_action_days=lambda: services.recent_days(_today()),
    )


# ---- the organiser's report ------------------------------------------------------------------------------


def _stored_photo(form: ReportForm, current: str | None) -> str | None:
    """The photo's stored name: a new upload (re-encoded, no metadata), none, or the current one."""
    upload = form.photo.data
    if upload and getattr(upload, "filename", ""):
        cleaned = clean_image(
            upload.read(),
            max_bytes=current_app.config["PHOTO_MAX_BYTES"],
            max_pixels=current_app.config["PHOTO_MAX_PIXELS"],
        )
        return store_image(cleaned, photo_folder())
    return None if form.remove_photo.data else current


def _submitted_values(form: ReportForm, current_photo: str | None) -> services.ReportValues | None:
    if not form.validate_on_submit():
        return None
    try:
        photo = _stored_photo(form, current_photo)
    except InvalidImage as error:
        form.photo.errors = [*form.photo.errors, str(error)]
        return None
    return services.ReportValues(form.participants.data, form.letters.data, (form.note.data or "").strip(), photo)


@blueprint.route("/events/manage/<token>/report", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REPORTS_SUBMIT_RATE_LIMIT"], methods=["POST"])
def report(token: str):
    """After the event: how many took part and wrote; a new report replaces the event's earlier one."""
    event = event_from_manage_token(token)
    if (reason := services.report_closed_reason(event, utcnow())) is not None:
        flash(reason, "error")
        return redirect(url_for("events.manage", token=token), code=303)
    existing = services.report_of(event)
    form = ReportForm(obj=existing if request.method == "GET" else None)
    if (values := _submitted_values(form, existing.photo_filename if existing else None)) is not None:
        try:
            services.save_report(event, values, utcnow())
        except services.ReportError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Thank you: your report is saved and will show once a moderator has looked at it."), "success")
            return redirect(url_for("events.manage", token=token), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("reports/form.html", form=form, event=event, token=token, report=existing), status


@blueprint.get("/events/<slug>/report/photo")
def public_photo(slug: str):
    """An approved report's photo, once a moderator checked it for faces."""
    event = event_services.get_public_event_by_slug(slug) or abort(404)
    report = services.public_report(event)
    if report is None or not report.public_photo:
        abort(404)
    return send_from_directory(photo_folder(), report.public_photo)


# ---- moderation ------------------------------------------------------------------------------------------


@blueprint.get("/moderation/reports")
@role_required(Role.MODERATOR)
def queue():
    """Reports waiting for a moderator, and the ones decided lately (to hide or show again)."""
    waiting, decided = services.moderation_queue()
    return render_template(
        "reports/queue.html", waiting=waiting, decided=decided, form=DecideForm(), confirm_form=ConfirmForm()
    )


def _report_or_404(report_id: int) -> ActionReport:
    return db.session.get(ActionReport, report_id) or abort(404)


@blueprint.post("/moderation/reports/<int:report_id>/approve")
@role_required(Role.MODERATOR)
def approve(report_id: int):
    """Show the report and count its numbers; its photo shows only when the faces box is ticked."""
    report = _report_or_404(report_id)
    form = DecideForm()
    if not form.validate_on_submit():
        abort(400)
    services.approve(report, utcnow(), faces_checked=bool(form.faces_checked.data))
    db.session.commit()
    if report.photo_filename and report.photo_checked != report.photo_filename:
        flash(_("The report is shown; its photo stays hidden until you tick that it shows no face."), "info")
    else:
        flash(_("The report is shown and counted."), "success")
    return redirect(url_for("reports.queue"), code=303)


@blueprint.post("/moderation/reports/<int:report_id>/hide")
@role_required(Role.MODERATOR)
def hide(report_id: int):
    """Take the report off public pages and out of the totals."""
    report = _report_or_404(report_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.hide(report, utcnow())
    db.session.commit()
    flash(_("The report is hidden and no longer counted."), "success")
    return redirect(url_for("reports.queue"), code=303)


@blueprint.post("/moderation/reports/<int:report_id>/blur")
@role_required(Role.MODERATOR)
def blur(report_id: int):
    """Blur the report's photo so that no face in it can be recognised."""
    report = _report_or_404(report_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.blur_photo(report, photo_folder())
    except services.ReportError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The photo was blurred."), "success")
    return redirect(url_for("reports.queue"), code=303)


@blueprint.get("/moderation/reports/<int:report_id>/photo")
@role_required(Role.MODERATOR)
def moderation_photo(report_id: int):
    """A report's photo, for review before it is public."""
    report = _report_or_404(report_id)
    if not report.photo_filename:
        abort(404)
    return send_from_directory(photo_folder(), report.photo_filename)
