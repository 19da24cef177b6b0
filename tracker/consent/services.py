"""Consent decisions: tightening applies at once, loosening waits for a second editor.

A family's "please remove him" must work the moment an editor records it; making a record more
public (a name, a photo, an address) must never rest on one person's click, so it waits, pending,
until another editor approves it. Every step goes to the audit log.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.audit.models import AuditAction
from tracker.audit.services import record as audit
from tracker.consent.models import (
    WITHHELD_BY,
    Channel,
    ConsentDecision,
    ConsentOutput,
    DecisionStatus,
    GivenBy,
)
from tracker.consent.screening import name_withheld
from tracker.extensions import db
from tracker.prisoners.models import Prisoner


class ConsentError(Exception):
    """A decision that cannot be applied, with a message for the editor."""


@dataclass(frozen=True)
class ConsentChoice:
    """One choice about one output, as the person, family or lawyer gave it."""

    output: ConsentOutput
    allowed: bool
    given_by: GivenBy
    channel: Channel
    given_on: date
    review_by: date | None = None
    note: str = ""


def is_withheld(prisoner: Prisoner, output: ConsentOutput) -> bool:
    """Whether the record is kept out of this output now."""
    return bool(getattr(prisoner, WITHHELD_BY[output]))


def decide(prisoner: Prisoner, choice: ConsentChoice, *, actor_id: int | None, now: datetime) -> ConsentDecision | None:
    """Record a choice: applied at once if it tightens, pending if it loosens; None if nothing changes."""
    if choice.allowed != is_withheld(prisoner, choice.output):
        if choice.review_by:
            prisoner.consent_review_on = choice.review_by
            db.session.flush()
        return None
    decision = ConsentDecision(
        prisoner=prisoner,
        output=choice.output,
        allowed=choice.allowed,
        given_by=choice.given_by,
        channel=choice.channel,
        given_on=choice.given_on,
        review_by=choice.review_by,
        note=choice.note,
        proposed_by_id=actor_id,
        proposed_at=now,
        status=DecisionStatus.PENDING,
    )
    db.session.add(decision)
    if choice.review_by:
        prisoner.consent_review_on = choice.review_by
    if choice.allowed:
        db.session.flush()
        audit(AuditAction.CONSENT_PROPOSED, actor_id=actor_id, prisoner_id=prisoner.id, output=choice.output)
    else:
        _cancel_pending(prisoner, choice.output, now)
        _apply(decision, actor_id, now)
        audit(AuditAction.CONSENT_TIGHTENED, actor_id=actor_id, prisoner_id=prisoner.id, output=choice.output)
    return decision


def approve(decision: ConsentDecision, *, approver_id: int, now: datetime) -> None:
    """A second editor makes a pending loosening take effect."""
    _check_pending(decision)
    if decision.proposed_by_id == approver_id:
        raise ConsentError(_l("A second editor must approve what makes a record more public."))
    _apply(decision, approver_id, now)
    audit(AuditAction.CONSENT_APPROVED, actor_id=approver_id, prisoner_id=decision.prisoner_id, output=decision.output)


def refuse(decision: ConsentDecision, *, editor_id: int, now: datetime) -> None:
    """Turn down a pending loosening (its proposer may too): the record stays as it is."""
    _check_pending(decision)
    decision.status, decision.decided_by_id, decision.decided_at = DecisionStatus.REFUSED, editor_id, now
    db.session.flush()
    audit(AuditAction.CONSENT_REFUSED, actor_id=editor_id, prisoner_id=decision.prisoner_id, output=decision.output)


def withdraw(
    prisoner: Prisoner, *, given_by: GivenBy, channel: Channel, given_on: date, note: str, actor_id: int, now: datetime
) -> None:
    """Take the person out of every output at once, and drop every pending loosening."""
    for output in ConsentOutput:
        choice = ConsentChoice(output, False, given_by, channel, given_on, note=note)
        decide(prisoner, choice, actor_id=actor_id, now=now)
    for output in ConsentOutput:
        _cancel_pending(prisoner, output, now)
    audit(AuditAction.WITHDRAWN, actor_id=actor_id, prisoner_id=prisoner.id)


def pending_decisions() -> list[ConsentDecision]:
    """Loosenings waiting for a second editor, oldest first."""
    return list(
        db.session.scalars(
            select(ConsentDecision)
            .where(ConsentDecision.status == DecisionStatus.PENDING)
            .order_by(ConsentDecision.proposed_at, ConsentDecision.id)
        )
    )


def due_for_review(today: date) -> list[Prisoner]:
    """Records whose consent is due to be checked again with the person or family."""
    return list(
        db.session.scalars(
            select(Prisoner)
            .where(Prisoner.consent_review_on.is_not(None), Prisoner.consent_review_on <= today)
            .order_by(Prisoner.consent_review_on, Prisoner.id)
        )
    )


def decisions_for(prisoner: Prisoner) -> list[ConsentDecision]:
    """A record's consent history, newest first."""
    return list(
        db.session.scalars(
            select(ConsentDecision)
            .where(ConsentDecision.prisoner_id == prisoner.id)
            .order_by(ConsentDecision.proposed_at.desc(), ConsentDecision.id.desc())
        )
    )


def _apply(decision: ConsentDecision, actor_id: int | None, now: datetime) -> None:
    setattr(decision.prisoner, WITHHELD_BY[decision.output], not decision.allowed)
    decision.status, decision.decided_by_id, decision.decided_at = DecisionStatus.APPLIED, actor_id, now
    db.session.flush()
    if decision.output == ConsentOutput.NAME and not decision.allowed:
        name_withheld()


def _check_pending(decision: ConsentDecision) -> None:
    if decision.status != DecisionStatus.PENDING:
        raise ConsentError(_l("This decision is no longer waiting for approval."))


def _cancel_pending(prisoner: Prisoner, output: ConsentOutput, now: datetime) -> None:
    for pending in db.session.scalars(
        select(ConsentDecision).where(
            ConsentDecision.prisoner_id == prisoner.id,
            ConsentDecision.output == output,
            ConsentDecision.status == DecisionStatus.PENDING,
        )
    ):
        pending.status, pending.decided_at = DecisionStatus.CANCELLED, now
    db.session.flush()
