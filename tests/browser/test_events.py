"""Chromium: an anonymous activist submits an event, confirms by email, a moderator approves, a visitor finds it."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tracker.accounts.models import Role

pytestmark = pytest.mark.browser


def test_event_goes_from_anonymous_submission_to_the_public_list(
    app, live_server, smtp_server, browser, page, make_user, screenshot_dir, send_outbox, link_in
):
    app.config["SITE_URL"] = live_server
    year = date.today().year + 1
    page.goto(f"{live_server}/events/submit")
    page.fill("#title", "Candles for the prisoners of Shklov")
    page.fill("#description", "Bring a **candle**.")
    page.fill("#starts_at", f"{year}-05-21T18:00")
    page.fill("#ends_at", f"{year}-05-21T20:00")
    page.select_option("#timezone", "Europe/Warsaw")
    page.fill("#venue", "Secret courtyard")
    page.fill("#address", "Hidden street 5")
    page.fill("#city", "Warsaw")
    page.select_option("#country", "PL")
    page.check("#city_only")
    page.fill("#organizer_name", "Belarusians in Warsaw")
    page.fill("#private_contact", "activist@example.org")
    # Each read waits for the page a click leads to: read mid-navigation, a page is empty.
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Submit the event')")
    assert "/events/received" in page.url
    expect(page.locator("h1")).to_have_text("Received")

    assert send_outbox() == 1
    page.goto(live_server + link_in(smtp_server.messages[0], "/events/confirm/"))
    with page.expect_navigation():
        page.click("button:has-text('Confirm the event')")
    assert "/events/manage/" in page.url
    expect(page.locator("main")).to_contain_text("Waiting for a moderator")

    _user_id, email = make_user(Role.MODERATOR)
    moderator = browser.new_context()
    moderator_page = moderator.new_page()
    moderator_page.goto(f"{live_server}/login")
    moderator_page.fill("input[name=email]", email)
    moderator_page.fill("input[name=password]", PASSWORD)
    with moderator_page.expect_navigation():
        moderator_page.click("main button[type=submit]")
    moderator_page.goto(f"{live_server}/moderation/events")
    moderator_page.click("text=Candles for the prisoners of Shklov")
    # content() read while the click's navigation is under way is empty: wait for the review page.
    moderator_page.wait_for_url(f"{live_server}/moderation/events/*")
    expect(moderator_page.locator("main")).to_contain_text("activist@example.org")
    moderator_page.click("button:has-text('Approve')")
    expect(moderator_page.locator("body")).to_contain_text("Approved")
    moderator.close()

    visitor = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor_page = visitor.new_page()
    visitor_page.goto(f"{live_server}/events")
    item = visitor_page.locator(".event-item", has_text="Candles for the prisoners of Shklov")
    assert item.count() == 1
    assert "Warsaw" in item.inner_text()
    visitor_page.screenshot(path=str(screenshot_dir / "events-public-list.png"), full_page=True)
    with visitor_page.expect_navigation():
        item.locator("a").click()
    content = visitor_page.content()
    assert "Warsaw" in content
    assert "Hidden street" not in content and "Secret courtyard" not in content
    assert "activist@example.org" not in content
    visitor.close()
