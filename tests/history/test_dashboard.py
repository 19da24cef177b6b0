from datetime import date, timedelta

import pytest

from tracker.accounts.models import Role
from tracker.timeutil import today_in


@pytest.fixture
def today(app):
    return today_in(app.config["DISPLAY_TIMEZONE"])


def flagged_names(client) -> str:
    html = client.get("/manage").get_data(as_text=True)
    return html.split('id="stale-heading"')[1].split('id="recent-heading"')[0]


def test_dashboard_flags_records_never_or_not_recently_verified(client, auth, make_prisoner, today):
    make_prisoner("Never Checked")
    make_prisoner("Long Ago", last_verified_on=today - timedelta(days=181))
    make_prisoner("Just Inside", last_verified_on=today - timedelta(days=180))
    make_prisoner("Fresh Record", last_verified_on=today - timedelta(days=3))
    make_prisoner("Hidden Name", name_withheld=True)
    auth.login(Role.EDITOR)
    flagged = flagged_names(client)
    assert "Never Checked" in flagged and "Long Ago" in flagged
    assert "Hidden Name" in flagged and "not named" in flagged
    assert "Just Inside" not in flagged and "Fresh Record" not in flagged
    assert flagged.index("Never Checked") < flagged.index("Long Ago")  # the oldest first


def test_stale_period_comes_from_config(app, client, auth, make_prisoner, today):
    make_prisoner("Fresh Record", last_verified_on=today - timedelta(days=3))
    auth.login(Role.EDITOR)
    assert "Fresh Record" not in flagged_names(client)
    app.config["VERIFICATION_STALE_DAYS"] = 2
    assert "Fresh Record" in flagged_names(client)


def test_deleted_records_are_not_flagged(client, auth, make_prisoner):
    prisoner_id = make_prisoner("Never Checked")
    auth.login(Role.EDITOR)
    client.post(f"/history/prisoners/{prisoner_id}/delete", data={"reason": "Duplicate"})
    assert "Never Checked" not in flagged_names(client)


def test_dashboard_lists_latest_changes_with_links_to_history(client, auth, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik", last_verified_on=date(2020, 1, 1))
    email = auth.login(Role.EDITOR)
    client.post(f"/history/prisoners/{prisoner_id}/delete", data={"reason": "Duplicate"})
    html = client.get("/manage").get_data(as_text=True)
    assert f"/history/prisoners/{prisoner_id}#version-2" in html
    assert email in html


def test_prisoner_page_shows_sources_and_last_verified_date(client, auth, make_prisoner, slug_of):
    auth.login(Role.EDITOR)
    client.post(
        "/prisoners/new",
        data={"name_en": "Ihar Losik", "gender": "male", "region": "gomel", "last_verified_on": "2024-03-01",
              "sources-0-url": "https://example.org/case", "sources-0-title": "Case file"},
    )  # fmt: skip
    html = client.get(f"/prisoners/{slug_of(1)}").get_data(as_text=True)
    assert "Last verified" in html and "2024" in html
    assert "https://example.org/case" in html and "Case file" in html
