"""Records whose facts nobody has checked for a while, for the editors' dashboard."""

from datetime import date, timedelta

from sqlalchemy import or_, select

from tracker.extensions import db
from tracker.prisoners.models import Prisoner


def stale_prisoners(today: date, *, max_age_days: int) -> list[Prisoner]:
    """Records never verified, or last verified more than `max_age_days` ago; oldest first."""
    cutoff = today - timedelta(days=max_age_days)
    statement = select(Prisoner).where(or_(Prisoner.last_verified_on.is_(None), Prisoner.last_verified_on < cutoff))
    prisoners = list(db.session.scalars(statement))
    return sorted(prisoners, key=lambda prisoner: (prisoner.last_verified_on or date.min, prisoner.id))
