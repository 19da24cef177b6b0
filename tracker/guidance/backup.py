"""Guidance notes in the full export: sourced facts editors reviewed are as much the record as prisoners."""

from flask import Flask

from tracker.backup.serializers import TableSerializer, add_serializer
from tracker.guidance.models import GuidanceNote


class GuidanceNoteSerializer(TableSerializer):
    """Every note with its source and review date."""

    key = "guidance_notes"
    model = GuidanceNote


def init_app(app: Flask) -> None:
    """Make guidance notes part of the full export."""
    add_serializer(app, GuidanceNoteSerializer())
