"""Forms for deleting records and confirming history actions."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from tracker.core.forms import Form
from tracker.history.services import REASON_MAX_LENGTH


class DeleteForm(Form):
    """Soft-delete a record; the reason is kept with it."""

    reason = TextAreaField(
        _l("Why is this record being deleted?"),
        validators=[
            DataRequired(_l("Give a reason for deleting the record.")),
            Length(max=REASON_MAX_LENGTH, message=_l("Keep the reason under %(max)d characters.")),
        ],
    )
