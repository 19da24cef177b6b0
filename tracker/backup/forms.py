"""The admin's export form: the age public key the download is encrypted to."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from tracker.backup.encryption import parse_recipients
from tracker.backup.serializers import BackupError
from tracker.core.forms import Form


class ExportForm(Form):
    """One or more age public keys, one a line; the export is encrypted to each."""

    recipients = TextAreaField(
        _l("Your age public key"),
        validators=[InputRequired(_l("Paste the age public key to encrypt the export to.")), Length(max=5000)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "rows": 3},
    )

    def validate_recipients(self, field) -> None:
        """Every line must be an age public key."""
        try:
            parse_recipients(self.keys())
        except BackupError:
            raise ValidationError(_l("Paste public keys only, one a line; each starts with age1.")) from None

    def keys(self) -> list[str]:
        """The pasted keys, one a line."""
        return (self.recipients.data or "").splitlines()
