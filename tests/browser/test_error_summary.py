"""In Chromium: the error summary takes focus, its links reach their fields, and it reads at 320 and 1280 px."""

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (320, 1280)


def _submit_with_mistakes(page, base_url: str) -> None:
    page.goto(base_url + "/events/submit")
    page.locator("#title").fill("Vigil in the rain")
    page.locator("#starts_at").fill("2027-05-21T18:00")
    page.locator("#ends_at").fill("2027-05-21T17:00")
    page.locator("main form[enctype] button[type=submit]:not([formnovalidate])").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_summary_takes_focus_and_links_to_each_field(demo_site, browser, screenshot_dir, width):
    context = demo_site.new_context(browser, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(demo_site.url + "/events/submit")
        page.screenshot(path=str(screenshot_dir / f"forms-event-form-{width}.png"), full_page=True)
        _submit_with_mistakes(page, demo_site.url)
        assert page.evaluate("document.activeElement.id") == "error-summary"
        summary = page.locator("#error-summary")
        assert summary.is_visible()
        assert summary.bounding_box()["y"] < page.locator("main h1").bounding_box()["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(screenshot_dir / f"forms-error-summary-{width}.png"))
        summary.get_by_role("link", name="The end must be after the start.").click()
        assert page.evaluate("document.activeElement.id") == "ends_at"
        assert page.locator("#title").input_value() == "Vigil in the rain"  # what was typed is kept
    finally:
        context.close()


def test_without_javascript_the_summary_is_the_first_thing_in_main(demo_site, browser):
    context = demo_site.new_context(browser, java_script_enabled=False)
    page = context.new_page()
    try:
        _submit_with_mistakes(page, demo_site.url)
        first = page.locator("main > *").first
        assert first.get_attribute("id") == "error-summary"
        assert first.bounding_box()["y"] < 900
        page.locator("#error-summary a[href='#ends_at']").click()
        assert page.evaluate("document.activeElement.id") == "ends_at"
    finally:
        context.close()


def test_the_time_zone_select_groups_zones_by_region(demo_site, browser):
    context = demo_site.new_context(browser)
    page = context.new_page()
    try:
        page.goto(demo_site.url + "/events/submit")
        groups = page.locator("#timezone optgroup").evaluate_all("groups => groups.map(g => g.label)")
        assert groups[:2] == ["Europe", "America"]
        page.select_option("#timezone", "Europe/Minsk")
        assert page.locator("#timezone").input_value() == "Europe/Minsk"
    finally:
        context.close()
