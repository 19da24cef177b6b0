"""The core flows with JavaScript turned off: browse, search, filter, counts and chart, subscribe, submit, moderate."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from tracker.events.models import Event, EventStatus
from tracker.extensions import db
from tracker.mail.models import OutboxMessage

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js(demo_site, browser):
    """A page in a context with JavaScript disabled."""
    context = demo_site.new_context(browser, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_scripts_really_are_off(demo_site, no_js):
    no_js.goto(demo_site.url + "/")
    no_js.set_content("<p id=probe>off</p><script>document.getElementById('probe').textContent = 'on'</script>")
    assert no_js.locator("#probe").inner_text() == "off"


def test_browse_search_and_filter_the_prisoner_list(demo_site, no_js):
    page = no_js
    page.goto(demo_site.url + "/")
    page.locator("nav").get_by_role("link", name="Prisoners").click()
    assert page.get_by_role("heading", name="Political prisoners").is_visible()
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
    assert "page=2" in page.url

    page.get_by_label("Name").fill("Ашурак")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Vitold Ashurok").click()
    assert "Death in custody" in page.content()

    page.goto(demo_site.url + "/prisoners")
    page.get_by_label("Status").select_option("sentenced")
    page.get_by_label("Region").select_option("brest")
    page.get_by_role("button", name="Search").click()
    assert "status=sentenced" in page.url and "region=brest" in page.url
    statuses = page.locator(".prisoner-list .status").all_inner_texts()
    assert statuses and set(statuses) == {"Sentenced"}


def test_read_the_counts_and_the_chart(demo_site, no_js):
    page = no_js
    page.goto(demo_site.url + "/counts")
    held = int(page.get_by_test_id("computed-count").inner_text().replace(",", ""))
    assert held > 0
    chart = page.locator("svg.count-chart")
    assert chart.is_visible() and chart.bounding_box()["width"] > 200
    assert page.locator("table.changes tbody tr").count() > 1
    assert page.locator("table.breakdown").count() == 5


def test_subscribe_to_reminders(demo_site, no_js):
    page = no_js
    page.goto(demo_site.url + "/subscribe")
    page.get_by_label("Email address").fill("no-js@example.org")
    page.get_by_label("Language of the emails").select_option("ru")
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()


def test_submit_confirm_and_approve_an_event(demo_site, browser, no_js):
    page = no_js
    year = date.today().year + 1
    page.goto(demo_site.url + "/events/submit")
    page.fill("#title", "No-script vigil")
    page.fill("#description", "Works without **JavaScript**.")
    page.fill("#starts_at", f"{year}-05-21T18:00")
    page.fill("#ends_at", f"{year}-05-21T19:00")
    page.select_option("#timezone", "Europe/Vilnius")
    page.fill("#city", "Vilnius")
    page.select_option("#country", "LT")
    page.fill("#organizer_name", "Offline friends")
    page.fill("#private_contact", "no-js-organizer@example.org")
    page.get_by_role("button", name="Submit the event").click()
    assert "/events/received" in page.url

    with demo_site.app.app_context():
        body = (
            db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == "no-js-organizer@example.org"))
            .one()
            .body_text
        )
    confirm_path = re.search(r"https?://[^/\s]+(/events/confirm/\S+)", body).group(1)
    page.goto(demo_site.url + confirm_path)
    page.get_by_role("button", name="Confirm the event").click()
    assert "Waiting for a moderator" in page.content()

    moderator = demo_site.new_context(browser, java_script_enabled=False, signed_in_as=demo_site.moderator_email)
    moderation = moderator.new_page()
    moderation.goto(demo_site.url + "/moderation/events")
    moderation.get_by_role("link", name="No-script vigil").click()
    moderation.get_by_role("button", name="Approve").click()
    assert "Approved" in moderation.content()
    moderator.close()

    page.goto(demo_site.url + "/events")
    assert page.get_by_role("link", name="No-script vigil").is_visible()
    with demo_site.app.app_context():
        event = db.session.scalars(select(Event).where(Event.title == "No-script vigil")).one()
        assert event.status == EventStatus.APPROVED
