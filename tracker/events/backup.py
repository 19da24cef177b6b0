"""Solidarity events in the full export: each with its tags, dedications and image; listing pages."""

from flask import Flask
from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from tracker.backup.serializers import (
    BackupError,
    ExportContext,
    ImportContext,
    Serializer,
    TableSerializer,
    add_serializer,
    as_object,
    to_row,
)
from tracker.events.models import Event, EventTag, OccurrenceListing, event_prisoners
from tracker.extensions import db
from tracker.prisoners.models import Prisoner

IMAGES = "events"


def _dedications() -> dict[int, list[int]]:
    """Event id -> the ids of the prisoners it is dedicated to."""
    dedications: dict[int, list[int]] = {}
    rows = db.session.execute(
        select(event_prisoners.c.event_id, event_prisoners.c.prisoner_id).order_by(
            event_prisoners.c.event_id, event_prisoners.c.prisoner_id
        )
    )
    for event_id, prisoner_id in rows:
        dedications.setdefault(event_id, []).append(prisoner_id)
    return dedications


class EventSerializer(Serializer):
    """Every event, pending and rejected ones included, without its submitter's account."""

    key = "events"
    models = (Event, EventTag)
    requires = ("prisoners", "commemorative_dates")

    def export(self, context: ExportContext) -> list[dict]:
        """Each event with its tags by id, the prisoners it is dedicated to and its image."""
        dedications = _dedications()
        events = db.session.scalars(
            select(Event).options(selectinload(Event.tags)).order_by(Event.id).execution_options(include_deleted=True)
        )
        exported = []
        for event in events:
            row = to_row(event)
            row["tags"] = [to_row(tag, derived=("event_id",)) for tag in sorted(event.tags, key=lambda tag: tag.id)]
            row["prisoner_ids"] = dedications.get(event.id, [])
            row["image_jpeg_base64"] = context.image(IMAGES, event.image_filename)
            exported.append(row)
        return exported

    def load(self, items: list, context: ImportContext) -> None:
        """Each event with its tags and dedications; the image is written once everything is in."""
        known_prisoners = set(db.session.scalars(select(Prisoner.id).execution_options(include_deleted=True)))
        dedications = []
        for number, data in enumerate(items, start=1):
            where = f"events[{number}]"
            data = as_object(data, where)
            tags, dedicated = data.pop("tags", []), data.pop("prisoner_ids", [])
            image = data.pop("image_jpeg_base64", None)
            event = context.row(Event, data, where=where)
            if not isinstance(tags, list):
                raise BackupError(f"{where} has a bad tags list.")
            event.tags = [context.row(EventTag, tag, where=f"{where}.tags", derived=("event_id",)) for tag in tags]
            if not isinstance(dedicated, list) or not all(
                isinstance(prisoner_id, int) and prisoner_id in known_prisoners for prisoner_id in dedicated
            ):
                raise BackupError(f"{where} is dedicated to a prisoner the export does not hold.")
            context.image(IMAGES, event.image_filename, image, where=where, what="image")
            dedications += [{"event_id": event.id, "prisoner_id": prisoner_id} for prisoner_id in dedicated]
            db.session.add(event)
        db.session.flush()
        if dedications:
            db.session.execute(insert(event_prisoners), dedications)


class OccurrenceListingSerializer(TableSerializer):
    """Every occurrence listing page."""

    key = "occurrence_listings"
    model = OccurrenceListing
    requires = ("commemorative_dates",)


def init_app(app: Flask) -> None:
    """Make events and listing pages part of the full export."""
    add_serializer(app, EventSerializer())
    add_serializer(app, OccurrenceListingSerializer())
