"""On a phone the home page shows our count, the next date and three things to do without scrolling."""

from datetime import date

import pytest
from sqlalchemy import select

from tracker.demo.data import load_demo_data
from tracker.extensions import db
from tracker.prisoners.models import Prisoner

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo_data(date.today())
        db.session.commit()
        return db.session.scalars(select(Prisoner.slug).where(Prisoner.name_withheld.is_(False))).first()


def in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


@pytest.mark.parametrize("language", ["en", "be"])
def test_count_next_date_and_calls_to_action_fit_the_first_screen(browser, live_server, demo, language):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    context.add_cookies([{"name": "lang", "value": language, "url": live_server}])
    page = context.new_page()
    page.goto(live_server + "/")
    assert in_first_screen(page, page.get_by_test_id("computed-count"))
    assert in_first_screen(page, page.get_by_test_id("next-date"))
    calls = page.locator("a.cta")
    assert calls.count() == 3
    for index in range(3):
        assert in_first_screen(page, calls.nth(index)), calls.nth(index).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_home_and_a_prisoner_page_look_right(browser, live_server, demo, screenshot_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for name, path in (("home", "/"), ("prisoner", f"/prisoners/{demo}")):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=str(screenshot_dir / f"landing-{name}-{width}.png"), full_page=True)
    context.close()


def test_copy_link_copies_the_address(browser, live_server, demo):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server}/prisoners/{demo}")
    button = page.get_by_role("button", name="Copy link")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#share-link").input_value()
    assert page.locator("[data-copy-status]").inner_text() == "Link copied"
    context.close()


def test_without_javascript_the_link_is_a_field_to_copy(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/prisoners/{demo}")
    assert page.locator("#share-link").is_visible()
    assert page.locator("#share-link").input_value().endswith(f"/prisoners/{demo}")
    assert not page.get_by_role("button", name="Copy link").is_visible()
    context.close()


def test_the_share_card_images_are_served(page, live_server, demo, screenshot_dir):
    for name, path in (("home", "/cards/home.png"), ("prisoner", f"/prisoners/{demo}/card.png")):
        response = page.request.get(live_server + path)
        assert response.status == 200 and response.headers["content-type"] == "image/png"
        (screenshot_dir / f"share-card-{name}.png").write_bytes(response.body())
