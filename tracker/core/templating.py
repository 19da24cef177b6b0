"""Template globals and filters that belong to no feature; features add their own when registered."""

from datetime import datetime

from flask import Flask
from flask_babel import format_decimal
from markupsafe import Markup

from tracker.core.i18n import current_language, format_day, format_moment
from tracker.core.text import xml_text
from tracker.core.translations import localized, marked
from tracker.timeutil import as_utc


def printable(value):
    """Every value a template prints, without the characters HTML forbids (controls, non-characters).

    Inputs strip them already; this keeps a row stored before that from reaching a page.
    """
    if isinstance(value, str) and (cleaned := xml_text(value)) is not value:
        # Removing characters from markup that was already safe cannot make it unsafe.
        return Markup(cleaned) if isinstance(value, Markup) else cleaned  # noqa: S704
    return value


def machine_time(value: datetime) -> str:
    """A moment for a <time datetime> attribute, in UTC whatever zone the database session handed back."""
    return as_utc(value).isoformat()


def register(app: Flask) -> None:
    """Install the globals and filters every template may use."""
    app.jinja_env.finalize = printable
    app.jinja_env.globals.update(current_language=current_language)
    app.jinja_env.filters["tr"] = localized
    app.jinja_env.filters["marked"] = marked
    app.jinja_env.filters["number"] = lambda value: format_decimal(value)
    app.jinja_env.filters["datetime"] = lambda value, style="medium": format_moment(value, style) if value else ""
    app.jinja_env.filters["machine_time"] = machine_time
    app.jinja_env.filters["day"] = lambda value, style="long": format_day(value, style) if value else ""
