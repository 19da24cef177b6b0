"""Engine behaviour the app relies on, whichever database it runs on."""

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "savepoint")
def _open_the_transaction_before_a_savepoint_on_sqlite(connection, name) -> None:
    # Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, so a savepoint taken
    # first would open it instead, and releasing that savepoint would commit everything so far:
    # a job that failed afterwards could not roll back. Open it here, as PostgreSQL always has.
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")
