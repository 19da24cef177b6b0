"""The two-factor issuer an authenticator app shows is configurable, and can say nothing about the tracker."""

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tracker.accounts.models import Role

# Words (in any of the interface languages) that would tell a border guard what the account is for.
GIVEAWAYS = re.compile(r"prison|belarus|tracker|politic|беларус|палітв|політв|политз|вязн|в'язн", re.I)


def provisioning_uri(client) -> str:
    page = client.get("/account/two-factor").get_data(as_text=True)
    (uri,) = re.findall(r'href="(otpauth://[^"]+)"', page)
    return html.unescape(uri)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.EDITOR])
def test_a_neutral_issuer_is_all_the_authenticator_app_shows(app, client, auth, role):
    app.config["TOTP_ISSUER"] = "Account"
    auth.login(role)
    uri = urlsplit(provisioning_uri(client))
    label = unquote(uri.path.lstrip("/"))
    assert parse_qs(uri.query)["issuer"] == ["Account"]
    assert label.split(":")[0] == "Account"
    assert not GIVEAWAYS.search(parse_qs(uri.query)["issuer"][0] + label.split(":")[0])


def test_the_issuer_defaults_to_the_tracker_s_name(app, client, auth):
    auth.login(Role.ADMIN)
    assert "issuer=Political%20Prisoner%20Tracker" in provisioning_uri(client)
