"""Consent decisions in the full export: the record of who agreed to what must survive a move."""

from flask import Flask

from tracker.backup.serializers import TableSerializer, add_serializer
from tracker.consent.models import ConsentDecision


class ConsentDecisionSerializer(TableSerializer):
    """Every decision, pending and refused ones included; the editors who made them are not exported."""

    key = "consent_decisions"
    model = ConsentDecision
    requires = ("prisoners",)


def init_app(app: Flask) -> None:
    """Make consent decisions part of the full export."""
    add_serializer(app, ConsentDecisionSerializer())
