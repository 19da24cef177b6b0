"""What the models describe on each engine, for autogenerate and the schema tests.

Name search uses a different index per engine (tracker/prisoners/models.py): a trigram GIN index
on PostgreSQL, an FTS5 table with shadow tables and triggers on SQLite. Neither is a difference
between the models and the database on the other engine.
"""

from collections.abc import Callable

SQLITE_ONLY_TABLE_PREFIX = "prisoner_search"
POSTGRESQL_ONLY_INDEXES = frozenset({"ix_prisoners_search_text_trgm"})


def include_object(dialect_name: str) -> Callable[..., bool]:
    """An Alembic include_object hook that leaves out what belongs to the other engine's search index."""

    def include(schema_object, name, type_, reflected, compare_to) -> bool:
        if type_ == "table" and name and name.startswith(SQLITE_ONLY_TABLE_PREFIX):
            return False
        return not (type_ == "index" and name in POSTGRESQL_ONLY_INDEXES and dialect_name != "postgresql")

    return include
