"""When the published data last changed: the cached figures and the shared page cache hang on it."""

from datetime import datetime
from typing import ClassVar

from sqlalchemy import DateTime, event, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from tracker.extensions import db
from tracker.timeutil import utcnow

MARKER_ID = 1
# Set in a session's info when a flush touched public data, for after-commit listeners.
DATA_CHANGED = "tracker.data_changed"


class DataChange(db.Model):
    """One row: the last time any record behind the public data was added, changed or deleted."""

    __tablename__ = "data_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Counts every change, so two changes within one clock tick still tell apart.
    generation: Mapped[int] = mapped_column(default=0, server_default="0")


class PublicData:
    """Mixin: the model's rows are published data, so adding, changing or deleting one moves the marker.

    Columns no public page shows (a private contact, a counter kept for moderators) are listed in
    `unpublished_columns`: a change to them alone leaves every cached page in place.
    """

    unpublished_columns: ClassVar[frozenset[str]] = frozenset()


def _changes_public_data(session: Session, obj: object) -> bool:
    if not isinstance(obj, PublicData):
        return False
    if not obj.unpublished_columns:
        return session.is_modified(obj)
    return any(
        attribute.key not in obj.unpublished_columns and attribute.history.has_changes()
        for attribute in inspect(obj).attrs
    )


@event.listens_for(Session, "before_flush")
def _mark_data_changed(session: Session, flush_context, instances) -> None:
    # Timestamps on the rows cannot tell a deleted timeline entry or a newly published release,
    # so every flush that touches public data moves this one marker instead.
    touched = any(isinstance(obj, PublicData) for obj in session.new) or any(
        isinstance(obj, PublicData) for obj in session.deleted
    )
    touched = touched or any(_changes_public_data(session, obj) for obj in session.dirty)
    if touched:
        mark_data_changed(session)


def mark_data_changed(session: Session) -> None:
    """Move the marker for a change to what the public sees that no PublicData row carries.

    E.g. a moderator approving an organiser's report: the report is private until then, but its
    numbers now feed public totals.
    """
    session.info[DATA_CHANGED] = True
    with session.no_autoflush:
        marker = session.get(DataChange, MARKER_ID)
        if marker is None:
            session.add(DataChange(id=MARKER_ID, changed_at=utcnow(), generation=1))
        else:
            marker.changed_at = utcnow()
            # In SQL, not Python: two concurrent writers each move it on.
            marker.generation = DataChange.generation + 1


def data_changed_at() -> datetime | None:
    """When public data last changed, or None if never recorded."""
    marker = db.session.get(DataChange, MARKER_ID)
    return marker.changed_at if marker else None


def data_generation() -> int:
    """A number that moves on with every change to public data (one primary-key read)."""
    return db.session.scalar(select(DataChange.generation).where(DataChange.id == MARKER_ID)) or 0
