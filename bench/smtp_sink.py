"""An SMTP sink in its own process: accepts every message, counts it and its Message-ID, keeps no body.

The parent talks to it over a pipe (stats, reset, stop). Timestamps are time.monotonic(), which
is one clock for every process on the machine, so the parent can time "until the sink has them
all" without polling error.
"""

import logging
import multiprocessing
import re
import socket
import time
from dataclasses import dataclass

MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class SinkStats:
    """What the sink has accepted since its last reset."""

    messages: int
    unique_ids: int
    bytes: int
    first_at: float | None
    last_at: float | None


class CountingHandler:
    """aiosmtpd handler: 250 for everything, counting messages and distinct Message-IDs."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        """Forget everything counted so far."""
        self.messages = 0
        self.bytes = 0
        self.ids: set[bytes] = set()
        self.first_at: float | None = None
        self.last_at: float | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  aiosmtpd's hook name
        """Count one message; only the header part is looked at."""
        content = envelope.content
        header_end = content.find(b"\r\n\r\n")
        match = MESSAGE_ID.search(content, 0, header_end if header_end > 0 else len(content))
        if match:
            self.ids.add(match.group(1))
        self.messages += 1
        self.bytes += len(content)
        self.last_at = time.monotonic()
        if self.first_at is None:
            self.first_at = self.last_at
        return "250 Message accepted for delivery"

    def stats(self) -> SinkStats:
        """A snapshot of the counters."""
        return SinkStats(self.messages, len(self.ids), self.bytes, self.first_at, self.last_at)


def _serve(port: int, pipe) -> None:
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=30)
    controller.start()
    pipe.send("ready")
    try:
        while True:
            command = pipe.recv()
            if command == "stats":
                pipe.send(handler.stats())
            elif command == "reset":
                handler.reset()
                pipe.send("ok")
            elif command == "stop":
                break
    finally:
        controller.stop()


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """Start with `with SmtpSink() as sink:`; sink.port is where to send."""

    def __init__(self):
        self.port = free_port()
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(self.port, child), name="smtp-sink", daemon=True)

    def __enter__(self) -> "SmtpSink":
        self.process.start()
        if not self._pipe.poll(60) or self._pipe.recv() != "ready":
            raise RuntimeError("the SMTP sink did not start")
        return self

    def __exit__(self, *exc) -> None:
        if self.process.is_alive():
            self._pipe.send("stop")
            self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()

    def stats(self) -> SinkStats:
        """The sink's counters now."""
        self._pipe.send("stats")
        return self._pipe.recv()

    def reset(self) -> None:
        """Zero the counters."""
        self._pipe.send("reset")
        self._pipe.recv()

    def wait_for(self, count: int, *, timeout: float, alive=lambda: True, poll: float = 0.05) -> SinkStats:
        """Wait until `count` messages arrived, the timeout passed, or `alive()` is false and nothing more comes."""
        deadline = time.monotonic() + timeout
        stats = self.stats()
        quiet_since = None
        while stats.messages < count and time.monotonic() < deadline:
            time.sleep(poll)
            previous, stats = stats, self.stats()
            if not alive() and stats.messages == previous.messages:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since > 2:
                    break
            else:
                quiet_since = None
        return stats
