"""The spike figure alternates /livez and each page, with the headers nginx and a browser would send."""

import pytest

from bench import spike, web


class Driven(list):
    """The runs a fake wrk was asked for; each page run is served at the next of `page_rates`."""

    page_rates: list[float]


@pytest.fixture
def driven(monkeypatch) -> Driven:
    calls = Driven()
    calls.page_rates = []

    def fake_wrk(url, *, connections, threads, seconds, headers=(), timeout=10):
        calls.append((url.removeprefix("http://bench"), seconds, headers))
        per_second = 1000.0 if url.endswith("/livez") else calls.page_rates.pop(0)
        p99 = 2.0 if url.endswith("/livez") else per_second  # tells the page's rounds apart
        return web.WrkRun(url, int(per_second * seconds), seconds, 0, 0, int(per_second == 500), 1.0, p99)

    monkeypatch.setattr(spike, "wrk", fake_wrk)
    monkeypatch.setattr(spike, "_first_request", lambda url: 0.01)
    monkeypatch.setattr(spike, "drained", lambda base: calls.append(("drained", 0, ())))
    return calls


def test_livez_and_the_page_alternate_with_the_proxy_and_browser_headers(driven):
    driven.page_rates = [850.0] * spike.ROUNDS
    spike.side_by_side("http://bench", "/events", connections=1000, threads=2, seconds=10)
    runs = [(url, seconds) for url, seconds, _headers in driven if url != "drained"]
    assert runs == [("/livez", 10), ("/events", 10)] * spike.ROUNDS
    assert len(driven) == 4 * spike.ROUNDS  # the server is drained before every run
    sent = (*spike.PROXY_HEADERS, *spike.READER_HEADERS)
    assert all(headers == sent for url, _seconds, headers in driven if url != "drained")
    assert "X-Forwarded-Proto: https" in sent and "Accept-Encoding: gzip, deflate, br" in sent


def test_the_ratio_is_the_median_rounds_and_p99_and_errors_the_worst(driven):
    driven.page_rates = [900.0, 500.0, 800.0, 1000.0, 700.0]
    assert len(driven.page_rates) == spike.ROUNDS
    figures = spike.side_by_side("http://bench", "/events", connections=1000, threads=2, seconds=10)
    assert figures["ratio"] == pytest.approx(0.8) and figures["round_ratios"] == [0.9, 0.5, 0.8, 1.0, 0.7]
    assert figures["page"]["requests_per_s"] == pytest.approx(800.0)
    assert figures["page"]["latency_p99_ms"] == pytest.approx(1000.0)  # the worst round's
    assert figures["page"]["socket_errors"] == 1  # the slow round's error is not hidden by the median
