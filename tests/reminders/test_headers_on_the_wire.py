"""Headers as the SMTP server receives them: byte for byte, not as a parser re-reads them."""

import re
from datetime import UTC, datetime

import time_machine

from tracker.timeutil import utcnow

ENCODED_WORD = re.compile(rb"=\?[^?]+\?[bBqQ]\?")
# Headers a mail client reads as URLs or tokens: an encoded word there is never decoded.
LITERAL_HEADERS = {b"list-unsubscribe", b"list-unsubscribe-post", b"message-id", b"date", b"to", b"mime-version"}


def raw_headers(raw: bytes) -> list[tuple[bytes, bytes, list[bytes]]]:
    """(name, unfolded value, physical lines) of every header in a raw message."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    headers: list[tuple[bytes, bytes, list[bytes]]] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            name, value, lines = headers[-1]
            headers[-1] = (name, value + line, [*lines, line])
        else:
            name, _, value = line.partition(b":")
            headers.append((name, value.strip(), [line]))
    return headers


def test_every_header_reaches_the_wire_readable_and_list_unsubscribe_stays_a_url(
    app, client, smtp_server, confirmed_subscriber, make_date, run_jobs
):
    # A long address makes the unsubscribe URL longer than a header line, as it is in production.
    app.config["SITE_URL"] = "https://solidarity-with-political-prisoners.example.org"
    make_date()
    with time_machine.travel(datetime(2027, 5, 1, 6, 0, tzinfo=UTC), tick=False):
        confirmed_subscriber(utcnow(), language="be")
    run_jobs(datetime(2027, 5, 14, 7, 0, tzinfo=UTC))
    assert len(smtp_server.envelopes) == 2
    for envelope in smtp_server.envelopes:
        raw = envelope.original_content or envelope.content
        assert raw.isascii()
        headers = raw_headers(raw)
        names = [name.lower() for name, _value, _lines in headers]
        assert b"list-unsubscribe" in names
        for name, value, lines in headers:
            assert all(len(line) <= 998 for line in lines), name
            if name.lower() in LITERAL_HEADERS:
                assert not ENCODED_WORD.search(value), (name, value)
            if name.lower() == b"list-unsubscribe":
                assert re.fullmatch(rb"<https://solidarity-with-political-prisoners\.example\.org/[^<>\s]+>", value)
                assert len(lines) == 1  # one URL is never folded, so no client has to unfold it
            if name.lower() == b"list-unsubscribe-post":
                assert value == b"List-Unsubscribe=One-Click"
