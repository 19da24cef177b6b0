"""Reported figures in the full export."""

from flask import Flask

from tracker.backup.serializers import TableSerializer, add_serializer
from tracker.counts.models import CountSnapshot


class CountSnapshotSerializer(TableSerializer):
    """Every reported figure."""

    key = "count_snapshots"
    model = CountSnapshot


def init_app(app: Flask) -> None:
    """Make reported figures part of the full export."""
    add_serializer(app, CountSnapshotSerializer())
