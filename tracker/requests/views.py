"""The public request form and its confirmation; the editors' queue of requests."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.ratelimit import SubmissionLimit
from tracker.extensions import db
from tracker.history.views import DashboardSection, add_dashboard_section
from tracker.prisoners.models import Prisoner
from tracker.requests import services
from tracker.requests.forms import HandleForm, RequestForm
from tracker.requests.mail import queue_editor_notices
from tracker.requests.models import KIND_LABELS, REQUESTER_LABELS, RecordRequest
from tracker.timeutil import utcnow

blueprint = Blueprint("requests", __name__)

# The reference of the request just sent, shown once on the confirmation page.
REFERENCE_KEY = "request_reference"


@blueprint.record_once
def _register(state: BlueprintSetupState) -> None:
    add_dashboard_section(state.app, DashboardSection("requests/_dashboard.html", _dashboard_values))


@blueprint.app_context_processor
def _labels():
    return {"REQUEST_KIND_LABELS": KIND_LABELS, "REQUESTER_LABELS": REQUESTER_LABELS}


@blueprint.after_request
def _never_stored(response: Response) -> Response:
    # What a requester typed or was given, and the queue, must not stay in a shared browser's cache.
    response.headers["Cache-Control"] = "no-store"
    return response


def _dashboard_values() -> dict:
    now = utcnow()
    days = current_app.config["REQUEST_RESPONSE_DAYS"]
    waiting = services.open_requests()
    return {
        "requests_open": len(waiting),
        "requests_overdue": sum(record_request.is_overdue(now, days) for record_request in waiting),
    }


# ---- public form -------------------------------------------------------------------------------------------


def _preselected() -> Prisoner | None:
    """The public record the form was opened from (query string) or carries (hidden field)."""
    source = request.form if request.method == "POST" else request.args
    return services.public_record(source.get("record"))


def _form_page(form: RequestForm, status: int, *, limited: bool = False):
    return render_template("requests/form.html", form=form, limited=limited), status


SUBMIT_LIMIT = SubmissionLimit("REQUESTS_SUBMIT_RATE_LIMIT", "requests.new")


@blueprint.route("/requests/new", methods=["GET", "POST"])
def new():
    """Ask for a correction, a withdrawal or a change of consent, without an account."""
    form = RequestForm(preselected=_preselected())
    if request.method == "POST" and SUBMIT_LIMIT.exhausted():
        # The form comes back as typed, with a message, instead of a bare error page that loses it all.
        return _form_page(form, 429, limited=True)
    if not form.validate_on_submit():
        return _form_page(form, 400 if request.method == "POST" else 200)
    now = utcnow()
    preselected = form.preselected
    record_request = services.submit_request(
        services.RequestFields(
            kind=form.chosen_kind(),
            requester=form.chosen_requester(),
            details=form.details.data.strip(),
            record_name="" if preselected else form.record_name.data.strip(),
            prisoner_id=preselected.id if preselected else None,
            contact=(form.contact.data or "").strip(),
        ),
        now=now,
    )
    queue_editor_notices(record_request, now)
    SUBMIT_LIMIT.count()
    db.session.commit()
    session[REFERENCE_KEY] = record_request.reference
    return redirect(url_for("requests.sent"), code=303)


@blueprint.get("/requests/sent")
def sent():
    """Confirmation: the reference (shown once) and the response-time target."""
    reference = session.pop(REFERENCE_KEY, None)
    return render_template(
        "requests/sent.html", reference=reference, response_days=current_app.config["REQUEST_RESPONSE_DAYS"]
    )


# ---- editors' queue ----------------------------------------------------------------------------------------


@blueprint.get("/manage/requests")
@role_required(Role.EDITOR)
def queue():
    """Open requests, oldest first, with their age against the response-time target; then handled ones."""
    return render_template(
        "requests/queue.html",
        open_requests=services.open_requests(),
        handled_requests=services.handled_requests(),
        now=utcnow(),
        response_days=current_app.config["REQUEST_RESPONSE_DAYS"],
        retention_days=current_app.config["REQUEST_RETENTION_DAYS"],
    )


def _request_page(record_request: RecordRequest, form: HandleForm, status: int = 200):
    return render_template(
        "requests/review.html",
        record_request=record_request,
        form=form,
        now=utcnow(),
        response_days=current_app.config["REQUEST_RESPONSE_DAYS"],
        retention_days=current_app.config["REQUEST_RETENTION_DAYS"],
    ), status


@blueprint.get("/manage/requests/<int:request_id>")
@role_required(Role.EDITOR)
def review(request_id: int):
    """One request in full, with the form to mark it handled."""
    record_request = db.session.get(RecordRequest, request_id) or abort(404)
    return _request_page(record_request, HandleForm())


@blueprint.post("/manage/requests/<int:request_id>/handle")
@role_required(Role.EDITOR)
def handle(request_id: int):
    """Mark a request handled; the retention job deletes it later."""
    record_request = db.session.get(RecordRequest, request_id) or abort(404)
    form = HandleForm()
    if not form.validate_on_submit():
        return _request_page(record_request, form, 400)
    if services.handle_request(record_request, editor=current_user, note=(form.note.data or "").strip(), now=utcnow()):
        db.session.commit()
        flash(_("Marked as handled: request %(reference)s.", reference=record_request.reference), "success")
    else:
        flash(_("This request was already handled."), "info")
    return redirect(url_for("requests.queue"), code=303)
