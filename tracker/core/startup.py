"""What a web worker does once, as it starts, so that no reader's request pays for it."""

import gc

from flask import Flask
from sqlalchemy.orm import configure_mappers


def prepare_worker(app: Flask) -> None:
    """Work out the ORM's mappings and set aside what the app built, before the first request.

    SQLAlchemy configures every mapper on the first query, and in a spike the first request of
    each fresh worker waited for it (docs/performance.md, run Q). The objects the
    app keeps for its whole life then move out of the garbage collector's way, so a full collection
    no longer walks them in the middle of a request.
    """
    with app.app_context():
        configure_mappers()
    gc.freeze()
