"""The organiser's report form and the moderators' buttons."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileSize
from wtforms import BooleanField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, StopValidation
from wtforms.widgets import TextInput

from tracker.core.forms import TrackerForm

# More than anyone could count at one event: a typo or a forged number, never a real report.
MAX_PARTICIPANTS = 100_000
MAX_LETTERS = 100_000
PARTICIPANTS_MESSAGE = _l("Enter how many people took part, as a whole number (0 if you do not know).")
LETTERS_MESSAGE = _l("Enter how many letters or cards were written, as a whole number (0 if none).")
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,12}")
# A text box, not type=number: browsers empty a number box holding "12a", and what was typed must come back.
NUMBER_BOX = {
    "widget": TextInput(),
    "render_kw": {"inputmode": "numeric", "autocomplete": "off", "class": "input-short"},
}


class WholeNumberField(IntegerField):
    """A count typed in a text box: ASCII digits with an optional minus, else `message` (not WTForms' own)."""

    def __init__(self, label, *, message, **kwargs):
        super().__init__(label, **kwargs)
        self.not_a_number = message

    def process_formdata(self, valuelist):
        """Parse the first value; spaces around it are forgiven, anything else is refused."""
        if not valuelist or not valuelist[0].strip():
            return
        if not _WHOLE_NUMBER.fullmatch(valuelist[0].strip()):
            self.data = None
            raise ValueError(self.not_a_number)
        self.data = int(valuelist[0].strip())

    def pre_validate(self, form):
        """A value that is no number has its one message already; the range check would only repeat it."""
        if self.process_errors:
            raise StopValidation()


class ReportForm(TrackerForm):
    """How many took part and wrote, a note and a photo; the numbers typed come back with any error."""

    participants = WholeNumberField(
        _l("How many people took part"),
        message=PARTICIPANTS_MESSAGE,
        validators=[
            InputRequired(PARTICIPANTS_MESSAGE),
            NumberRange(
                min=0,
                max=MAX_PARTICIPANTS,
                message=_l("Enter a number of people from 0 to %(max)s.", max=f"{MAX_PARTICIPANTS:,}"),
            ),
        ],
        **NUMBER_BOX,
    )
    letters = WholeNumberField(
        _l("How many letters or cards were written"),
        message=LETTERS_MESSAGE,
        validators=[
            InputRequired(LETTERS_MESSAGE),
            NumberRange(
                min=0,
                max=MAX_LETTERS,
                message=_l("Enter a number of letters from 0 to %(max)s.", max=f"{MAX_LETTERS:,}"),
            ),
        ],
        **NUMBER_BOX,
    )
    note = TextAreaField(_l("A few words about the event (optional)"), validators=[Length(max=2000)])
    photo = FileField(
        _l("A photo (optional; JPEG, PNG, WebP or GIF; no recognisable faces)"),
        validators=[FileSize(max_size=8 * 1024 * 1024)],
    )
    remove_photo = BooleanField(_l("Remove the current photo"))


class DecideForm(TrackerForm):
    """Approve or hide a report; with a photo, the moderator says they checked it for faces."""

    faces_checked = BooleanField(_l("I looked at the photo: it shows no face anyone could recognise"))
