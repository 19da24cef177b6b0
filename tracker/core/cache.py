"""Figures computed once per change of the data, not once per page view.

Each web process keeps what it built until the data-change generation moves on (any write to
public records bumps it, in the same transaction), the day turns in the display time zone (a
derived status can change at midnight), or a reader asks in another language. Checking costs one
primary-key read per request, so every process sees another process's write on its next request.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

from flask import current_app
from flask_babel import get_locale

from tracker.core.changes import data_generation

T = TypeVar("T")

# Entries per generation: a few pages × four languages × a day or two.
MAX_ENTRIES = 64


@dataclass
class FigureCache:
    """One process's cached figures, all from one data generation."""

    generation: int = -1
    entries: dict[Hashable, object] = field(default_factory=dict)


def init_app(app) -> None:
    """Give the app its (empty) cache."""
    app.extensions["tracker.figure_cache"] = FigureCache()


def cached(name: str, build: Callable[[], T], *, day: Hashable) -> T:
    """`build()`'s result, reused until public data changes, `day` turns or the language differs."""
    cache: FigureCache = current_app.extensions["tracker.figure_cache"]
    generation = data_generation()
    if generation != cache.generation or len(cache.entries) >= MAX_ENTRIES:
        # Concurrent requests in threaded workers may both rebuild; neither sees a wrong value.
        cache.entries = {}
        cache.generation = generation
    key = (name, day, str(get_locale()))
    entries = cache.entries
    if key not in entries:
        entries[key] = build()
    return entries[key]
