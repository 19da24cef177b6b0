"""The signed-in header: a few menus (Records, Events, Dates, Admin, account), filled by the role."""

import re

import pytest

from tracker.accounts.models import Role


def menus(html: str) -> dict[str, list[str]]:
    """Each menu's summary and the links it holds, from the header."""
    groups = re.findall(
        r'<details class="nav-group"[^>]*><summary>([^<]+)</summary><ul>(.*?)</ul></details>', html, re.S
    )
    return {summary: re.findall(r'<a href="([^"]+)"', body) for summary, body in groups}


def test_a_visitor_sees_the_public_links_and_no_menus(client):
    html = client.get("/").get_data(as_text=True)
    assert menus(html) == {}
    assert '<details class="menu">' in html and 'href="/login"' in html


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        (Role.ACTIVIST, {"Records", "Events", "Dates", "Your account"}, ["/moderation/events", "/prisoners/manage"]),
        (Role.MODERATOR, {"Records", "Events", "Dates", "Your account"}, ["/prisoners/manage", "/accounts/users"]),
        (Role.EDITOR, {"Records", "Events", "Dates", "Your account"}, ["/accounts/users", "/admin/outbox"]),
        (Role.ADMIN, {"Records", "Events", "Dates", "Admin", "Your account"}, []),
    ],
)
def test_the_role_decides_what_each_menu_holds(client, auth, role, expected, absent):
    auth.login(role)
    found = menus(client.get("/").get_data(as_text=True))
    assert set(found) == expected
    links = [link for held in found.values() for link in held]
    assert not set(absent) & set(links)
    assert "/events/mine" in found["Events"]
    if role.rank >= Role.MODERATOR.rank:
        assert "/moderation/events" in found["Events"]
    if role.rank >= Role.EDITOR.rank:
        assert {"/manage", "/prisoners/manage", "/counts/snapshots"} <= set(found["Records"])
        assert "/dates/manage" in found["Dates"]
    # Far fewer top-level entries than the 18 flat links it replaces.
    assert len(found) <= 5
