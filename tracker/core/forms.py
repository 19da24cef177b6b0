"""Form pieces every feature may use, and the base classes every form derives from.

Both base classes replace WTForms' built-in messages with plain ones that name their field and say
what to do (GOV.UK style), so the error summary can list them on their own.

`TrackerForm` (a FlaskForm, with CSRF) and `PlainForm` (a bare WTForms form, for query strings and
imported rows) strip control characters from every text field before any validator sees it: a
multi-line field (TextAreaField) keeps tab and line feed; any other text field turns tabs into
spaces and refuses line breaks ("Write … on a single line."), since its value may end up in an email
header or a calendar line. Passwords are left exactly as typed: never shown or sent, only hashed.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import Field, Form, PasswordField, StringField, TextAreaField
from wtforms.meta import DefaultMeta
from wtforms.validators import Length, Optional, ValidationError

from tracker.core.text import clean_text
from tracker.core.translations import DATA_LANGUAGES, SOURCE_LANGUAGE, Translatable

# Each language named in itself, as editors who write it know it.
LANGUAGE_ENDONYMS = {"en": "English", "be": "Беларуская", "uk": "Українська", "ru": "Русский"}


def clean_single_line(value):
    """A one-line field's text: control characters removed, tabs as spaces; line breaks left to `one_line`."""
    value = clean_text(value)
    return value.replace("\t", " ") if isinstance(value, str) and "\t" in value else value


def one_line(_form, field) -> None:
    """Refuse a line break in a one-line field instead of joining lines the person did not see joined."""
    if isinstance(field.data, str) and "\n" in field.data:
        raise ValidationError(_l("Write “{field}” on a single line."))


def holds_free_text(field: Field) -> bool:
    """Whether a field takes typed text (passwords aside)."""
    return isinstance(field, StringField) and not isinstance(field, PasswordField)


# Stands for the field's label in a message; filled in after validation, when the label is known.
FIELD = "{field}"


def _plain_singular() -> dict[str, str]:
    return {
        "This field is required.": _("Fill in “{field}”."),
        "Invalid email address.": _("Enter an email address in the form name@example.org."),
        "Not a valid choice.": _("Choose one of the options for “{field}”."),
        "Invalid Choice: could not coerce.": _("Choose one of the options for “{field}”."),
        "Not a valid integer value.": _("Enter a whole number in “{field}”, such as 12."),
        "Not a valid decimal value.": _("Enter a number in “{field}”, such as 12.5."),
        "Not a valid float value.": _("Enter a number in “{field}”, such as 12.5."),
        "Not a valid date value.": _("Enter a real date in “{field}”, such as 2027-05-21."),
        "Not a valid datetime value.": _("Enter a real date and time in “{field}”, such as 2027-05-21 18:00."),
        "Not a valid time value.": _("Enter a time in “{field}”, such as 18:00."),
        "Number must be at least %(min)s.": _("“{field}” must be %(min)s or more."),
        "Number must be at most %(max)s.": _("“{field}” must be %(max)s or less."),
        "Number must be between %(min)s and %(max)s.": _("“{field}” must be between %(min)s and %(max)s."),
        "Field must be between %(min)d and %(max)d characters long.": _(
            "“{field}” must be between %(min)d and %(max)d characters; it has %(length)d."
        ),
        "Invalid URL.": _("Enter a full web address starting with https://"),
        "The CSRF token is missing.": _("The form was not sent whole. Send it again: what you typed is kept."),
        "The CSRF token is invalid.": _("The form had expired. Send it again: what you typed is kept."),
        "The CSRF token has expired.": _("The form had expired. Send it again: what you typed is kept."),
        "The CSRF tokens do not match.": _("The form had expired. Send it again: what you typed is kept."),
    }


