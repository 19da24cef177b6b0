"""Control characters: kept out of every input and out of every output that cannot carry them.

An invisible character such as U+000B in an event title, approved by a moderator who cannot see
it, made the Atom feed ill-formed XML and reached iCalendar and HTML raw. Inputs strip them (forms
through tracker.core.forms, imports and the admin import call these functions); XML and
iCalendar writers strip them again, so a row stored before the inputs were cleaned cannot break
an output either.
"""

import re
from collections.abc import Callable
from typing import Any

# C0 controls but tab, line feed and carriage return; DEL; C1 controls (U+0085 NEXT LINE included).
_NEVER = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_NEVER_RE = re.compile(f"[{_NEVER}]")
_LINE_BREAK = re.compile(r"\r\n?")
_BLANKS = re.compile(r"[\t\n]")
# Everything XML 1.0 does not allow (and the controls it allows but discourages): for XML output.
_NOT_XML = re.compile(f"[{_NEVER}\\ud800-\\udfff\\ufffe\\uffff]")


def has_control_characters(value: str) -> bool:
    """Whether a text holds a character no input accepts."""
    return bool(_NEVER_RE.search(value))


def clean_text(value: Any) -> Any:
    """Multi-line text: control characters removed, tab and line feed kept, CRLF and CR as LF."""
    if not isinstance(value, str):
        return value
    if "\r" in value:
        value = _LINE_BREAK.sub("\n", value)
    return _NEVER_RE.sub("", value) if _NEVER_RE.search(value) else value


def clean_line(value: Any) -> Any:
    """Single-line text: control characters removed; tabs and line breaks become spaces."""
    value = clean_text(value)
    if not isinstance(value, str):
        return value
    return _BLANKS.sub(" ", value) if "\t" in value or "\n" in value else value


def xml_text(value: str) -> str:
    """Text that XML 1.0 can carry: whatever is not an XML character, and every control, removed."""
    value = value or ""
    return _NOT_XML.sub("", value) if _NOT_XML.search(value) else value


def clean_strings(value: Any, clean: Callable[[Any], Any] = clean_text) -> Any:
    """Every string in a JSON-like document (dicts, lists) cleaned, keys included."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_strings(key, clean): clean_strings(item, clean) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_strings(item, clean) for item in value]
    return value
