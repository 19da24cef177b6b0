"""An organiser reports back after an event through the manage link, in Chromium with JavaScript off."""

import pytest
from sqlalchemy import select

from tests.browser.conftest import sign_in
from tests.reports import conftest as report_fixtures
from tracker.accounts.models import Role
from tracker.extensions import db
from tracker.reports import services
from tracker.reports.models import ActionReport
from tracker.timeutil import utcnow

pytestmark = pytest.mark.browser

# The reports tests' published, ended event with its manage link.
day_of_action = report_fixtures.day_of_action
make_past_event = report_fixtures.make_past_event


def _approve_every_report(app) -> None:
    with app.app_context():
        for report in db.session.scalars(select(ActionReport)):
            services.approve(report, utcnow(), faces_checked=False)
        db.session.commit()


@pytest.mark.parametrize("width", [320, 1280])
def test_report_back_after_an_event_without_javascript(
    app, live_server, browser, make_past_event, screenshot_dir, width
):
    app.config["WTF_CSRF_ENABLED"] = True
    event = make_past_event("Letter evening in Berlin")
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/events/manage/{event.token}")
    page.get_by_role("link", name="Report back").click()
    page.get_by_label("How many people took part").fill("-3")
    page.get_by_label("How many letters or cards were written").fill("eighty")
    page.get_by_label("A few words about the event").fill("We wrote cards for birthdays.")
    page.get_by_role("button", name="Send the report").click()
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("How many letters or cards were written").input_value() == "eighty"
    assert page.get_by_label("A few words about the event").input_value() == "We wrote cards for birthdays."
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=screenshot_dir / f"report-back-errors-{width}.png", full_page=True)

    page.get_by_label("How many people took part").fill("25")
    page.get_by_label("How many letters or cards were written").fill("80")
    page.get_by_role("button", name="Send the report").click()
    assert page.url.endswith(f"/events/manage/{event.token}")
    assert "Waiting for a moderator." in page.locator(".report-back").inner_text()
    page.screenshot(path=screenshot_dir / f"report-back-sent-{width}.png", full_page=True)

    _approve_every_report(app)
    page.goto(live_server + event.day_url)
    assert "1 event, 80 letters" in page.locator(".action-totals").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=screenshot_dir / f"report-back-day-{width}.png", full_page=True)
    page.goto(f"{live_server}/events/{event.slug}")
    assert "We wrote cards for birthdays." in page.locator(".event-report").inner_text()
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_a_moderator_shows_and_hides_a_report_without_javascript(
    app, live_server, browser, make_past_event, make_user, screenshot_dir, width
):
    event = make_past_event("Vigil in Vilnius")
    sent = app.test_client().post(event.report_url, data={"participants": "9", "letters": "31", "note": "Candles."})
    assert sent.status_code == 303
    app.config["WTF_CSRF_ENABLED"] = True
    _user_id, email = make_user(Role.MODERATOR)
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    sign_in(context, live_server, email)
    page = context.new_page()
    page.goto(f"{live_server}/moderation/reports")
    assert "Candles." in page.locator(".report-list").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=screenshot_dir / f"report-queue-{width}.png", full_page=True)
    page.get_by_role("button", name="Show and count").click()
    page.goto(live_server + event.day_url)
    assert "31 letters" in page.locator(".action-totals").inner_text()
    page.goto(f"{live_server}/moderation/reports")
    page.get_by_role("button", name="Hide").click()
    page.goto(live_server + event.day_url)
    assert "0 letters" in page.locator(".action-totals").inner_text()
    page.goto(f"{live_server}/events/{event.slug}")
    assert page.locator(".event-report").count() == 0
    context.close()
