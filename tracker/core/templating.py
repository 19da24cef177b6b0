"""Template globals and filters."""

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal

from tracker.accounts.models import Role
from tracker.core.i18n import current_language
from tracker.prisoners.forms import EVENT_LABELS, GENDER_LABELS, REGION_LABELS, STATUS_LABELS


def register(app: Flask) -> None:
    """Install the globals and filters every template may use."""
    app.jinja_env.globals.update(
        Role=Role,
        current_language=current_language,
        EVENT_LABELS=EVENT_LABELS,
        GENDER_LABELS=GENDER_LABELS,
        REGION_LABELS=REGION_LABELS,
        STATUS_LABELS=STATUS_LABELS,
    )
    app.jinja_env.filters["number"] = lambda value: format_decimal(value)
    app.jinja_env.filters["datetime"] = lambda value, style="medium": format_datetime(value, style) if value else ""
    app.jinja_env.filters["day"] = lambda value, style="long": format_date(value, style) if value else ""
    app.jinja_env.filters["name"] = lambda prisoner: prisoner.display_name(current_language())
