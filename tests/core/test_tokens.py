import pytest
import time_machine

from tracker.core.tokens import BadToken, make_token, read_token


def test_token_round_trip_and_purpose_separation(app):
    with app.app_context():
        token = make_token("confirm", {"id": 5})
        assert read_token("confirm", token) == {"id": 5}
        with pytest.raises(BadToken):
            read_token("unsubscribe", token)
        with pytest.raises(BadToken):
            read_token("confirm", token[:-2] + "xx")
        with pytest.raises(BadToken):
            read_token("confirm", "")


def test_token_expires(app):
    with app.app_context(), time_machine.travel("2027-01-01 00:00Z", tick=False) as traveller:
        token = make_token("confirm", 1)
        traveller.shift(3601)
        with pytest.raises(BadToken) as caught:
            read_token("confirm", token, max_age_seconds=3600)
        assert caught.value.expired
