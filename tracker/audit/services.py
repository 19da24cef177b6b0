"""Writing and reading the audit log."""

from sqlalchemy import func, select

from tracker.audit.models import AuditAction, AuditEntry
from tracker.extensions import db


def record(action: AuditAction, *, actor_id: int | None, prisoner_id: int | None, output: str = "", detail: str = ""):
    """Append one entry; it is written with the request's or job's one commit."""
    entry = AuditEntry(action=action, actor_id=actor_id, prisoner_id=prisoner_id, output=output, detail=detail)
    db.session.add(entry)
    db.session.flush()
    return entry


def count_entries() -> int:
    """How many entries the log holds."""
    return db.session.scalar(select(func.count(AuditEntry.id))) or 0


def entries(*, page: int, per_page: int) -> list[AuditEntry]:
    """A page of the log, newest first."""
    rows = db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return list(rows)
