"""The site as visitors get it, for the audit: gunicorn over a fresh SQLite database with the demo data."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_live(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        # A worker still importing the app on a busy machine answers late: any socket error means "not yet".
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/livez", timeout=10):  # noqa: S310
            return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {url} within 120 s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def demo_server(folder: Path) -> Iterator[str]:
    """Migrate, load the demo data, open the day pages as the scheduler does, serve; yields the base URL."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "TRACKER_CONFIG": "development",
        "TRACKER_INSTANCE_DIR": str(folder),
        "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
    }
    for name in ("DATABASE_URL", "UPLOAD_DIR", "MAIL_FILE_DIR", "SITE_URL"):
        env.pop(name, None)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["demo", "load"], ["events", "run-jobs"]):
        subprocess.run([*flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(  # noqa: S603  our own gunicorn, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "wsgi:app",
            ],
            cwd=ROOT,
            env={**env, "SITE_URL": url},
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_live(url, server, log)
        yield url
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown: no request of the audit is still open
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
