"""Forms for requests: the public request form and the editor's "handled" form."""

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from tracker.core.forms import Form
from tracker.core.validators import select_choices
from tracker.prisoners.models import Prisoner
from tracker.requests.models import KIND_LABELS, REQUESTER_LABELS, Requester, RequestKind

# Characters that reorder or hide text: in an editor's queue they could make a request read as
# something other than what was typed.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_characters(value: str, *, multiline: bool) -> bool:
    """Whether text holds control characters (line breaks and tabs are allowed in multi-line text)."""
    allowed = "\n\r\t" if multiline else ""
    return any(
        (unicodedata.category(character) == "Cc" and character not in allowed)
        or character in BIDI_CONTROLS
        or (not multiline and character in "\u2028\u2029")
        for character in value
    )


def plain_text(*, multiline: bool = False):
    """A validator refusing control characters (and, on one line, line breaks)."""

    def check(form, field) -> None:
        if has_control_characters(field.data or "", multiline=multiline):
            raise ValidationError(_l("Remove the invisible control characters from this text."))

    return check


class RequestForm(Form):
    """Ask for a correction, a withdrawal or a change of consent: only what editors need to act."""

    kind = RadioField(
        _l("What are you asking for?"),
        choices=select_choices(KIND_LABELS),
        validators=[InputRequired(_l("Choose what you are asking for."))],
    )
    # The public record the form was opened from; the view checks it, and drops any other value.
    record = HiddenField()
    # Required unless the form came from a record's page (validate_record_name).
    record_name = StringField(_l("Who is the record about?"), validators=[Length(max=200), plain_text()])
    requester = RadioField(
        _l("Who is asking?"),
        choices=select_choices(REQUESTER_LABELS),
        validators=[InputRequired(_l("Choose who is asking."))],
    )
    details = TextAreaField(
        _l("What should change?"),
        validators=[
            InputRequired(_l("Describe what should change.")),
            Length(max=5000),
            plain_text(multiline=True),
        ],
    )
    contact = StringField(
        _l("How can we reply? (optional)"),
        validators=[Optional(), Length(max=200), plain_text()],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )

    def __init__(self, *args, preselected: Prisoner | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.preselected = preselected
        self.record.data = preselected.slug if preselected is not None else ""

    def validate_record_name(self, field) -> None:
        """A name is needed unless the form came from a record's page."""
        if self.preselected is None and not (field.data or "").strip():
            raise ValidationError(_l("Enter the name of the person the request is about."))

    def validate_details(self, field) -> None:
        """Something besides spaces."""
        if not (field.data or "").strip():
            raise ValidationError(_l("Describe what should change."))

    def chosen_kind(self) -> RequestKind:
        """The validated kind of request."""
        return RequestKind(self.kind.data)

    def chosen_requester(self) -> Requester:
        """The validated relationship of the requester."""
        return Requester(self.requester.data)


class HandleForm(Form):
    """An editor marks a request handled, with an optional note of what was done."""

    note = TextAreaField(
        _l("What was done (optional)"), validators=[Optional(), Length(max=2000), plain_text(multiline=True)]
    )
