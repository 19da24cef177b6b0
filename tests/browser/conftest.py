"""One demo-loaded site per test module, with every page a visitor, editor, moderator or admin can open."""

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, free_port, start_instance, stop_instance
from tracker.accounts import services as account_services
from tracker.accounts.models import Role
from tracker.counts.models import CountSnapshot
from tracker.dates.models import CommemorativeDate
from tracker.demo.data import load_demo_data
from tracker.events import services as event_services
from tracker.events.mail import confirm_token, manage_token
from tracker.events.models import Event, EventStatus, OccurrenceListing
from tracker.extensions import db
from tracker.imports import storage
from tracker.mail.models import OutboxMessage
from tracker.prisoners.models import Prisoner
from tracker.reminders import services as reminder_services
from tracker.reminders.models import ReminderPage
from tracker.reminders.tokens import unsubscribe_token

IMPORT_CSV = "id,name_en,birth_date,region,detained_on\n,Sample Importee,1990-01-02,brest,2021-03-04\n,,not-a-date,,\n"


@dataclass
class DemoSite:
    """A live server over the demo data, and the addresses of every page it serves."""

    app: object
    url: str
    public_pages: dict[str, str] = field(default_factory=dict)
    signed_in_pages: dict[str, str] = field(default_factory=dict)
    admin_email: str = ""
    moderator_email: str = ""
    editor_email: str = ""
    pending_event_id: int = 0

    def new_context(self, browser, *, language: str = "en", signed_in_as: str | None = None, **options):
        """A browser context in `language`, signed in through the login form when asked."""
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        context.add_cookies([{"name": "lang", "value": language, "url": self.url}])
        if signed_in_as:
            sign_in(context, self.url, signed_in_as)
        return context


def sign_in(context, base_url: str, email: str) -> None:
    """Sign in through the real login form."""
    page = context.new_page()
    page.goto(f"{base_url}/login")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()
    page.close()


