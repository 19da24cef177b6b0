"""Rate limits on public forms that count accepted submissions, not mistakes.

Flask-Limiter's decorator counts every POST, so a visitor who mistyped a date twice was refused
the third, correct try, and got a bare 429 page that threw away what they typed. A form view
asks `exhausted()` before it accepts a submission and calls `count()` when it has accepted one;
a refused request gets the form back, filled in, with a message. The counts live in the
limiter's own storage, so they are shared by every worker that shares it.
"""

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse_many

from tracker.extensions import limiter


class SubmissionLimit:
    """The limit named by a config key (such as "5 per hour"), counted per client address."""

    def __init__(self, config_key: str, scope: str) -> None:
        self.config_key = config_key
        self.scope = scope

    def _items(self):
        return parse_many(current_app.config[self.config_key])

    def exhausted(self) -> bool:
        """Whether this client may not send another accepted submission now."""
        if not limiter.enabled:
            return False
        key = get_remote_address()
        return any(not limiter.limiter.test(item, self.scope, key) for item in self._items())

    def count(self) -> None:
        """Count one accepted submission."""
        if limiter.enabled:
            key = get_remote_address()
            for item in self._items():
                limiter.limiter.hit(item, self.scope, key)
