"""Opaque link tokens: read back for their own purpose only, until they expire, whatever SECRET_KEY becomes."""

from datetime import UTC, datetime, timedelta

import pytest

from tracker.core import links
from tracker.core.tokens import BadToken
from tracker.extensions import db

NOW = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)


def test_a_token_opens_its_target_for_its_own_purpose_only(app):
    with app.app_context():
        token = links.issue("confirm", 7, now=NOW, payload={"lang": "be"})
        db.session.commit()
        assert links.read("confirm", token, now=NOW) == links.Link(7, {"lang": "be"})
        for purpose, candidate in (("unsubscribe", token), ("confirm", token.upper()), ("confirm", "")):
            with pytest.raises(BadToken) as refused:
                links.read(purpose, candidate, now=NOW)
            assert not refused.value.expired


def test_a_token_expires_when_it_says(app):
    with app.app_context():
        token = links.issue("confirm", 7, now=NOW, expires_at=NOW + timedelta(hours=1))
        db.session.commit()
        assert links.read("confirm", token, now=NOW + timedelta(minutes=59)).target_id == 7
        with pytest.raises(BadToken) as refused:
            links.read("confirm", token, now=NOW + timedelta(hours=1))
        assert refused.value.expired


def test_a_standing_token_is_stored_once_and_outlives_a_new_secret_key(app):
    with app.app_context():
        first = links.standing_tokens("unsubscribe", {7: "reader@example.org"}, now=NOW)[7]
        assert links.standing_tokens("unsubscribe", {7: "reader@example.org"}, now=NOW)[7] == first
        assert db.session.scalar(db.select(db.func.count()).select_from(links.LinkToken)) == 1
        assert links.read("unsubscribe", first, now=NOW).payload == {}
        assert links.standing_tokens("unsubscribe", {7: "other@example.org"}, now=NOW)[7] != first
        app.config["SECRET_KEY"] = "a-rotated-secret"
        second = links.standing_tokens("unsubscribe", {7: "reader@example.org"}, now=NOW)[7]
        db.session.commit()
        assert second != first
        assert links.read("unsubscribe", first, now=NOW).target_id == 7
        assert links.read("unsubscribe", second, now=NOW).target_id == 7
