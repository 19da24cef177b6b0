"""URL converters shared by every blueprint."""

from werkzeug.routing import IntegerConverter

# The largest id PostgreSQL's INTEGER and SQLite's driver both accept.
MAX_DATABASE_INT = 2**31 - 1


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` that only matches ids a database column can hold, so a huge number is a 404, not a 500."""

    def __init__(
        self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_DATABASE_INT, signed=False
    ):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
