"""Fixtures for count tests: read the home page's computed count, count how often figures are built."""

import pytest

from tracker.counts import services


@pytest.fixture
def computed_count():
    """computed_count(client) -> the computed count on the home page, as shown."""

    def read(client) -> str:
        html = client.get("/").get_data(as_text=True)
        return html.split('data-testid="computed-count">', 1)[1].split("<", 1)[0]

    return read


@pytest.fixture
def count_builds(monkeypatch):
    """count_builds() -> a list that gains an entry each time the figures are built from the records."""

    def start() -> list:
        builds = []
        original = services.load_facts

        def counting(*args, **kwargs):
            builds.append(args)
            return original(*args, **kwargs)

        monkeypatch.setattr(services, "load_facts", counting)
        return builds

    return start
