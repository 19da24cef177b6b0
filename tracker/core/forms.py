"""Form pieces every feature may use: the base form with plain-language messages, ConfirmForm."""

from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import Form as PlainForm

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


class Form(FlaskForm):
    """The base of every form: messages name their field, so the error summary can list them alone."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return PlainMessages()

    def validate(self, extra_validators=None) -> bool:
        """Validate, then put each field's label into the messages that name it."""
        valid = super().validate(extra_validators)
        _label_messages(self)
        return valid


class SubForm(PlainForm):
    """A form with the same plain messages and no CSRF token: rows inside a form, query-string filters."""

    class Meta(PlainForm.Meta):
        def get_translations(self, form):
            return PlainMessages()

    def validate(self, extra_validators=None) -> bool:
        """Validate, then put each field's label into the messages that name it."""
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


class ConfirmForm(Form):
    """A button that only carries the CSRF token."""
