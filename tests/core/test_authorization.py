"""Every route × every role against the expected-access table; a new route needs an entry here."""

import pytest

from tracker.accounts.models import Role

PUBLIC, SIGNED_IN = "public", "signed-in"
ACTIVIST, MODERATOR, EDITOR, ADMIN = Role.ACTIVIST, Role.MODERATOR, Role.EDITOR, Role.ADMIN

EXPECTED_ACCESS = {
    "static": PUBLIC,
    "core.healthz": PUBLIC,
    "core.livez": PUBLIC,
    "core.set_language": PUBLIC,
    "core.manifest": PUBLIC,
    "core.favicon": PUBLIC,
    "counts.home": PUBLIC,
    "counts.history": PUBLIC,
    "counts.history_csv": PUBLIC,
    "counts.history_json": PUBLIC,
    "counts.snapshots": EDITOR,
    "counts.create_snapshot": EDITOR,
    "counts.edit_snapshot": EDITOR,
    "prisoners.index": PUBLIC,
    "prisoners.show": PUBLIC,
    "prisoners.photo": PUBLIC,
    "prisoners.manage": EDITOR,
    "prisoners.create": EDITOR,
    "prisoners.edit": EDITOR,
    "prisoners.add_entry": EDITOR,
    "prisoners.publish_entry": EDITOR,
    "prisoners.delete_entry": EDITOR,
    "prisoners.edit_entry_note": EDITOR,
    "prisoners.places": EDITOR,
    "prisoners.edit_place": EDITOR,
    "prisoners.articles": EDITOR,
    "prisoners.create_article": EDITOR,
    "prisoners.edit_article": EDITOR,
    "dates.calendar": PUBLIC,
    "dates.feed": PUBLIC,
    "dates.kind_feed": PUBLIC,
    "dates.manage": EDITOR,
    "dates.create": EDITOR,
    "dates.edit": EDITOR,
    "reminders.index": PUBLIC,
    "reminders.page": PUBLIC,
    "reminders.subscribe": PUBLIC,
    "reminders.check_inbox": PUBLIC,
    "reminders.confirm": PUBLIC,  # authorized by its signed token
    "reminders.unsubscribe": PUBLIC,  # authorized by its signed token
    "events.index": PUBLIC,
    "events.index_feed": PUBLIC,
    "events.archive": PUBLIC,
    "events.archive_feed": PUBLIC,
    "events.occurrence": PUBLIC,
    "events.occurrence_feed": PUBLIC,
    "events.occurrence_map": PUBLIC,
    "events.show": PUBLIC,
    "events.event_ics": PUBLIC,
    "events.image": PUBLIC,
    "sharing.home_card": PUBLIC,
    "sharing.prisoner_card": PUBLIC,
    "sharing.day_card": PUBLIC,
    "events.embed": PUBLIC,
    "events.widget_country": PUBLIC,
    "events.widget_occurrence": PUBLIC,
    "events.submit": PUBLIC,
    "events.received": PUBLIC,
    "events.confirm": PUBLIC,  # signed token
    "events.manage": PUBLIC,  # signed token
    "events.organizer_edit": PUBLIC,  # signed token
    "events.organizer_cancel": PUBLIC,  # signed token
    "events.mine": SIGNED_IN,
    "moderation.queue": MODERATOR,
    "moderation.blur_image": MODERATOR,
    "moderation.image_checked": MODERATOR,
    "moderation.review": MODERATOR,
    "moderation.edit": MODERATOR,
    "moderation.approve": MODERATOR,
    "moderation.reject": MODERATOR,
    "moderation.moderation_image": MODERATOR,
    "accounts.login": PUBLIC,
    "accounts.login_code": PUBLIC,
    "accounts.password_reset_request": PUBLIC,
    "accounts.password_reset_sent": PUBLIC,
    "accounts.password_reset": PUBLIC,  # authorized by its emailed token
    "accounts.logout": SIGNED_IN,
    "accounts.account": SIGNED_IN,
    "accounts.two_factor": SIGNED_IN,
    "accounts.users": ADMIN,
    "accounts.create_user": ADMIN,
    "accounts.edit_user": ADMIN,
    "history.dashboard": EDITOR,
    "history.show": EDITOR,
    "history.delete": EDITOR,
    "history.revert": EDITOR,
    "history.deleted": ADMIN,
    "history.restore": ADMIN,
    "api.index": PUBLIC,
    "api.openapi": PUBLIC,
    "api.counts": PUBLIC,
    "api.snapshots": PUBLIC,
    "api.prisoner_list": PUBLIC,
    "api.prisoner_detail": PUBLIC,
    "api.dates": PUBLIC,
    "api.upcoming": PUBLIC,
    "api.export_csv": PUBLIC,
    "api.export_json": PUBLIC,
    "api.event_list": PUBLIC,
    "api.event_detail": PUBLIC,
    "imports.upload": EDITOR,
    "imports.review": EDITOR,
    "imports.apply": EDITOR,
    "imports.discard": EDITOR,
    "backup.export": ADMIN,
    "mail.outbox": ADMIN,
    "mail.retry": ADMIN,
    "requests.new": PUBLIC,
    "requests.sent": PUBLIC,
    "requests.queue": EDITOR,
    "requests.review": EDITOR,
    "requests.handle": EDITOR,
    "consent.record": EDITOR,
    "consent.withdraw": EDITOR,
    "consent.queue": EDITOR,
    "consent.approve": EDITOR,
    "consent.refuse": EDITOR,
    "audit.log": ADMIN,
    "guidance.index": EDITOR,
    "guidance.create": EDITOR,
    "guidance.edit": EDITOR,
    "letters.write": PUBLIC,
    "letters.write_to": PUBLIC,
    "letters.sent": PUBLIC,
    "letters.manage": EDITOR,
    "letters.birthdays_now": PUBLIC,
    "letters.birthdays_month": PUBLIC,
    "letters.birthdays_month_feed": PUBLIC,
    "letters.birthdays_feed": PUBLIC,
    "kits.event_kit": PUBLIC,
    "kits.day_kit": PUBLIC,
    "api.day_totals": PUBLIC,
    "api.day_totals_csv": PUBLIC,
    "reports.report": PUBLIC,  # signed token
    "reports.public_photo": PUBLIC,
    "reports.queue": MODERATOR,
    "reports.approve": MODERATOR,
    "reports.hide": MODERATOR,
    "reports.blur": MODERATOR,
    "reports.moderation_photo": MODERATOR,
}

