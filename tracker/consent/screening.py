"""Free text checked against the names of people not named, in any script.

Submitted events (and other text the public sends) can name someone whose family asked that the
name not be published — by accident, or to test the site. A hit holds the item for an editor;
moderators never see the withheld names, only that an editor must look.
"""

from sqlalchemy import select

from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.prisoners.names import search_key


def _name_variants(prisoner: Prisoner) -> list[frozenset[str]]:
    """Every spelling of the person's name as a set of folded words (two words at least)."""
    spellings = [getattr(prisoner, field) for field in Prisoner.NAME_FIELDS] + prisoner.alias_list
    variants = [frozenset(search_key(spelling).split()) for spelling in spellings if spelling]
    return [words for words in variants if len(words) >= 2]


def names_a_person_not_named(*texts: str) -> bool:
    """Whether the texts contain every word of some spelling of a not-named person's name."""
    words = set(search_key(" ".join(texts)).split())
    if len(words) < 2:
        return False
    withheld = db.session.scalars(select(Prisoner).where(Prisoner.name_withheld.is_(True)))
    return any(variant <= words for prisoner in withheld for variant in _name_variants(prisoner))
