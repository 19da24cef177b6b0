"""The database engine a test run uses: SQLite files, or PostgreSQL when TEST_DATABASE_URL names a server.

On SQLite every test gets a new file and `db.create_all()`. On PostgreSQL the real migrations build
the schema once per session in a template database of its own; the suite's working database is a
copy of it whose tables are emptied before each test, and instances a test needs beside its `app`
(a module's demo site, a second instance to import into) are further copies. Every database the
session creates has a unique name and is dropped when the session ends.
"""

import os
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from config import TestConfig
from tracker import create_app
from tracker.extensions import db

# Every test database reads and writes times in a zone far from UTC, so nothing can rely on the
# server's own zone being UTC (a Debian cluster takes the machine's zone).
SERVER_TIME_ZONE = "Asia/Kamchatka"

# Only the suite's own client connections: an autovacuum worker, or a superuser's session running
# VACUUM, is the server's business; the suite's role may not end it, and it holds no test's rows.
# DELETE and (auto)vacuum take compatible locks, so the cleaning never waits on them.
ENDING_LEFTOVER_CONNECTIONS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
    "AND backend_type = 'client backend' AND usename = current_user"
)
# The same, for a database about to be dropped.
ENDING_CONNECTIONS_TO = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = :name AND backend_type = 'client backend' AND usename = current_user"
)
DROP_ATTEMPTS = 50


def database_from_env() -> "SQLiteDatabases | PostgresDatabases":
    """The run's databases: PostgreSQL if TEST_DATABASE_URL is set, SQLite otherwise."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    return PostgresDatabases(url) if url else SQLiteDatabases()


class SQLiteDatabases:
    """A fresh SQLite file for each database a test asks for; the schema comes from the models."""

    dialect = "sqlite"

    def check_server(self) -> None:
        """Nothing to reach."""

    def describe(self) -> str:
        """One line for the pytest header."""
        return "database: SQLite, a fresh file per test, schema from db.create_all() (TEST_DATABASE_URL unset)"

    def per_test_url(self, folder: Path) -> str:
        """The `app` fixture's database, empty once `prepare` has run."""
        return f"sqlite:///{folder / 'test.sqlite3'}"

    def another_url(self, folder: Path, label: str) -> str:
        """A separate database beside the test's own."""
        return f"sqlite:///{folder / f'{label}.sqlite3'}"

    def empty_url(self, folder: Path, label: str) -> str:
        """A database with no tables at all (for migrations)."""
        return self.another_url(folder, label)

    def prepare(self, app) -> None:
        """Build the schema of a database from `per_test_url` or `another_url`."""
        with app.app_context():
            db.create_all()

    def drop(self, url: str) -> None:
        """Files go with the test's temporary folder."""

    def close(self) -> None:
        """Nothing to clean up."""


