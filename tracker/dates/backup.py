"""Commemorative dates in the full export."""

from flask import Flask

from tracker.backup.serializers import TableSerializer, add_serializer
from tracker.dates.models import CommemorativeDate


class CommemorativeDateSerializer(TableSerializer):
    """Every commemorative date; a date may name a prisoner."""

    key = "commemorative_dates"
    model = CommemorativeDate
    requires = ("prisoners",)


def init_app(app: Flask) -> None:
    """Make commemorative dates part of the full export."""
    add_serializer(app, CommemorativeDateSerializer())
