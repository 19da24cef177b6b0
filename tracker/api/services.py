"""Queries behind the open data API and the public exports."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.prisoners.models import Prisoner

# Identifiers are 32-bit on PostgreSQL; a larger number in a URL names no record (and must not reach the driver).
MAX_ID = 2**31 - 1


def public_prisoners() -> list[Prisoner]:
    """Every publicly named record, by id, with what its public representation needs loaded."""
    statement = (
        select(Prisoner)
        .where(Prisoner.name_withheld.is_(False))
        .options(selectinload(Prisoner.timeline), selectinload(Prisoner.articles), selectinload(Prisoner.sources))
        .order_by(Prisoner.id)
    )
    return list(db.session.scalars(statement))
