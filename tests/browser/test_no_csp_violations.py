"""Chromium reports no Content-Security-Policy violation on any page, the events widget included."""

import pytest

# What the browser checks here is the HTML and CSS, the same over either engine: checked once, in the
# SQLite pass; the flows that write records run in both.
pytestmark = [pytest.mark.browser, pytest.mark.sqlite(reason="presentation only: same HTML and CSS on either engine")]

# Runs before any script of the page: every violation the browser reports is kept for the test.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _violations_on(context, base_url: str, paths: dict[str, str]) -> dict[str, list[str]]:
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    found = {}
    for name, path in paths.items():
        console.clear()
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(50)
        reported = page.evaluate("window.__violations")
        csp_console = [text for text in console if "Content Security Policy" in text]
        if reported or csp_console:
            found[name] = [*reported, *csp_console]
    return found


def test_no_public_page_breaks_the_csp(demo_site, browser):
    context = demo_site.new_context(browser)
    try:
        assert _violations_on(context, demo_site.url, demo_site.public_pages) == {}
    finally:
        context.close()


def test_no_signed_in_page_breaks_the_csp(demo_site, browser):
    context = demo_site.new_context(browser, signed_in_as=demo_site.admin_email)
    try:
        assert _violations_on(context, demo_site.url, demo_site.signed_in_pages) == {}
    finally:
        context.close()


def test_the_widget_is_styled_by_a_served_stylesheet(demo_site, browser):
    context = demo_site.new_context(browser)
    page = context.new_page()
    try:
        page.goto(demo_site.url + demo_site.public_pages["events-widget-country"])
        assert page.locator("style").count() == 0
        assert page.locator("link[rel=stylesheet][href$='/static/css/widget.css']").count() == 1
        # The served stylesheet applies: the list has no bullets and the body its margin.
        assert page.evaluate("getComputedStyle(document.querySelector('body')).margin") == "0px"
        assert page.evaluate("getComputedStyle(document.querySelector('ul')).listStyleType") == "none"
    finally:
        context.close()
