"""Counts in sentences are written as the reader's language writes numbers, with the right plural."""

from types import SimpleNamespace

import pytest
from flask import render_template_string
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


def test_the_line_on_people_not_named_groups_its_figure(app):
    line = '{% from "counts/_macros.html" import not_named_line %}{{ not_named_line(current) }}'
    current = SimpleNamespace(not_named=3675, not_named_fewer_than=None)
    with app.test_request_context(), force_locale("en"):
        assert "including 3,675 people held now" in render_template_string(line, current=current)
    with app.test_request_context(), force_locale("be"):
        assert "3\N{NO-BREAK SPACE}675" in render_template_string(line, current=current)
