"""The sign-in limit is counted once per installation: two real gunicorn workers share one Redis."""

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, free_port

LIMIT = 6
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def two_workers(app, redis_url, tmp_path):
    """gunicorn (gunicorn.conf.py) with two sync workers on the test's database and Redis; yields (URL, log)."""
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "TRACKER_CONFIG": "development",
        "SECRET_KEY": "two-workers-" + "x" * 32,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": redis_url,
        "LOGIN_RATE_LIMIT": f"{LIMIT} per minute",
        "TRACKER_INSTANCE_DIR": str(tmp_path / "instance"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    env.pop("RATELIMIT_STORAGE_URI", None)
    with log_path.open("wb") as log:
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process, log_path)
        yield base, log_path
    finally:
        process.terminate()
        process.wait(30)


def _wait_for(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()[-3000:]
        try:
            if requests.get(f"{base}/livez", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer /livez")


def _attempt(base: str, cookies, token: str) -> int:
    data = {"csrf_token": token, "email": "nobody@example.org", "password": "wrong-password"}
    return requests.post(f"{base}/login", data=data, cookies=cookies, timeout=30).status_code


def _workers_that_answered(log_path: Path) -> set[str]:
    # gunicorn.conf.py's access log line starts with the worker's pid.
    return {line.split()[0] for line in log_path.read_text().splitlines() if '"POST /login ' in line}


def test_the_login_limit_holds_across_two_gunicorn_workers(two_workers):
    base, log_path = two_workers
    form = requests.get(f"{base}/login", timeout=10)
    token = TOKEN.search(form.text).group(1)
    # Two at a time, so one worker is busy and the other must take the next attempt.
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(lambda _n: _attempt(base, form.cookies, token), range(2 * LIMIT)))
    assert len(_workers_that_answered(log_path)) == 2
    assert statuses.count(400) == LIMIT  # wrong password, counted
    assert statuses.count(429) == LIMIT  # one installation's limit, not one per worker
