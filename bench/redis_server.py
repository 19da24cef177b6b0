"""A private Redis server on a free loopback port, for the tests, the soak and the benchmark.

Production runs one Redis per installation (docs/deploy.md); everything that starts gunicorn with
the production settings here needs one too, and must never share the developer's own. The server
keeps nothing on disk and is stopped when the block ends.
"""

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REDIS_SERVER = "redis-server"


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_available() -> bool:
    """Whether Debian's redis-server is installed (`make redis` installs it as root)."""
    return shutil.which(REDIS_SERVER) is not None


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")
    return False


@contextlib.contextmanager
def redis_server(*, max_memory: str = "256mb") -> Iterator[str]:
    """Start redis-server on a free loopback port; yields its URL (redis://127.0.0.1:PORT/0)."""
    if not redis_available():
        raise RuntimeError("redis-server is missing: run `make redis` as root, or `apt-get install redis-server`")
    folder = Path(tempfile.mkdtemp(prefix="tracker-redis-"))
    port = free_port()
    command = [
        REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
        "--dir", str(folder), "--maxmemory", max_memory, "--maxmemory-policy", "allkeys-lru",
    ]  # fmt: skip
    with (folder / "redis.log").open("wb") as log:
        # Our own fixed command line, never anything from input.
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 10
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start: {(folder / 'redis.log').read_text()[-2000:]}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)
