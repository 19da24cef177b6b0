"""Moderation of events under /moderation/events: the queue, review, approve, reject, correct."""

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.forms import ConfirmForm
from tracker.dates.models import CommemorativeDate
from tracker.events import services
from tracker.events.editing import event_form, fill_form, image_folder, submitted_values
from tracker.events.forms import ApproveForm, RejectForm
from tracker.events.mail import queue_approval, queue_rejection
from tracker.events.models import Event, EventStatus
from tracker.extensions import db
from tracker.prisoners.services import named_prisoner_choices
from tracker.timeutil import as_utc, utcnow

blueprint = Blueprint("moderation", __name__, url_prefix="/moderation")

FIELD_LABELS = {
    "title": _l("Title"), "description": _l("Description"), "starts_at": _l("Starts"), "ends_at": _l("Ends"),
    "timezone": _l("Time zone"), "organizer_name": _l("Organizer"), "private_contact": _l("Private contact"),
    "venue": _l("Venue"), "address": _l("Street address"), "city": _l("City"), "country": _l("Country"),
    "online_url": _l("Online link"), "city_only": _l("City only"), "public_contact": _l("Public contact"),
    "commemorative_date_id": _l("Commemorative day"), "occurrence_on": _l("Occurrence"),
    "language": _l("Language"), "prisoner_ids": _l("Dedicated to"), "tags": _l("Tags"), "image_filename": _l("Image"),
}  # fmt: skip

# Moderators read where a submission stands, not the stored code.
STATUS_WORDS = {
    "unconfirmed": _l("Not yet confirmed by the submitter"),
    "pending": _l("Waiting for a decision"),
    "approved": _l("Published"),
    "rejected": _l("Rejected"),
}


@blueprint.get("/events")
@role_required(Role.MODERATOR)
def queue():
    """Events waiting for a moderator."""
    return render_template("events/moderation/queue.html", events=services.moderation_queue())


def _display(name: str, value) -> str:
    if name == "prisoner_ids":
        names = dict(named_prisoner_choices())
        return ", ".join(names.get(pid, f"#{pid}") for pid in value)
    if name == "tags":
        return ", ".join(value)
    if name == "commemorative_date_id" and value:
        commemorative_date = db.session.get(CommemorativeDate, value)
        return commemorative_date.translated("name") if commemorative_date else str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if value is None:
        return "—"
    return str(value)


@blueprint.get("/events/<int:event_id>")
@role_required(Role.MODERATOR)
def review(event_id: int):
    """One event in full, with the diff of a submitter's pending edit."""
    return _review_page(db.session.get(Event, event_id) or abort(404), RejectForm())


def _review_page(event: Event, reject_form: RejectForm):
    changes = []
    if event.pending_changes:
        for name, (old, new) in services.diff(event, services.EventFields.from_json(event.pending_changes)).items():
            changes.append((FIELD_LABELS.get(name, name), _display(name, old), _display(name, new)))
    return render_template(
        "events/moderation/review.html",
        event=event,
        changes=changes,
        form=ApproveForm(),
        reject_form=reject_form,
        held_for_editor=services.may_name_a_person_at_risk(event),
        image_to_check=_image_to_check(event),
        status_words=STATUS_WORDS,
        starts_in_past=as_utc(event.starts_at) < utcnow(),
        edited_after_approval=bool(event.approved_at and event.pending_changes),
    )


def _image_to_check(event: Event) -> str | None:
    image = services.image_to_publish(event)
    return image if image and image != event.image_checked else None


@blueprint.post("/events/<int:event_id>/image/checked")
@role_required(Role.MODERATOR)
def image_checked(event_id: int):
    """A published event's image, looked at for faces: publish it."""
    event = db.session.get(Event, event_id) or abort(404)
    form = ApproveForm()
    if not form.validate_on_submit():
        abort(400)
    if not form.faces_checked.data:
        flash(_("Tick the box once you have looked at the image, or blur it."), "error")
    else:
        services.mark_image_checked(event)
        db.session.commit()
        flash(_("The image is published."), "success")
    return redirect(url_for("moderation.review", event_id=event_id), code=303)


@blueprint.post("/events/<int:event_id>/image/blur")
@role_required(Role.MODERATOR)
def blur_image(event_id: int):
    """Blur the image awaiting approval, so that no face in it can be recognised."""
    event = db.session.get(Event, event_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.blur_image(event, image_folder())
    except services.EventError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The image was blurred; the blurred copy is what will be published."), "success")
    return redirect(url_for("moderation.review", event_id=event_id), code=303)


@blueprint.post("/events/<int:event_id>/approve")
@role_required(Role.MODERATOR)
def approve(event_id: int):
    """Publish the event or its pending change."""
    event = db.session.get(Event, event_id) or abort(404)
    approve_form = ApproveForm()
    if not approve_form.validate_on_submit():
        abort(400)
    first_publication = event.status == EventStatus.PENDING
    try:
        services.approve(
            event,
            utcnow(),
            by_editor=current_user.has_role(Role.EDITOR),
            faces_checked=bool(approve_form.faces_checked.data),
        )
    except services.EventError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("moderation.review", event_id=event_id), code=303)
    if first_publication:
        queue_approval(event, utcnow())
    db.session.commit()
    flash(_("Approved: “%(title)s”.", title=event.title), "success")
    return redirect(url_for("moderation.queue"), code=303)


@blueprint.post("/events/<int:event_id>/reject")
@role_required(Role.MODERATOR)
def reject(event_id: int):
    """Refuse the event or its pending change, and email the reason."""
    event = db.session.get(Event, event_id) or abort(404)
    form = RejectForm()
    if not form.validate_on_submit():
        return _review_page(event, form), 400
    try:
        services.reject(event, form.reason.data)
    except services.EventError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("moderation.review", event_id=event_id), code=303)
    queue_rejection(event, form.reason.data.strip(), utcnow())
    db.session.commit()
    flash(_("Rejected; the submitter will be told why."), "success")
    return redirect(url_for("moderation.queue"), code=303)


@blueprint.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@role_required(Role.MODERATOR)
def edit(event_id: int):
    """A moderator corrects an event directly."""
    event = db.session.get(Event, event_id) or abort(404)
    form = event_form(event)
    if request.method == "GET":
        fill_form(form, services.EventFields.of(event))
    problem = None
    if (values := submitted_values(form, event.image_filename)) is not None:
        try:
            services.edit_by_moderator(event, values, by_editor=current_user.has_role(Role.EDITOR))
        except services.EventError as error:
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            flash(_("The event was saved."), "success")
            return redirect(url_for("moderation.review", event_id=event.id), code=303)
    status = 400 if request.method == "POST" and not form.searching else 200
    return render_template("events/form.html", form=form, event=event, problem=problem, mode="moderator"), status


@blueprint.get("/events/<int:event_id>/image")
@role_required(Role.MODERATOR)
def moderation_image(event_id: int):
    """An event's current or proposed image, for review before it is public."""
    event = db.session.get(Event, event_id) or abort(404)
    name = event.image_filename
    if request.args.get("pending") and event.pending_changes:
        name = event.pending_changes.get("image_filename")
    if not name:
        abort(404)
    return send_from_directory(image_folder(), name)