class PostgresDatabases:
    """Uniquely named databases on one PostgreSQL server, built from the real migrations."""

    dialect = "postgresql"

    def __init__(self, server_url: str):
        url = make_url(server_url)
        if not url.drivername.startswith("postgresql"):
            raise ValueError(f"TEST_DATABASE_URL must be a PostgreSQL URL, not {url.drivername}://…")
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        self.server_url: URL = url
        self.shown_url = url.set(password=None).render_as_string()
        self.prefix = f"tracker_test_{uuid.uuid4().hex[:12]}"
        self.template = f"{self.prefix}_template"
        self.working = f"{self.prefix}_suite"
        self.server_version = ""
        self._admin = None
        self._working_connection = None
        self._empty_every_table = ""
        self._created: list[str] = []
        self._copies = 0

    def check_server(self) -> None:
        """Connect once, so an unreachable server stops the run at once with the reason."""
        with self._admin_engine().connect() as connection:
            self.server_version = connection.execute(text("SHOW server_version")).scalar_one().split()[0]

    def describe(self) -> str:
        """One line for the pytest header."""
        return (
            f"database: PostgreSQL {self.server_version} at {self.shown_url} (TEST_DATABASE_URL); schema from the "
            f"migrations once per session in {self.prefix}_*, every table emptied before each test, "
            f"time zone {SERVER_TIME_ZONE}"
        )

    def url_of(self, name: str) -> str:
        """The SQLAlchemy URL of one database on the server."""
        return self.server_url.set(database=name).render_as_string(hide_password=False)

    def per_test_url(self, folder: Path) -> str:
        """The suite's working database, every table emptied and every id sequence restarted."""
        if self._working_connection is None:
            self._build_template()
            self._create(self.working, template=self.template)
            engine = create_engine(self.url_of(self.working), isolation_level="AUTOCOMMIT", poolclass=NullPool)
            self._working_connection = engine.connect()
            # A leftover lock from a test that leaked a connection fails the next test, never hangs it.
            self._working_connection.exec_driver_sql("SET lock_timeout = '20s'")
        # Connections a finished test left behind (a server thread's, say) would hold the cleaning
        # up or see the next test's rows; the test is over, so end them.
        self._working_connection.exec_driver_sql(ENDING_LEFTOVER_CONNECTIONS)
        self._working_connection.exec_driver_sql(self._empty_every_table)
        return self.url_of(self.working)

    def another_url(self, folder: Path, label: str) -> str:
        """A separate copy of the migrated schema, with no rows."""
        self._build_template()
        self._copies += 1
        name = f"{self.prefix}_{self._copies}"
        self._create(name, template=self.template)
        return self.url_of(name)

    def empty_url(self, folder: Path, label: str) -> str:
        """A database with no tables at all (for migrations)."""
        self._copies += 1
        name = f"{self.prefix}_{self._copies}"
        self._create(name, template="template0")
        return self.url_of(name)

    def prepare(self, app) -> None:
        """The schema is already there: every database is a copy of the migrated template."""

    def drop(self, url: str) -> None:
        """Drop one database this session created, whoever is still connected to it."""
        name = make_url(url).database
        if name in self._created:
            self._drop(name)

    def close(self) -> None:
        """Drop every database this session created."""
        if self._working_connection is not None:
            self._working_connection.close()
            self._working_connection = None
        for name in reversed(list(self._created)):
            self._drop(name)
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None

    def _admin_engine(self):
        if self._admin is None:
            self._admin = create_engine(
                self.server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool, connect_args={"connect_timeout": 5}
            )
        return self._admin

    def _create(self, name: str, *, template: str) -> None:
        with self._admin_engine().connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            connection.execute(text(f"ALTER DATABASE \"{name}\" SET timezone TO '{SERVER_TIME_ZONE}'"))
        self._created.append(name)

    def _drop(self, name: str) -> None:
        # Not WITH (FORCE): it would try to end an autovacuum worker too, which the suite's role may
        # not. The suite ends its own connections; plain DROP DATABASE stops autovacuum by itself.
        with self._admin_engine().connect() as connection:
            for attempt in range(DROP_ATTEMPTS):
                connection.execute(text(ENDING_CONNECTIONS_TO), {"name": name})
                try:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                    break
                except OperationalError as error:  # "being accessed by other users": one still closing
                    if "other users" not in str(error) or attempt == DROP_ATTEMPTS - 1:
                        raise
                    time.sleep(0.2)
        self._created.remove(name)

    def _build_template(self) -> None:
        if self.template in self._created:
            return
        from flask_migrate import upgrade

        self._create(self.template, template="template0")

        class Migrating(TestConfig):
            SQLALCHEMY_DATABASE_URI = self.url_of(self.template)

        app = create_app(Migrating)
        with app.app_context():
            upgrade()
            db.session.remove()
            db.engine.dispose()
        engine = create_engine(self.url_of(self.template), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with engine.connect() as connection:
            schema = MetaData()
            schema.reflect(connection)
            # DELETE, children first, is many times faster than TRUNCATE on tables this small; the
            # sequences restart as TRUNCATE … RESTART IDENTITY would restart them.
            tables = [table.name for table in reversed(schema.sorted_tables) if table.name != "alembic_version"]
            self._empty_every_table = "; ".join(
                # The audit log refuses deletes unless a maintenance session says it means them.
                ["SET tracker.allow_audit_purge = 'on'"]
                + [f'DELETE FROM "{name}"' for name in tables]  # noqa: S608  names from the catalog
                + ["SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"]
            )
            # Rows the migrations seed go too: every test starts as empty as SQLite's create_all().
            connection.exec_driver_sql(self._empty_every_table)
        # A template must have no connections while it is copied.
        engine.dispose()


def main(argv: list[str]) -> int:
    """`python -m tests.databases URL`: say whether a PostgreSQL server answers at URL (exit 0) or why not (1)."""
    databases = PostgresDatabases(argv[0])
    try:
        databases.check_server()
    except Exception as error:  # noqa: BLE001  the reason is the output
        print(f"cannot use a PostgreSQL server at {databases.shown_url}: {error}".splitlines()[0])
        return 1
    finally:
        databases.close()
    print(f"PostgreSQL {databases.server_version} at {databases.shown_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
