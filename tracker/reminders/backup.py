"""Published reminder pages in the full export; subscriptions stay out, they are personal data."""

from flask import Flask

from tracker.backup.serializers import TableSerializer, add_serializer
from tracker.reminders.models import ReminderPage


class ReminderPageSerializer(TableSerializer):
    """Every published reminder page."""

    key = "reminder_pages"
    model = ReminderPage
    requires = ("commemorative_dates",)


def init_app(app: Flask) -> None:
    """Make published reminder pages part of the full export."""
    add_serializer(app, ReminderPageSerializer())
