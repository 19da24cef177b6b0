"""The stylesheet's components use only tokens that exist: an undefined custom property silently
falls back to nothing (a button with no background, a number in no colour)."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "static" / "css"
# site.css defines the tokens; pages.css is always loaded after it and uses them.
STYLESHEETS = (CSS / "site.css", CSS / "pages.css")


def read_stylesheets() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in STYLESHEETS)


def test_every_custom_property_used_is_defined():
    css = read_stylesheets()
    defined = set(re.findall(r"(--[a-z0-9-]+)\s*:", css))
    used = set(re.findall(r"var\((--[a-z0-9-]+)", css))
    assert used - defined == set()


def test_the_campaign_yellow_is_never_a_text_colour_on_paper():
    """Yellow on white is about 1.4:1; the accent is for fills, rules and the dark header only."""
    css = read_stylesheets()
    assert re.findall(r"(?<![-\w])color:\s*var\(--accent\)", css) == []
