"""The per-test cleaning of the PostgreSQL working database ends the suite's leftovers and nothing else.

Autovacuum workers and superusers' sessions (an operator's VACUUM) run beside the suite; the suite's
role may not end them, and a cleaning step that tried failed whichever test came next.
"""

import os
import shutil
import subprocess
import time

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

pytestmark = pytest.mark.postgres(reason="the cleaning step it checks exists only on PostgreSQL")


def _backend_alive(connection, application_name: str) -> bool:
    found = connection.execute(
        text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"), {"name": application_name}
    )
    return found.scalar_one() > 0


def _superuser_sessions(connection) -> int:
    """Other roles' sessions on this database (their application names are hidden from the suite's role)."""
    found = connection.execute(
        text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = 'postgres'")
    )
    return found.scalar_one()


@pytest.fixture
def superuser_session(databases):
    """A superuser's session on the working database that has just run VACUUM and stays connected."""
    if os.geteuid() != 0 or not shutil.which("runuser") or not shutil.which("psql"):
        pytest.skip("needs root and the local cluster's postgres account to open a superuser session")
    databases.per_test_url(None)  # the working database exists from here on
    port = str(make_url(databases.server_url).port or 5432)
    session = subprocess.Popen(
        [
            "runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-p", port, "-d", databases.working,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    # The session stays open, idle after its VACUUM, until its input closes.
    session.stdin.write(b"VACUUM;\n")
    session.stdin.flush()
    # Autocommit: pg_stat_activity is read once per transaction, and the loop below must see it change.
    engine = create_engine(databases.url_of(databases.working), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as watcher:
            deadline = time.monotonic() + 15
            while not _superuser_sessions(watcher):
                if session.poll() is not None or time.monotonic() > deadline:
                    pytest.skip(f"no superuser session on this server: {session.communicate()[1].decode()[:200]}")
                time.sleep(0.05)
        yield engine
    finally:
        session.communicate(timeout=30)  # closes its input: psql disconnects and the backend ends
        engine.dispose()


def test_cleaning_leaves_superuser_sessions_alone_and_ends_leftover_test_connections(databases, superuser_session):
    leftover = superuser_session.connect()
    leftover.execute(text("SET application_name = 'a-finished-tests-connection'"))

    databases.per_test_url(None)  # raised InsufficientPrivilege when it tried to end the superuser's session

    with superuser_session.connect() as watcher:
        assert _superuser_sessions(watcher) == 1
        assert not _backend_alive(watcher, "a-finished-tests-connection")
    leftover.invalidate()
    leftover.close()


def test_dropping_a_copy_ends_the_suites_connections_and_never_forces(databases, tmp_path):
    url = databases.another_url(tmp_path, "copy")
    leftover = create_engine(url, poolclass=NullPool).connect()  # a finished test's, never closed
    statements = []
    engine = databases._admin_engine()

    @event.listens_for(engine, "before_cursor_execute")
    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    try:
        databases.drop(url)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
        leftover.invalidate()
        leftover.close()
    name = make_url(url).database
    assert not any("FORCE" in statement for statement in statements)  # FORCE would also try autovacuum
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}).scalar() == 0
        )
