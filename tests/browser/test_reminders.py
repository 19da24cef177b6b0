"""Subscribing in Chromium, confirming from the email the SMTP server received."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.mail.jobs import dispatch_outbox
from tracker.reminders.models import Subscription, SubscriptionStatus
from tracker.scheduler import run_job
from tracker.timeutil import utcnow

pytestmark = pytest.mark.browser


def test_subscribe_and_confirm_from_the_emailed_link(app, live_server, page, smtp_server, screenshot_dir, link_in):
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["SITE_URL"] = live_server
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server}/dates")
    page.get_by_role("link", name="Get email reminders").click()
    page.get_by_label("Email address").fill("browser@example.org")
    page.get_by_label("Language of the emails").select_option("en")
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    assert "browser@example.org" not in page.content()

    run_job(app, dispatch_outbox, utcnow())
    assert len(smtp_server.messages) == 1
    confirm_path = link_in(smtp_server.messages[0], "/subscribe/confirm/")
    confirm_url = next(word for word in smtp_server.messages[0].get_content().split() if confirm_path in word)
    assert urlsplit(confirm_url).netloc == urlsplit(live_server).netloc

    page.goto(confirm_url)
    page.get_by_role("heading", name="Confirm your subscription").wait_for()
    with app.app_context():
        assert db.session.scalars(select(Subscription)).one().status == SubscriptionStatus.PENDING
    page.get_by_role("button", name="Confirm my subscription").click()
    page.get_by_role("heading", name="Your subscription is confirmed").wait_for()
    page.screenshot(path=str(screenshot_dir / "reminders-confirmed.png"), full_page=True)
    with app.app_context():
        assert db.session.scalars(select(Subscription)).one().status == SubscriptionStatus.CONFIRMED
    assert [url for url in requested if not url.startswith(live_server)] == []
