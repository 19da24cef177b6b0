"""Form pieces every feature may use."""

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token."""
