"""Counts in sentences are written as the reader's language writes numbers, with the right plural."""

import pytest
from flask_babel import force_locale

from tracker.core.i18n import counted


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "2,126 events"), ("be", "2\N{NO-BREAK SPACE}126 акцый"), ("ru", "2\N{NO-BREAK SPACE}126 мероприятий")],
)
def test_a_large_count_is_grouped_and_takes_its_plural(app, language, expected):
    with app.test_request_context(), force_locale(language):
        assert counted("%(num)s event", "%(num)s events", 2126) == expected


def test_a_count_of_one_is_singular(app):
    with app.test_request_context(), force_locale("en"):
        assert counted("%(num)s country", "%(num)s countries", 1) == "1 country"
