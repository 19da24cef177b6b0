"""Site-wide rows: the scheduler's heartbeat."""

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db


class SchedulerHeartbeat(db.Model):
    """When the scheduler process last showed it was alive."""

    __tablename__ = "scheduler_heartbeats"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
