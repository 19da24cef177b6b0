"""The stylesheet's components use only tokens that exist: an undefined custom property silently
falls back to nothing (a button with no background, a number in no colour)."""

import re
from pathlib import Path

import tinycss2

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


def test_no_selector_is_defined_twice_outside_media_queries():
    """A selector's rules live in one place; two top-level rules for one selector drift apart and conflict."""
    seen: dict[str, str] = {}
    repeated = []
    for path in STYLESHEETS:
        rules = tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True)
        for rule in rules:
            if rule.type != "qualified-rule":
                continue
            selector = " ".join(tinycss2.serialize(rule.prelude).split())
            if selector in seen:
                repeated.append(f"{selector} ({seen[selector]} and {path.name})")
            seen[selector] = path.name
    assert repeated == []
