"""Sign-in and account management forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp

from tracker.accounts.models import Role
from tracker.accounts.services import MIN_PASSWORD_LENGTH
from tracker.core.forms import TrackerForm
from tracker.core.validators import select_choices

PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD_LENGTH, max=1000, message=_l("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH)
)

ROLE_LABELS = {
    Role.ACTIVIST: _l("Activist"),
    Role.MODERATOR: _l("Moderator"),
    Role.EDITOR: _l("Editor"),
    Role.ADMIN: _l("Admin"),
}


class LoginForm(TrackerForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1000)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class UserCreateForm(TrackerForm):
    """An admin creates an account."""

    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(),
            Length(max=254),
            Email(_l("Enter a valid email address."), check_deliverability=False),
        ],
    )
    role = SelectField(_l("Role"), choices=select_choices(ROLE_LABELS), coerce=Role)
    password = PasswordField(
        _l("Initial password"),
        validators=[
            DataRequired(),
            PASSWORD_LENGTH,
        ],
    )


class UserEditForm(TrackerForm):
    """An admin changes a role or deactivates an account."""

    role = SelectField(_l("Role"), choices=select_choices(ROLE_LABELS), coerce=Role)
    active = BooleanField(_l("Account active"))


class PasswordChangeForm(TrackerForm):
    """Change one's own password."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=1000)])
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(),
            PASSWORD_LENGTH,
        ],
    )
    confirm = PasswordField(
        _l("New password again"), validators=[EqualTo("new_password", message=_l("The passwords do not match."))]
    )


class TwoFactorCodeForm(TrackerForm):
    """A six-digit code from an authenticator app."""

    code = StringField(
        _l("Six-digit code"),
        validators=[
            DataRequired(_l("Enter the code from your authenticator app.")),
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Enter the six digits your app shows.")),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class TwoFactorDisableForm(TrackerForm):
    """Turning two-factor off needs the password."""

    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class PasswordResetRequestForm(TrackerForm):
    """Ask for a link to choose a new password."""

    email = EmailField(
        _l("Email"),
        validators=[DataRequired(_l("Enter the email address of your account.")), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )


class PasswordResetForm(TrackerForm):
    """Choose a new password from an emailed link."""

    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), PASSWORD_LENGTH], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[EqualTo("new_password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
