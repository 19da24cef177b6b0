"""Extension instances, bound to the app in create_app()."""

import sqlite3

from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
# Anonymous renderings of public pages, shared by every worker (tracker.core.pagecache).
page_cache = Cache()


@event.listens_for(Engine, "connect")
def _sqlite_for_several_processes(dbapi_connection, _connection_record) -> None:
    # Web workers, the scheduler and a dispatcher share one SQLite file in development and small
    # installations: write-ahead logging lets readers go on while one writes, NORMAL sync spares a
    # disk flush per commit (still safe against application crashes), and a writer waits for the
    # lock instead of failing at once. Reads go through memory-mapped I/O: the operating system's
    # page cache, shared by every process, instead of each connection's 2 MB cache, which at a
    # national registry's size halves the time of a search that touches thousands of rows.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _open_the_transaction_before_a_savepoint_on_sqlite(connection, name) -> None:
    # Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, so a savepoint taken
    # first would open it instead, and releasing that savepoint would commit everything so far:
    # a job that failed afterwards could not roll back. Open it here, as PostgreSQL always has.
    if connection.dialect.name == "sqlite" and not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")
