"""Write a letter and report it, in Chromium with JavaScript off, on a phone-sized screen."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def phone_without_js(demo_site, browser):
    context = demo_site.new_context(browser, java_script_enabled=False, viewport={"width": 320, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def test_find_someone_to_write_to_and_report_the_letter(demo_site, phone_without_js):
    page = phone_without_js
    page.goto(demo_site.url + "/letters")
    page.get_by_label("Region").select_option("brest")
    page.get_by_role("button", name="Suggest someone").click()
    assert "region=brest" in page.url
    assert page.locator("address.postal-address").is_visible()
    assert "BELARUS" in page.locator("address.postal-address").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    first = page.locator("#suggestion-heading").inner_text()

    page.get_by_role("link", name="Suggest someone else").click()
    assert page.locator("#suggestion-heading").inner_text() != first

    button_form = {
        name: page.locator(f"main input[name={name}]").get_attribute("value") for name in ("csrf_token", "suggestion")
    }
    page.get_by_role("button", name="I sent a letter").click()
    assert page.get_by_role("heading", name="Thank you for writing").is_visible()
    assert "1 letter reported this month" in page.content()
    # The same button sent again (a double click, a resent form) counts nothing more.
    again = page.context.request.post(demo_site.url + "/letters/sent", form=button_form)
    assert again.status == 409 and "already counted" in again.text()
    assert "1 letter reported this month" in again.text()


def test_a_prisoner_page_leads_to_their_letter_page(demo_site, phone_without_js):
    page = phone_without_js
    page.goto(demo_site.url + "/letters")
    page.get_by_role("link", name="Who ").first.click()
    name = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name=f"Write to {name}").click()
    assert page.locator("#suggestion-heading").inner_text().endswith(name)
