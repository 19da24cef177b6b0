"""Splitting long sequences for statements: databases cap how many parameters one statement takes."""

import itertools
from collections.abc import Iterable, Iterator


def chunks(items: Iterable, size: int) -> Iterator[tuple]:
    """Consecutive tuples of at most `size` items (itertools.batched arrives in Python 3.12)."""
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk
