"""Editors' consent pages: a record's choices, the withdrawal button, and the second-editor queue."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.audit.models import AuditAction
from tracker.audit.services import record as audit
from tracker.consent import services
from tracker.consent.forms import ConsentForm, WithdrawForm
from tracker.consent.models import (
    CHANNEL_LABELS,
    GIVEN_BY_LABELS,
    OUTPUT_LABELS,
    Channel,
    ConsentDecision,
    ConsentOutput,
    DecisionStatus,
    GivenBy,
)
from tracker.core.forms import ConfirmForm
from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.timeutil import today_in, utcnow

blueprint = Blueprint("consent", __name__)


def _today():
    return today_in(current_app.config["DISPLAY_TIMEZONE"])


def _page(prisoner: Prisoner, form: ConsentForm, withdraw_form: WithdrawForm, status: int = 200):
    if prisoner.name_withheld and request.method == "GET":
        audit(AuditAction.VIEWED_NOT_NAMED, actor_id=current_user.id, prisoner_id=prisoner.id, detail="consent page")
        db.session.commit()
    outputs = [(output, OUTPUT_LABELS[output], not services.is_withheld(prisoner, output)) for output in ConsentOutput]
    return render_template(
        "consent/record.html",
        prisoner=prisoner,
        outputs=outputs,
        decisions=services.decisions_for(prisoner),
        form=form,
        withdraw_form=withdraw_form,
        labels={"output": OUTPUT_LABELS, "given_by": GIVEN_BY_LABELS, "channel": CHANNEL_LABELS},
    ), status


@blueprint.route("/prisoners/<int:prisoner_id>/consent", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def record(prisoner_id: int):
    """A record's consent, output by output, with who gave each choice and when."""
    prisoner = db.session.get(Prisoner, prisoner_id) or abort(404)
    form = ConsentForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return _page(prisoner, form, WithdrawForm(formdata=None), status)
    choice = services.ConsentChoice(
        output=ConsentOutput(form.output.data),
        allowed=form.allowed.data == "yes",
        given_by=GivenBy(form.given_by.data),
        channel=Channel(form.channel.data),
        given_on=form.given_on.data,
        review_by=form.review_by.data,
        note=(form.note.data or "").strip(),
    )
    decision = services.decide(prisoner, choice, actor_id=current_user.id, now=utcnow())
    db.session.commit()
    if decision is None:
        flash(_("Nothing changed: the record already follows that choice."), "info")
    elif decision.status == DecisionStatus.PENDING:
        flash(_("Saved. It makes the record more public, so it waits for a second editor's approval."), "info")
    else:
        flash(_("Saved and applied everywhere now."), "success")
    return redirect(url_for("consent.record", prisoner_id=prisoner.id), code=303)


@blueprint.post("/prisoners/<int:prisoner_id>/consent/withdraw")
@role_required(Role.EDITOR)
def withdraw(prisoner_id: int):
    """Take the person out of every output at once."""
    prisoner = db.session.get(Prisoner, prisoner_id) or abort(404)
    withdraw_form = WithdrawForm()
    if not withdraw_form.validate_on_submit():
        return _page(prisoner, ConsentForm(formdata=None), withdraw_form, 400)
    services.withdraw(
        prisoner,
        given_by=GivenBy(withdraw_form.given_by.data),
        channel=Channel(withdraw_form.channel.data),
        given_on=withdraw_form.given_on.data,
        note=(withdraw_form.note.data or "").strip(),
        actor_id=current_user.id,
        now=utcnow(),
    )
    db.session.commit()
    flash(_("The person was withdrawn from every page, feed, list and download."), "success")
    return redirect(url_for("consent.record", prisoner_id=prisoner.id), code=303)


@blueprint.get("/manage/consent")
@role_required(Role.EDITOR)
def queue():
    """Loosenings waiting for a second editor, and records whose consent is due for review."""
    return render_template(
        "consent/queue.html",
        pending=services.pending_decisions(),
        due=services.due_for_review(_today()),
        labels={"output": OUTPUT_LABELS, "given_by": GIVEN_BY_LABELS, "channel": CHANNEL_LABELS},
    )


def _decision(decision_id: int) -> ConsentDecision:
    return db.session.get(ConsentDecision, decision_id) or abort(404)


@blueprint.post("/manage/consent/<int:decision_id>/approve")
@role_required(Role.EDITOR)
def approve(decision_id: int):
    """A second editor approves a loosening."""
    ConfirmForm().validate_on_submit() or abort(400)
    try:
        services.approve(_decision(decision_id), approver_id=current_user.id, now=utcnow())
    except services.ConsentError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("consent.queue"), code=303)
    db.session.commit()
    flash(_("Approved and applied."), "success")
    return redirect(url_for("consent.queue"), code=303)


@blueprint.post("/manage/consent/<int:decision_id>/refuse")
@role_required(Role.EDITOR)
def refuse(decision_id: int):
    """Turn down a loosening; the record stays as it is."""
    ConfirmForm().validate_on_submit() or abort(400)
    try:
        services.refuse(_decision(decision_id), editor_id=current_user.id, now=utcnow())
    except services.ConsentError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("consent.queue"), code=303)
    db.session.commit()
    flash(_("Turned down; the record stays as it is."), "success")
    return redirect(url_for("consent.queue"), code=303)
