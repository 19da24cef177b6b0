"""Prisoners in the full export: each record with its timeline, articles, sources and photo."""

from flask import Flask
from sqlalchemy import select
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
from tracker.extensions import db
from tracker.prisoners.models import Article, Place, Prisoner, PrisonerArticle, Source, TimelineEntry

# Rebuilt from the names on import.
DERIVED = ("search_text", "sort_name")
# Child rows are nested under their prisoner, so their key to it is implied.
CHILDREN = {"timeline": TimelineEntry, "articles": PrisonerArticle, "sources": Source}
PHOTOS = "photos"


class PlaceSerializer(TableSerializer):
    """Places of detention with their names in every language; records point at them."""

    key = "places"
    model = Place


class ArticleSerializer(TableSerializer):
    """Criminal-code articles as editors described them, in every language."""

    key = "articles"
    model = Article


class PrisonerSerializer(Serializer):
    """Every prisoner record, not-named ones, private notes and held-back entries included."""

    key = "prisoners"
    requires = ("places",)
    models = (Prisoner, TimelineEntry, PrisonerArticle, Source)

    def export(self, context: ExportContext) -> list[dict]:
        """Each record with its child rows by id and its photo."""
        prisoners = db.session.scalars(
            select(Prisoner)
            .options(*(selectinload(getattr(Prisoner, name)) for name in CHILDREN))
            .order_by(Prisoner.id)
            .execution_options(include_deleted=True)
        )
        exported = []
        for prisoner in prisoners:
            row = to_row(prisoner, derived=DERIVED)
            for name in CHILDREN:
                children = sorted(getattr(prisoner, name), key=lambda child: child.id)
                row[name] = [to_row(child, derived=("prisoner_id",)) for child in children]
            row["photo_jpeg_base64"] = context.image(PHOTOS, prisoner.photo_filename)
            exported.append(row)
        return exported

    def load(self, items: list, context: ImportContext) -> None:
        """Each record with its child rows; the photo is written once everything is in."""
        for number, data in enumerate(items, start=1):
            where = f"prisoners[{number}]"
            data = as_object(data, where)
            children = {name: data.pop(name, []) for name in CHILDREN}
            photo = data.pop("photo_jpeg_base64", None)
            prisoner = context.row(Prisoner, data, where=where, derived=DERIVED)
            if not all(isinstance(rows, list) for rows in children.values()):
                raise BackupError(f"{where} has a bad timeline, articles or sources list.")
            for name, model in CHILDREN.items():
                rows = [
                    context.row(model, row, where=f"{where}.{name}", derived=("prisoner_id",)) for row in children[name]
                ]
                setattr(prisoner, name, rows)
            context.image(PHOTOS, prisoner.photo_filename, photo, where=where, what="photo")
            db.session.add(prisoner)


def init_app(app: Flask) -> None:
    """Make prisoner records part of the full export."""
    add_serializer(app, PlaceSerializer())
    add_serializer(app, ArticleSerializer())
    add_serializer(app, PrisonerSerializer())
