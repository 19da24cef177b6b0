"""Forms of the CSV import pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField

from tracker.core.forms import Form
from tracker.imports.services import MAX_BYTES


class UploadForm(Form):
    """Choose a CSV file of prisoners."""

    csv_file = FileField(
        _l("CSV file (UTF-8)"),
        validators=[FileRequired(_l("Choose a CSV file."))],
        render_kw={"accept": ".csv,text/csv"},
    )

    max_bytes = MAX_BYTES


class ApplyForm(Form):
    """Confirm the dry run; the fingerprint ties the confirmation to the report the editor read."""

    fingerprint = HiddenField()
    create_duplicates = BooleanField(_l("The rows marked as likely duplicates are different people: create them"))
