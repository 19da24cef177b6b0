"""Free text checked against the names of people not named, in any script.

Submitted events (and other text the public sends) can name someone whose family asked that the
name not be published — by accident, or to test the site. A hit holds the item for an editor;
moderators never see the withheld names, only that an editor must look.
"""

from flask import current_app
from sqlalchemy import select

from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.prisoners.names import search_key


def _name_variants(prisoner: Prisoner) -> list[frozenset[str]]:
    """Every spelling of the person's name as a set of folded words (two words at least)."""
    spellings = [getattr(prisoner, field) for field in Prisoner.NAME_FIELDS] + prisoner.alias_list
    variants = [frozenset(search_key(spelling).split()) for spelling in spellings if spelling]
    return [words for words in variants if len(words) >= 2]


def withheld_name_variants() -> list[frozenset[str]]:
    """Every spelling of every not-named person's name, as sets of folded words."""
    withheld = db.session.scalars(select(Prisoner).where(Prisoner.name_withheld.is_(True)))
    return [variant for prisoner in withheld for variant in _name_variants(prisoner)]


def mentions_any(variants: list[frozenset[str]], *texts: str) -> bool:
    """Whether the texts contain every word of one of the spellings."""
    words = set(search_key(" ".join(text or "" for text in texts)).split())
    return len(words) >= 2 and any(variant <= words for variant in variants)


def names_a_person_not_named(*texts: str) -> bool:
    """Whether the texts contain every word of some spelling of a not-named person's name."""
    return mentions_any(withheld_name_variants(), *texts)


# Features that publish free text register here what to do when a name becomes withheld.
NAME_WITHHELD_HANDLERS = "tracker.consent.name_withheld_handlers"


def on_name_withheld(app, handler) -> None:
    """Call `handler()` (in the same transaction) whenever a record's name becomes withheld."""
    app.extensions.setdefault(NAME_WITHHELD_HANDLERS, []).append(handler)


def name_withheld() -> None:
    """Run every registered handler: a name has just become withheld."""
    for handler in current_app.extensions.get(NAME_WITHHELD_HANDLERS, []):
        handler()
