"""Tightening consent applies at once; making a record more public needs a second editor; all is audited."""

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from tracker.accounts.models import Role
from tracker.audit.models import AuditAction, AuditEntry
from tracker.consent.models import ConsentDecision, DecisionStatus
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner

DETAINED = [(EventKind.DETENTION, date(2022, 3, 1))]


def choose(client, prisoner_id: int, output: str, allowed: str, **fields):
    data = {
        "output": output, "allowed": allowed, "given_by": "family", "channel": "phone", "given_on": "2026-12-01",
        **fields,
    }  # fmt: skip
    return client.post(f"/prisoners/{prisoner_id}/consent", data=data)


def record(app, prisoner_id: int) -> Prisoner:
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        db.session.expunge(prisoner)
        return prisoner


def audit_trail(app) -> list[tuple[AuditAction, int | None]]:
    with app.app_context():
        return [
            (entry.action, entry.actor_id) for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def pending(app) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(select(ConsentDecision.id).where(ConsentDecision.status == DecisionStatus.PENDING))
        )


def test_naming_a_person_waits_for_a_second_editor_and_the_log_keeps_both_steps(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Hanna Hidden", name_withheld=True, timeline=DETAINED)
    auth.login(Role.EDITOR)
    assert choose(client, prisoner_id, "name", "yes").status_code == 303
    assert record(app, prisoner_id).name_withheld  # not yet
    (decision_id,) = pending(app)

    client.post(f"/manage/consent/{decision_id}/approve")  # the proposer approving their own change
    assert record(app, prisoner_id).name_withheld and pending(app) == [decision_id]
    assert client.get(f"/prisoners/{prisoner_id}").status_code == 404

    auth.logout()
    auth.login(Role.EDITOR)  # another editor
    assert client.post(f"/manage/consent/{decision_id}/approve").status_code == 303
    assert not record(app, prisoner_id).name_withheld and pending(app) == []
    actions = audit_trail(app)
    proposed = [actor for action, actor in actions if action == AuditAction.CONSENT_PROPOSED]
    approved = [actor for action, actor in actions if action == AuditAction.CONSENT_APPROVED]
    assert len(proposed) == len(approved) == 1 and proposed != approved


def test_withholding_applies_at_once_and_cancels_a_pending_loosening(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ales Named", timeline=DETAINED, postal_address="Colony 1")
    auth.login(Role.EDITOR)
    assert choose(client, prisoner_id, "letter_address", "no").status_code == 303
    assert record(app, prisoner_id).address_hidden
    choose(client, prisoner_id, "letter_address", "yes")
    assert len(pending(app)) == 1
    choose(client, prisoner_id, "letter_address", "no", given_by="lawyer")  # already withheld: nothing to apply
    choose(client, prisoner_id, "name", "no")
    assert record(app, prisoner_id).name_withheld
    assert client.get(f"/prisoners/{prisoner_id}").status_code == 404


def test_the_record_form_cannot_name_a_person_alone(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Withheld Person", name_withheld=True, timeline=DETAINED)
    auth.login(Role.EDITOR)
    form = client.get(f"/prisoners/{prisoner_id}/edit").get_data(as_text=True)
    assert 'name="name_withheld"' in form
    response = client.post(
        f"/prisoners/{prisoner_id}/edit",
        data={"name_en": "Withheld Person", "gender": "unknown", "region": "unknown"},  # box unticked
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert record(app, prisoner_id).name_withheld
    assert len(pending(app)) == 1
    assert (AuditAction.VIEWED_NOT_NAMED, 1) in audit_trail(app)


def test_a_choice_without_who_or_when_is_refused_and_nothing_changes(app, client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ales Named", timeline=DETAINED)
    auth.login(Role.EDITOR)
    response = client.post(f"/prisoners/{prisoner_id}/consent", data={"output": "name", "allowed": "no"})
    assert response.status_code == 400
    assert "Choose who asked." in response.get_data(as_text=True)
    assert not record(app, prisoner_id).name_withheld


def test_nobody_can_edit_or_delete_the_audit_log(app, auth, client, make_prisoner):
    prisoner_id = make_prisoner("Hanna Hidden", name_withheld=True, timeline=DETAINED)
    auth.login(Role.EDITOR)
    client.get(f"/prisoners/{prisoner_id}/consent")
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action)) == AuditAction.VIEWED_NOT_NAMED
        for statement in ("UPDATE audit_entries SET actor_id = NULL", "DELETE FROM audit_entries"):
            with pytest.raises(DatabaseError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
        assert db.session.scalar(select(AuditEntry.actor_id)) is not None


def test_only_admins_read_the_audit_log(client, auth):
    auth.login(Role.EDITOR)
    assert client.get("/admin/audit").status_code == 403
    auth.logout()
    auth.login(Role.ADMIN)
    assert client.get("/admin/audit").status_code == 200