SAMPLE_VALUES = {
    "filename": "css/site.css", "slug": "day-of-solidarity", "year": 2027, "code": "PL", "kind": "commemorative",
    "fmt": "ics", "token": "not-a-valid-token", "entity_type": "prisoners",
}  # fmt: skip
ROLES = [None, ACTIVIST, MODERATOR, EDITOR, ADMIN]


def test_every_route_has_an_expected_access_entry(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - EXPECTED_ACCESS.keys() == set(), "new routes need an entry in EXPECTED_ACCESS"
    assert EXPECTED_ACCESS.keys() - endpoints == set(), "EXPECTED_ACCESS lists routes that no longer exist"


def _requests(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        values = {name: SAMPLE_VALUES.get(name, 1) for name in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def _allowed(expected, role) -> bool:
    if expected == PUBLIC:
        return True
    if role is None:
        return False
    return expected == SIGNED_IN or role.rank >= expected.rank


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value if role else "anonymous")
def test_route_access_matches_the_table(app, make_user, role):
    client = app.test_client()
    if role is not None:
        _user_id, email = make_user(role)
        assert client.post("/login", data={"email": email, "password": "a-long-test-password"}).status_code == 303
    problems = []
    for endpoint, method, url in _requests(app):
        if endpoint == "accounts.logout":
            continue  # signing out would end this client's session mid-run; covered in test_accounts
        with client.open(url, method=method) as response:
            status = response.status_code
            location = response.headers.get("Location", "")
        # Flask-Login sends anonymous visitors to /login?next=…
        denied = status == 403 or (status == 302 and "/login?next=" in location)
        if status >= 500:
            problems.append(f"{method} {url}: {status}")
        elif _allowed(EXPECTED_ACCESS[endpoint], role) == denied:
            problems.append(f"{method} {url} as {role or 'anonymous'}: {status}")
        if role is None and not _allowed(EXPECTED_ACCESS[endpoint], role):
            # Anonymous visitors are sent to sign in, never shown a 403 or the page.
            assert status == 302, f"{method} {url}: {status}"
    assert problems == []
