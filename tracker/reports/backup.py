"""Organisers' reports in the full export: every report, hidden ones included, with its photo."""

from flask import Flask

from tracker.backup.serializers import ExportContext, ImportContext, Serializer, add_serializer, all_rows, to_row
from tracker.extensions import db
from tracker.reports.models import ActionReport

PHOTOS = "reports"


class ActionReportSerializer(Serializer):
    """Each report by id; the photo travels with it (the checked one is the same file or none)."""

    key = "action_reports"
    models = (ActionReport,)
    requires = ("events",)

    def export(self, context: ExportContext) -> list[dict]:
        """Every report with its photo."""
        rows = []
        for report in all_rows(ActionReport):
            row = to_row(report)
            row["photo_jpeg_base64"] = context.image(PHOTOS, report.photo_filename)
            rows.append(row)
        return rows

    def load(self, items: list, context: ImportContext) -> None:
        """Every report; photos are written once everything is in."""
        for number, data in enumerate(items, start=1):
            where = f"{self.key}[{number}]"
            photo = data.pop("photo_jpeg_base64", None) if isinstance(data, dict) else None
            report = context.row(ActionReport, data, where=where)
            context.image(PHOTOS, report.photo_filename, photo, where=where, what="photo")
            db.session.add(report)


def init_app(app: Flask) -> None:
    """Make reports part of the full export."""
    add_serializer(app, ActionReportSerializer())
