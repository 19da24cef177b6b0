"""The day-of-action page on a phone with JavaScript off: readable, and every action one tap away."""

import pytest

pytestmark = pytest.mark.browser


def test_the_day_page_at_320_px_without_javascript(demo_site, browser):
    context = demo_site.new_context(browser, java_script_enabled=False, viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(demo_site.url + demo_site.public_pages["events-on-day"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator(".day-countdown").is_visible()
    assert "people are held as political prisoners today" in page.locator(".day-count").inner_text()
    assert " in " in page.locator(".day-totals").inner_text()
    page.locator(".day-actions").get_by_role("link", name="Write a letter").click()
    assert page.url.endswith("/letters")
    assert page.locator("address.postal-address").is_visible()
    context.close()
