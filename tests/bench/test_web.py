"""Figure 1 drives the two URLs in turn, round after round, and reports the middle round."""

import pytest

from bench import web


def run(url: str, per_second: float) -> web.WrkRun:
    return web.WrkRun(url, int(per_second * 10), 10.0, 0, 0, 0, 1.0, 2.0)


def test_rounds_alternate_which_url_goes_first(monkeypatch):
    driven = []

    def fake_wrk(url, *, connections, threads, seconds, timeout=10):
        driven.append((url.removeprefix("http://bench"), seconds))
        return run(url, 100.0 if url.endswith("/livez") else 80.0)

    monkeypatch.setattr(web, "wrk", fake_wrk)
    rounds = web.alternating_rounds("http://bench", rounds=3, connections=100, threads=2, seconds=10)
    measured = [url for url, seconds in driven if seconds == 10]
    assert measured == ["/livez", "/", "/", "/livez", "/livez", "/"]
    # Each measured run follows a short one on the same URL, which opens the connections.
    assert driven[::2] == [(url, 2) for url in measured]
    assert [each.ratio for each in rounds] == pytest.approx([0.8, 0.8, 0.8])


@pytest.mark.parametrize(
    ("ratios", "expected"), [([0.9, 0.6, 0.75], 0.75), ([0.9, 0.6], 0.6), ([0.7], 0.7), ([0.5, 0.9, 0.8, 0.6], 0.6)]
)
def test_the_reported_round_is_the_middle_one_and_the_lower_of_two(ratios, expected):
    rounds = [web.Round(trivial=run("/livez", 1000.0), home=run("/", 1000.0 * ratio)) for ratio in ratios]
    assert web.median_round(rounds).ratio == pytest.approx(expected)
