"""Opaque public identifiers: a URL says nothing about how many records exist or when one was made.

Sequential ids in public URLs let a reader find gaps (a withheld record between two public ones)
and date records by their number; a random slug gives neither.
"""

import re
import secrets
import string

ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o or 1/l, so a slug read aloud survives
LENGTH = 12


def opaque_slug() -> str:
    """A random slug with at least one letter and one digit, so it never looks like a number or a word."""
    while True:
        slug = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if any(c in string.digits for c in slug) and any(c in string.ascii_letters for c in slug):
            return slug


OLD_NUMBER = re.compile(r"[0-9]{1,9}")


def old_number(value: str) -> int | None:
    """The id in an old numbered address, or None for anything else (huge numbers and other digits too)."""
    return int(value) if OLD_NUMBER.fullmatch(value) else None
