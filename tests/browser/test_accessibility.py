"""axe-core on every public page and every form, in every language: no serious or critical violation."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from config import Config

# What the browser checks here is the HTML and CSS, the same over either engine: checked once, in the
# SQLite pass; the flows that write records run in both.
pytestmark = [pytest.mark.browser, pytest.mark.sqlite(reason="presentation only: same HTML and CSS on either engine")]

AXE = Path(__file__).resolve().parent.parent / "assets" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
# Forms posted empty, so their error messages are checked too: (page name, form selector).
PUBLIC_FORMS_WITH_ERRORS = [
    ("events-submit", "main form[enctype]"),
    ("subscribe", "main form[method=post]"),
    ("login", "main form[method=post]"),
]
SIGNED_IN_FORMS_WITH_ERRORS = [
    ("prisoner-new", "main form[method=post]"),
    ("snapshot-new", "main form[method=post]"),
    ("date-new", "main form[method=post]"),
    ("user-new", "main form[method=post]"),
    ("import-upload", "main form[method=post]"),
    ("moderation-edit", "main form[enctype]"),
    ("prisoner-delete", "main form[method=post]"),
]


@pytest.fixture(scope="module", autouse=True)
def axe_is_vendored():
    """The axe-core build the Makefile vendors; a missing file is a failure, never a skip."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make tests/assets/axe.min.js` (needs npm).")


def axe_context(demo_site, browser, language: str, signed_in_as: str | None = None):
    """A context in `language` that loads axe into every page before the page's own scripts."""
    context = demo_site.new_context(browser, language=language, signed_in_as=signed_in_as)
    context.add_init_script(path=str(AXE))
    return context


def blocking_violations(page) -> list[dict]:
    """Serious and critical axe violations on the current page, condensed for a readable failure."""
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def audit(page, base_url: str, pages: dict[str, str], language: str, expect_ok: bool = True) -> dict[str, list]:
    """Open each page and collect its blocking violations by page name."""
    found = {}
    for name, path in pages.items():
        response = page.goto(base_url + path)
        if expect_ok:
            expected = 404 if name == "not-found" else 200
            assert response.status == expected, f"{name} {path}: HTTP {response.status}"
            assert urlsplit(page.url).path == path.split("?")[0], f"{name} was redirected to {page.url}"
        assert page.evaluate("document.documentElement.lang") == language, name
        if violations := blocking_violations(page):
            found[name] = violations
    return found


CLEAR_AND_SUBMIT = """form => {
    for (const input of form.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), textarea")) {
        input.value = "";
    }
    form.noValidate = true;
    form.requestSubmit();
}"""


def submit_empty(page, base_url: str, path: str, form_selector: str) -> None:
    """Post a form with its fields emptied, past the browser's own checks, so the server's errors show."""
    page.goto(base_url + path)
    with page.expect_navigation():
        page.locator(form_selector).first.evaluate(CLEAR_AND_SUBMIT)
    assert page.locator("main .error, main .error-summary").count() > 0, f"{path} showed no error"


@pytest.mark.parametrize("language", Config.LANGUAGES)
def test_public_pages_have_no_serious_axe_violations(demo_site, browser, language):
    context = axe_context(demo_site, browser, language)
    page = context.new_page()
    found = audit(page, demo_site.url, demo_site.public_pages, language)
    for name, selector in PUBLIC_FORMS_WITH_ERRORS:
        submit_empty(page, demo_site.url, demo_site.public_pages[name], selector)
        if violations := blocking_violations(page):
            found[f"{name} with errors"] = violations
    context.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("language", Config.LANGUAGES)
def test_signed_in_pages_and_forms_have_no_serious_axe_violations(demo_site, browser, language):
    context = axe_context(demo_site, browser, language, signed_in_as=demo_site.admin_email)
    page = context.new_page()
    found = audit(page, demo_site.url, demo_site.signed_in_pages, language)
    for name, selector in SIGNED_IN_FORMS_WITH_ERRORS:
        submit_empty(page, demo_site.url, demo_site.signed_in_pages[name], selector)
        if violations := blocking_violations(page):
            found[f"{name} with errors"] = violations
    context.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_axe_finds_a_violation_the_site_must_not_have(demo_site, browser):
    """The check itself works: an unlabelled field injected into a page is reported."""
    context = axe_context(demo_site, browser, "en")
    page = context.new_page()
    page.goto(demo_site.url + "/subscribe")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    rules = {violation["rule"] for violation in blocking_violations(page)}
    context.close()
    assert "label" in rules