def _plain_plural(singular: str, count: int) -> str | None:
    if singular == "Field cannot be longer than %(max)d character.":
        return ngettext(
            "“{field}” — at most %(num)d character; it has %%(length)d.",
            "“{field}” — at most %(num)d characters; it has %%(length)d.",
            count,
        )
    if singular == "Field must be at least %(min)d character long.":
        return ngettext(
            "“{field}” — at least %(num)d character; it has %%(length)d.",
            "“{field}” — at least %(num)d characters; it has %%(length)d.",
            count,
        )
    return None


class PlainMessages:
    """WTForms' built-in messages replaced by ones that name the field and say what to do (GOV.UK style)."""

    def gettext(self, string: str) -> str:
        """The plain message for one of WTForms' own messages; others keep WTForms' own translation."""
        plain = _plain_singular().get(string)
        return plain if plain is not None else wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The plain message for one of WTForms' plural messages; others keep WTForms' own translation."""
        plain = _plain_plural(singular, count)
        return plain if plain is not None else wtforms_translations.ngettext(singular, plural, count)


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

    def get_translations(self, form):
        """WTForms' own messages, in plain words that name the field."""
        return PlainMessages()


class LabelledMessages:
    """After validation, put each field's label into the messages that name it."""

    def validate(self, extra_validators=None) -> bool:
        """Validate, then label the messages."""
        valid = super().validate(extra_validators)
        _label_messages(self)
        return valid


def _label_messages(form) -> None:
    for field in form:
        if field.errors and not isinstance(field.errors, dict):
            field.errors = [_with_label(message, field) for message in field.errors]


def _with_label(message, field):
    # Messages may be lazy strings; rows of a FieldList are lists or dicts, labelled by their own form.
    if isinstance(message, (dict, list, tuple)) or FIELD not in str(message):
        return message
    return str(message).replace(FIELD, str(field.label.text))


class TrackerForm(LabelledMessages, FlaskForm):
    """The base of every form posted from a page: CSRF and clean text."""

    class Meta(CleanTextMeta, FlaskForm.Meta):
        """FlaskForm's CSRF meta with the text filter."""


class PlainForm(LabelledMessages, Form):
    """The base of every form without CSRF (query strings, imported rows): clean text."""

    class Meta(CleanTextMeta):
        """The text filter."""


class ConfirmForm(TrackerForm):
    """A button that only carries the CSRF token."""


def with_translations(form_class: type[FlaskForm], fields: Mapping[str, Any]) -> type[FlaskForm]:
    """`form_class` plus one field per other language for each translated field (``name_be``, ``name_uk``…).

    `fields` maps a field of `form_class` (the source-language text) to the WTForms field class its
    translations use; each translation field repeats the source field's length limit.
    """
    extra = {}
    for name, field_class in fields.items():
        source = getattr(form_class, name)
        label = source.args[0] if source.args else source.kwargs.get("label", name)
        limits = [validator for validator in source.kwargs.get("validators", ()) if isinstance(validator, Length)]
        for language in DATA_LANGUAGES:
            if language == SOURCE_LANGUAGE:
                continue
            extra[f"{name}_{language}"] = field_class(
                lazy_gettext("%(field)s (%(language)s)", field=label, language=LANGUAGE_ENDONYMS[language]),
                validators=[Optional(), *limits],
                render_kw={"lang": language},
            )
    return type(form_class.__name__, (form_class,), extra)


def translation_data(form: FlaskForm, field: str) -> dict[str, str]:
    """What the form says `field` is in every language, the source language included."""
    texts = {SOURCE_LANGUAGE: form[field].data or ""}
    for language in DATA_LANGUAGES:
        if f"{field}_{language}" in form:
            texts[language] = form[f"{field}_{language}"].data or ""
    return texts


def fill_translations(form: FlaskForm, record: Translatable, fields: Iterable[str]) -> None:
    """Put a record's stored translations into the form's language fields (for a GET)."""
    for field in fields:
        for language in DATA_LANGUAGES:
            if f"{field}_{language}" in form:
                form[f"{field}_{language}"].data = record.translation(field, language)
