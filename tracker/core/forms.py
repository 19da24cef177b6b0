"""Form pieces every feature may use, and the base classes every form derives from.

`TrackerForm` (a FlaskForm, with CSRF) and `PlainForm` (a bare WTForms form, for query strings and
imported rows) strip control characters from every text field before any validator sees it: a
multi-line field (TextAreaField) keeps tab and line feed; any other text field turns tabs into
spaces and refuses line breaks ("Use a single line."), since its value may end up in an email
header or a calendar line. Passwords are left exactly as typed: never shown or sent, only hashed.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, PasswordField, StringField, TextAreaField
from wtforms.meta import DefaultMeta
from wtforms.validators import ValidationError

from tracker.core.text import clean_text


def clean_single_line(value):
    """A one-line field's text: control characters removed, tabs as spaces; line breaks left to `one_line`."""
    value = clean_text(value)
    return value.replace("\t", " ") if isinstance(value, str) and "\t" in value else value


def one_line(_form, field) -> None:
    """Refuse a line break in a one-line field instead of joining lines the person did not see joined."""
    if isinstance(field.data, str) and "\n" in field.data:
        raise ValidationError(_l("Use a single line."))


def holds_free_text(field: Field) -> bool:
    """Whether a field takes typed text (passwords aside)."""
    return isinstance(field, StringField) and not isinstance(field, PasswordField)


class CleanTextMeta(DefaultMeta):
    """Puts the control-character filter in front of each text field's own filters.

    A form whose Meta sets `control_characters = "refuse"` keeps what was typed and refuses it
    with its own validators instead (the correction request form shows the person what to fix);
    tests/core/test_control_characters.py checks that such a form does refuse.
    """

    control_characters = "strip"

    def bind_field(self, form, unbound_field, options):
        """Bind a field; a text field cleans its input first, so validators and views see clean text."""
        field = super().bind_field(form, unbound_field, options)
        if holds_free_text(field) and self.control_characters == "strip":
            multi_line = isinstance(field, TextAreaField)
            field.filters = (clean_text if multi_line else clean_single_line, *field.filters)
            if not multi_line:
                field.validators = [*field.validators, one_line]
        return field


class TrackerForm(FlaskForm):
    """The base of every form posted from a page: CSRF and clean text."""

    class Meta(CleanTextMeta, FlaskForm.Meta):
        """FlaskForm's CSRF meta with the text filter."""


class PlainForm(Form):
    """The base of every form without CSRF (query strings, imported rows): clean text."""

    class Meta(CleanTextMeta):
        """The text filter."""


class ConfirmForm(TrackerForm):
    """A button that only carries the CSRF token."""
