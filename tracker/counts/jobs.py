"""Scheduled job: build the count figures once after each change, for every web worker to read."""

from datetime import datetime

from tracker.core.changes import data_generation
from tracker.counts import figures, services


def precompute_figures(now: datetime) -> bool:
    """Store today's figures for the current data unless already stored; returns whether it built them."""
    # The generation is read before the records: figures that include a change committed in
    # between are filed under the older number, which no worker reads once it sees the newer one.
    # The other order could file old figures under the new number.
    generation = data_generation()
    day = figures.display_today(now)
    if services.stored_figures_payload(generation, day) is not None:
        return False
    services.store_figures(generation, day, figures.compute_figures(day).to_json(), now=now)
    return True
