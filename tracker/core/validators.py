"""Validators and choice helpers shared by the forms of several features."""

from datetime import date
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice
from wtforms.validators import ValidationError

from tracker.timeutil import is_canonical_timezone


def http_url(form, field) -> None:
    """Accept only absolute http(s) URLs with a host (no javascript:, data: or relative links)."""
    if not field.data:
        return
    value = field.data.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        raise ValidationError(_l("Enter a full web address starting with https://")) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname or any(c.isspace() for c in value):
        raise ValidationError(_l("Enter a full web address starting with https://"))
    field.data = value


def not_in_future(form, field) -> None:
    """Reject dates after today."""
    if field.data and field.data > date.today():
        raise ValidationError(_l("This date cannot be in the future."))


def not_before_1900(form, field) -> None:
    """Reject implausibly old dates (mistyped years)."""
    if field.data and field.data.year < 1900:
        raise ValidationError(_l("Check the year: dates before 1900 are not accepted."))


def iana_timezone(form, field) -> None:
    """Accept only canonical IANA zone names, such as Europe/Minsk (no links, "localtime" or "Factory")."""
    if not is_canonical_timezone((field.data or "").strip()):
        raise ValidationError(_l("Enter a time zone from the IANA database, such as Europe/Minsk."))
    field.data = field.data.strip()


def select_choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs or a {value: label} mapping."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(str(value), label) for value, label in items]
