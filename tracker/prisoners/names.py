"""Cross-script name keys: a Latin or Cyrillic spelling of a name finds the same person."""

import re
import unicodedata

from unidecode import unidecode

# Łacinka and Czech-style letters whose Cyrillic twins Unidecode spells with two letters.
_LATIN_DIGRAPHS = str.maketrans({"š": "sh", "ž": "zh", "č": "ch", "Š": "sh", "Ž": "zh", "Č": "ch"})

# Spellings of one sound across Belarusian, Russian and English transliteration, folded
# to one form. Order matters: digraphs before the single letters they contain.
_FOLDS = (
    ("kh", "h"),
    ("ts", "c"),
    ("g", "h"),  # Belarusian г is h (Hanna), Russian г is g (Ganna)
    ("w", "u"),  # ў
    ("x", "ks"),
    ("q", "k"),
    ("ye", "e"),
    ("ie", "e"),
    ("je", "e"),
    ("o", "a"),  # akanne: Ашурок / Ашурак
    ("y", "i"),
    ("j", "i"),
)


def search_key(text: str) -> str:
    """Fold a name in any script to a lower-case Latin key for matching."""
    text = unicodedata.normalize("NFC", text).translate(_LATIN_DIGRAPHS)
    latin = unidecode(text).lower()
    words = []
    for word in re.split(r"[^a-z]+", latin.replace("'", "")):
        if not word:
            continue
        for spelling, folded in _FOLDS:
            word = word.replace(spelling, folded)
        words.append(re.sub(r"(.)\1+", r"\1", word))
    return " ".join(words)
