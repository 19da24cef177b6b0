"""Audit entries: written once, never changed or deleted, even by an admin with database access."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DDL, DateTime, Enum, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.timeutil import utcnow


class AuditAction(enum.StrEnum):
    """What an audit entry records."""

    VIEWED_NOT_NAMED = "viewed_not_named"
    CONSENT_TIGHTENED = "consent_tightened"
    CONSENT_PROPOSED = "consent_proposed"
    CONSENT_APPROVED = "consent_approved"
    CONSENT_REFUSED = "consent_refused"
    WITHDRAWN = "withdrawn"


ACTION_LABELS = {
    AuditAction.VIEWED_NOT_NAMED: _l("Viewed a record not named"),
    AuditAction.CONSENT_TIGHTENED: _l("Withdrew consent for an output"),
    AuditAction.CONSENT_PROPOSED: _l("Proposed making a record more public"),
    AuditAction.CONSENT_APPROVED: _l("Approved making a record more public"),
    AuditAction.CONSENT_REFUSED: _l("Turned down making a record more public"),
    AuditAction.WITHDRAWN: _l("Withdrew the person from everything"),
}


class AuditEntry(db.Model):
    """One thing an editor did or saw; ids only, so the log names no subscriber or requester."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Plain ids, not foreign keys: the log outlives the rows it speaks of and must never be
    # rewritten by a cascade.
    actor_id: Mapped[int | None]
    action: Mapped[AuditAction] = mapped_column(
        Enum(AuditAction, native_enum=False, length=32, values_callable=lambda m: [x.value for x in m])
    )
    prisoner_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    # Which output a consent entry is about, if any.
    output: Mapped[str] = mapped_column(String(32), default="")


# Nobody edits the log: the database itself refuses UPDATE and DELETE on it, on both engines. On
# PostgreSQL a maintenance session (the test suite emptying its tables) may say so explicitly with
# `SET tracker.allow_audit_purge = 'on'`; the application never does.
APPEND_ONLY_SQLITE = [
    DDL(
        f"CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    ).execute_if(dialect="sqlite")
    for verb in ("UPDATE", "DELETE")
]
APPEND_ONLY_POSTGRESQL = [
    DDL(
        "CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN IF coalesce(current_setting('tracker.allow_audit_purge', true), '') <> 'on' THEN "
        "RAISE EXCEPTION 'the audit log is append-only'; END IF; RETURN NULL; END $$"
    ).execute_if(dialect="postgresql"),
    DDL(
        "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()"
    ).execute_if(dialect="postgresql"),
]
for statement in APPEND_ONLY_SQLITE + APPEND_ONLY_POSTGRESQL:
    event.listen(AuditEntry.__table__, "after_create", statement)
