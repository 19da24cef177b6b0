"""Figures computed once per change of the data, not once per page view.

Each web process keeps what it built until the data-change generation moves on (any write to
public records bumps it, in the same transaction), the day turns in the display time zone (a
derived status can change at midnight), or a reader asks in another language.

A process reads the generation at most once per FIGURE_CACHE_CHECK_SECONDS (one primary-key
read), and at once after a write of its own: a change shows on the next request to the worker
that made it and within that interval (a second by default) on every other worker, while the
most-visited page costs no database round trip at all in between.
"""

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

from flask import current_app, has_app_context
from flask_babel import get_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.core.changes import DATA_CHANGED, data_generation

T = TypeVar("T")

# Entries per generation: a few pages × four languages × a day or two.
MAX_ENTRIES = 64


@dataclass
class FigureCache:
    """One process's cached figures, all from one data generation."""

    generation: int = -1
    checked_at: float = float("-inf")
    entries: dict[Hashable, object] = field(default_factory=dict)

    def refresh(self, max_age: float) -> None:
        """Re-read the generation if it is older than `max_age` seconds; drop everything on a change."""
        now = time.monotonic()
        if now - self.checked_at < max_age and len(self.entries) < MAX_ENTRIES:
            return
        generation = data_generation()
        self.checked_at = now
        if generation != self.generation or len(self.entries) >= MAX_ENTRIES:
            # Concurrent requests in threaded workers may both rebuild; neither sees a wrong value.
            self.entries = {}
            self.generation = generation


def init_app(app) -> None:
    """Give the app its (empty) cache."""
    app.extensions["tracker.figure_cache"] = FigureCache()


def cached(name: str, build: Callable[[], T], *, day: Hashable, per_language: bool = True) -> T:
    """`build()`'s result, reused until public data changes, `day` turns or (if `per_language`) the language differs."""
    cache: FigureCache = current_app.extensions["tracker.figure_cache"]
    cache.refresh(current_app.config["FIGURE_CACHE_CHECK_SECONDS"])
    key = (name, day, str(get_locale()) if per_language else None)
    entries = cache.entries
    if key not in entries:
        entries[key] = build()
    return entries[key]


def current_generation() -> int:
    """The data generation, re-read as `cached` does: at most once per FIGURE_CACHE_CHECK_SECONDS."""
    cache: FigureCache = current_app.extensions["tracker.figure_cache"]
    cache.refresh(current_app.config["FIGURE_CACHE_CHECK_SECONDS"])
    return cache.generation


def cached_generation() -> int:
    """The data generation this process's cached figures belong to (read by `cached` before a build)."""
    return current_app.extensions["tracker.figure_cache"].generation


@event.listens_for(Session, "after_commit")
def _recheck_after_own_write(session: Session) -> None:
    # The worker that saved a change shows it on its very next request.
    if session.info.pop(DATA_CHANGED, False) and has_app_context():
        cache = current_app.extensions.get("tracker.figure_cache")
        if cache is not None:
            cache.checked_at = float("-inf")