def _build(app) -> DemoSite:
    today = date.today()
    now = datetime.now(UTC)
    site = DemoSite(app=app, url="")
    load_demo_data(today)
    admin = account_services.create_user("admin@example.org", PASSWORD, Role.ADMIN)
    moderator = account_services.create_user("moderator@example.org", PASSWORD, Role.MODERATOR)
    editor = account_services.create_user("editor@example.org", PASSWORD, Role.EDITOR)
    db.session.flush()
    site.admin_email, site.moderator_email, site.editor_email = admin.email, moderator.email, editor.email

    approved = db.session.scalars(select(Event).where(Event.status == EventStatus.APPROVED).order_by(Event.id)).first()
    starts = now + timedelta(days=30)
    fields = event_services.EventFields(
        title="Letters evening",
        description="We write **letters** to the prisoners.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        timezone="Europe/Vilnius",
        venue="Community hall",
        address="Main street 1",
        city="Vilnius",
        country="LT",
        organizer_name="Friends of the prisoners",
        private_contact="organizer@example.org",
    )
    unconfirmed = event_services.submit_event(fields, submitter_id=None, locale="en", now=now)
    pending = event_services.submit_event(fields, submitter_id=editor.id, locale="en", now=now)
    pending.title = "Pending picket"
    solidarity = db.session.scalar(select(CommemorativeDate).where(CommemorativeDate.slug == "day-of-solidarity"))
    reminder_year = today.year + 1
    db.session.add(ReminderPage(date_id=solidarity.id, year=reminder_year, published_at=now))
    listing = OccurrenceListing(commemorative_date=solidarity, occurrence_on=approved.occurrence_on, opened_at=now)
    db.session.add(listing)
    reminder_services.subscribe(
        "reader@example.org", all_dates=True, date_ids=[], lead_days=[7, 1], language="en", now=now
    )
    db.session.flush()
    body = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().body_text
    subscription_confirm = next(
        urlsplit(link).path for link in re.findall(r"https?://\S+", body) if "/subscribe/confirm/" in link
    )
    subscription = db.session.scalars(select(reminder_services.Subscription)).one()
    unsubscribe = unsubscribe_token(subscription, now=now)
    event_confirm, event_manage = confirm_token(unconfirmed, now), manage_token(approved, now)
    prisoner = db.session.scalars(select(Prisoner).where(Prisoner.name_en == "Vitold Ashurok")).one()
    snapshot = db.session.scalars(select(CountSnapshot)).first()
    import_token = storage.save_upload(
        app.config["INSTANCE_DIR"] / "imports", IMPORT_CSV.encode(), user_id=admin.id, filename="list.csv"
    )
    db.session.commit()

    site.pending_event_id = pending.id
    year = approved.occurrence_on.year
    site.public_pages = {
        "home": "/",
        "prisoners": "/prisoners",
        "prisoners-search": "/prisoners?q=%D0%90%D1%88%D1%83%D1%80%D0%B0%D0%BA",
        "prisoners-filtered": "/prisoners?status=sentenced&region=brest",
        "prisoners-page-2": "/prisoners?page=2",
        "prisoner": f"/prisoners/{prisoner.slug}",
        "counts": "/counts",
        "dates": "/dates",
        "events": "/events",
        "events-filtered": "/events?country=PL&mode=in-person",
        "events-archive": "/events/archive",
        "event": f"/events/{approved.slug}",
        "events-on-day": f"/events/on/day-of-solidarity/{year}",
        "events-embed": "/events/embed",
        "events-widget-country": "/events/widget/country/PL",
        "events-widget-day": f"/events/widget/on/day-of-solidarity/{year}",
        "events-submit": "/events/submit",
        "events-received": "/events/received",
        "events-confirm": f"/events/confirm/{event_confirm}",
        "events-manage": f"/events/manage/{event_manage}",
        "events-manage-edit": f"/events/manage/{event_manage}/edit",
        "reminders": "/reminders",
        "reminder-page": f"/reminders/day-of-solidarity/{reminder_year}",
        "subscribe": "/subscribe",
        "subscribe-check-inbox": "/subscribe/check-your-inbox",
        "subscribe-confirm": subscription_confirm,
        "unsubscribe": f"/unsubscribe/{unsubscribe}",
        "login": "/login",
        "letters": "/letters",
        "letters-birthdays": "/letters/birthdays",
        "password-reset": "/password-reset",
        "not-found": "/no-such-page",
    }
    site.signed_in_pages = {
        "dashboard": "/manage",
        "account": "/account",
        "two-factor": "/account/two-factor",
        "my-events": "/events/mine",
        "records": "/prisoners/manage",
        "prisoner-new": "/prisoners/new",
        "prisoner-edit": f"/prisoners/{prisoner.id}/edit",
        "prisoner-history": f"/history/prisoners/{prisoner.id}",
        "prisoner-delete": f"/history/prisoners/{prisoner.id}/delete",
        "import-upload": "/prisoners/import",
        "import-review": f"/prisoners/import/{import_token}",
        "snapshots": "/counts/snapshots",
        "snapshot-new": "/counts/snapshots/new",
        "snapshot-edit": f"/counts/snapshots/{snapshot.id}/edit",
        "dates-manage": "/dates/manage",
        "date-new": "/dates/new",
        "date-edit": f"/dates/{solidarity.id}/edit",
        "moderation-queue": "/moderation/events",
        "moderation-review": f"/moderation/events/{pending.id}",
        "moderation-edit": f"/moderation/events/{pending.id}/edit",
        "users": "/accounts/users",
        "user-new": "/accounts/users/new",
        "user-edit": f"/accounts/users/{moderator.id}/edit",
        "outbox": "/admin/outbox",
        "deleted": "/history/deleted",
        "letters-by-person": "/letters/manage",
    }
    return site


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory, databases) -> Iterator[DemoSite]:
    """The demo data behind a live server, shared by every test in a module."""
    folder = tmp_path_factory.mktemp("demo-site")
    app = start_instance(databases, folder, databases.another_url(folder, "site"), WTF_CSRF_ENABLED=True)
    with app.app_context():
        site = _build(app)
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{port}"
    yield site
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    stop_instance(databases, app)
