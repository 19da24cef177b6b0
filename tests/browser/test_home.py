"""The home page in real Chromium: count and chart visible, no third-party requests."""

from datetime import date
from urllib.parse import urlsplit

import pytest

from tracker.demo.data import load_demo_data
from tracker.extensions import db
from tracker.prisoners.models import EventKind

pytestmark = pytest.mark.browser


def test_home_shows_count_and_chart(app, live_server, page, screenshot_dir):
    with app.app_context():
        load_demo_data(date(2026, 11, 25))
        db.session.commit()
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlsplit(request.url).hostname))
    page.goto(live_server + "/")

    count = page.get_by_test_id("computed-count")
    assert count.is_visible()
    assert int(count.inner_text().replace(",", "")) > 0
    assert "1,500" in page.get_by_test_id("reported-count").inner_text()
    chart = page.locator("svg.count-chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 200 and box["height"] > 50
    assert page.locator("svg.count-chart path.line").count() == 1
    page.screenshot(path=str(screenshot_dir / "home.png"), full_page=True)
    assert requested_hosts == {"127.0.0.1"}


def test_search_works_with_javascript_disabled(app, browser, live_server, screenshot_dir):
    with app.app_context():
        load_demo_data(date(2026, 11, 25))
        db.session.commit()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/prisoners")
    page.get_by_label("Name").fill("Ашурак")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("link", name="Vitold Ashurok").is_visible()
    page.get_by_role("link", name="Vitold Ashurok").click()
    assert "Death in custody" in page.content()
    page.screenshot(path=str(screenshot_dir / "prisoner-page.png"), full_page=True)
    context.close()


def test_printing_a_prisoner_page_prints_only_the_envelope_address(app, make_prisoner, live_server, page):
    prisoner_id = make_prisoner(
        "Ihar Losik", name_ru="Игорь Лосик", postal_address="ИК-1, ул. Заводская\n211440, г. Новополоцк",
        biography="Blogger.", timeline=[(EventKind.DETENTION, date(2020, 6, 25))],
    )  # fmt: skip
    page.goto(f"{live_server}/prisoners/{prisoner_id}")
    page.emulate_media(media="print")
    address = page.locator("address.postal-address")
    assert address.is_visible()
    lines = [line.strip() for line in address.inner_text().splitlines() if line.strip()]
    assert lines == ["Игорь Лосик", "ИК-1, ул. Заводская", "211440, г. Новополоцк", "Беларусь / BELARUS"]
    assert not page.get_by_text("Blogger.").is_visible()
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator("#timeline-heading").is_visible()
