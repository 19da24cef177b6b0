"""Spreadsheet safety: cells a spreadsheet would run as formulas."""

# A spreadsheet treats a cell starting with one of these as a formula (=HYPERLINK(...) can leak data);
# tab and carriage return are in OWASP's list because some programs strip them before parsing.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet could run this cell as a formula."""
    return value.startswith(FORMULA_PREFIXES)


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: formula-like text gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if looks_like_formula(text) else text
