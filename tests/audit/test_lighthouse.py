"""Lighthouse's mobile preset scores 100 for accessibility, best practices and SEO on the main public pages.

Performance is not gated here (its score moves with the load of a shared machine); `make audit` reports it.
"""

import pytest

from tests.audit.lighthouse import (
    GATED_CATEGORIES,
    HOME_LANGUAGES,
    audit_pages,
    discover_paths,
    failures,
    lighthouse_missing,
    run_lighthouse,
)
from tests.audit.server import demo_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite(reason="audits a gunicorn of its own over SQLite demo data, the same in either pass"),
]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """gunicorn over a fresh database with the demo data, as `make audit` serves it."""
    if missing := lighthouse_missing():
        pytest.fail(missing)
    with demo_server(tmp_path_factory.mktemp("audit-site")) as url:
        yield url


def test_audit_covers_the_main_pages_in_english_and_belarusian_and_home_in_every_language(site_url):
    paths = discover_paths(site_url)
    assert set(paths) == {"home", "prisoners", "prisoner", "counts", "dates", "events", "event", "subscribe", "day"}
    assert paths["day"].startswith("/events/on/")
    pages = audit_pages(paths)
    assert {(page.name, page.language) for page in pages} >= {(name, lang) for name in paths for lang in ("en", "be")}
    assert {page.language for page in pages if page.name == "home"} == set(HOME_LANGUAGES)


def test_main_public_pages_score_100_for_accessibility_best_practices_and_seo(site_url):
    results = run_lighthouse(site_url, audit_pages(discover_paths(site_url)), GATED_CATEGORIES)
    problems = failures(results)
    assert not problems, "Lighthouse audits that fail (reports in test-output/lighthouse):\n" + "\n".join(problems)
