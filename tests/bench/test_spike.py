"""The spike figure drives /livez and then each page with the headers nginx and a browser would send."""

import pytest

from bench import spike, web


def test_each_page_is_measured_right_after_livez_with_the_proxy_headers(monkeypatch):
    driven = []

    def fake_wrk(url, *, connections, threads, seconds, headers=(), timeout=10):
        driven.append((url.removeprefix("http://bench"), seconds, headers))
        per_second = 1000.0 if url.endswith("/livez") else 850.0
        return web.WrkRun(url, int(per_second * seconds), seconds, 0, 0, 0, 1.0, 2.0)

    monkeypatch.setattr(spike, "wrk", fake_wrk)
    monkeypatch.setattr(spike, "_first_request", lambda url: 0.01)
    monkeypatch.setattr(spike, "drained", lambda base: driven.append(("drained", 0, ())))
    figures = spike.side_by_side("http://bench", "/events", connections=1000, threads=2, seconds=10)
    assert [(url, seconds) for url, seconds, _headers in driven] == [
        ("drained", 0), ("/livez", 10), ("drained", 0), ("/events", 10)
    ]  # fmt: skip
    sent = (*spike.PROXY_HEADERS, *spike.READER_HEADERS)
    assert all(headers == sent for url, _seconds, headers in driven if url != "drained")  # both runs alike
    assert "X-Forwarded-Proto: https" in sent and "Accept-Encoding: gzip, deflate, br" in sent
    assert figures["ratio"] == pytest.approx(0.85)
