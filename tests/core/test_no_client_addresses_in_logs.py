"""No log keeps a client's address, a query string or an emailed token: the app and real gunicorn alike."""

import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests
from sqlalchemy import select

from tests.conftest import free_port
from tracker.extensions import db
from tracker.mail.models import OutboxMessage

ROOT = Path(__file__).resolve().parents[2]
# Where the visitor is, as nginx forwards it (TRUSTED_PROXY_HOPS=1); gunicorn itself sees 127.0.0.1.
CLIENT = "203.0.113.9"
SEARCH = "Zmitser"


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


def emailed_paths(app) -> tuple[str, str]:
    """The confirmation and unsubscribe paths of the one confirmation email in the outbox."""
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        confirm = re.search(r"https?://[^/\s]+(/subscribe/confirm/\S+)", message.body_text)[1]
        unsubscribe = re.search(r"https?://[^/\s]+(/unsubscribe/[^>\s]+)", message.headers["List-Unsubscribe"])[1]
        return confirm, unsubscribe


def browse(base: str, app, *, headers: dict[str, str]) -> list[str]:
    """A visitor's session: pages, a search, subscribing, confirming, leaving, a refused burst; returns tokens."""
    visitor = requests.Session()
    visitor.headers.update(headers)

    def get(path: str, **kwargs) -> requests.Response:
        return visitor.get(base + path, timeout=20, **kwargs)

    def post(path: str, data: dict) -> requests.Response:
        return visitor.post(base + path, data=data, timeout=20, allow_redirects=False)

    for path in ("/", "/prisoners", f"/prisoners?q={SEARCH}", "/dates", "/events"):
        assert get(path).status_code == 200, path
    form = get("/subscribe").text
    fields = {"email": "reader@example.org", "scope": "all", "lead_days": ["7", "1"], "language": "en"}
    assert post("/subscribe", {**fields, "csrf_token": csrf_of(form)}).status_code == 303
    confirm, unsubscribe = emailed_paths(app)
    assert post(confirm, {"csrf_token": csrf_of(get(confirm).text)}).status_code in (200, 303)
    assert post(unsubscribe, {"csrf_token": csrf_of(get(unsubscribe).text)}).status_code in (200, 303)
    assert get("/events/manage/not-a-real-token-123").status_code in (400, 404)
    statuses = {post("/subscribe", {**fields, "csrf_token": csrf_of(form)}).status_code for _ in range(3)}
    assert 429 in statuses  # a rate limit was hit, and its breach is not logged with the address
    return [confirm.rsplit("/", 1)[1], unsubscribe.rsplit("/", 1)[1], "not-a-real-token-123"]


def assert_no_visitor_in(lines: list[str], tokens: list[str]) -> None:
    for line in lines:
        assert CLIENT not in line, line
        assert SEARCH not in line and "?q=" not in line, line
        assert not [token for token in tokens if token in line], line
        # Gunicorn names the address it listens on once at start; no other line has an address.
        if "Listening at:" not in line:
            assert "127.0.0.1" not in line, line


def test_a_browsing_session_through_real_gunicorn_leaves_no_client_address_in_its_logs(
    app, tmp_path, make_prisoner, make_date
):
    make_prisoner(f"{SEARCH} Test")
    make_date()
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "TRACKER_CONFIG": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "TRACKER_INSTANCE_DIR": str(tmp_path),
        "MAIL_SERVER": "",
        "MAIL_FILE_DIR": str(tmp_path / "mail"),
        "TRUSTED_PROXY_HOPS": "1",
        "SUBSCRIBE_RATE_LIMIT": "2 per hour",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    base = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log_file:
        # Our own fixed command, as docs/deploy.md runs it.
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, log_path.read_text()
                try:
                    requests.get(f"{base}/livez", timeout=10)
                    break
                except (requests.ConnectionError, requests.Timeout):
                    # A worker still importing the app on a busy machine answers late, not never.
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
            tokens = browse(base, app, headers={"X-Forwarded-For": CLIENT, "Referer": f"{base}/?q={SEARCH}"})
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = log_path.read_text().splitlines()
    assert any('"GET /subscribe/confirm/- HTTP/1.1" 200' in line for line in lines), lines
    assert any('"GET /prisoners HTTP/1.1" 200' in line for line in lines), lines
    assert_no_visitor_in(lines, tokens)


def test_the_app_logs_no_client_address_even_at_debug_level(tmp_path, make_instance, caplog):
    limited = make_instance(
        tmp_path / "limited", RATELIMIT_ENABLED=True, TRUSTED_PROXY_HOPS=1, SUBSCRIBE_RATE_LIMIT="2 per hour"
    )
    visitor = limited.test_client()
    headers = {"X-Forwarded-For": CLIENT}
    fields = {"email": "reader@example.org", "scope": "all", "lead_days": ["7", "1"], "language": "en"}
    caplog.set_level(logging.DEBUG)
    for path in ("/", f"/prisoners?q={SEARCH}", "/subscribe", "/unsubscribe/not-a-real-token-123"):
        visitor.get(path, headers=headers)
    statuses = {visitor.post("/subscribe", data=fields, headers=headers).status_code for _ in range(4)}
    assert 429 in statuses
    assert caplog.records  # the session did log (subscriptions by id), just never the visitor
    assert_no_visitor_in([record.getMessage() for record in caplog.records], ["not-a-real-token-123"])
