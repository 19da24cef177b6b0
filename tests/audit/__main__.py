"""`make audit` (python -m tests.audit): Lighthouse's four scores on the main public pages, on the demo data.

Exits 1 when accessibility, best practices or SEO is under 100 on a page, and lists the audits.
`--only-categories accessibility,seo` runs fewer categories; the HTML reports go to test-output/lighthouse.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.audit.lighthouse import (
    ALL_CATEGORIES,
    GATED_CATEGORIES,
    audit_pages,
    discover_paths,
    failures,
    lighthouse_missing,
    run_lighthouse,
    score_table,
)
from tests.audit.server import demo_server


def main() -> int:
    """Serve the demo data, audit every page, print the scores and what fails."""
    parser = argparse.ArgumentParser(prog="python -m tests.audit", description=__doc__)
    parser.add_argument("--only-categories", default=",".join(ALL_CATEGORIES))
    parser.add_argument("--url", help="audit this running site instead of a fresh demo server")
    options = parser.parse_args()
    categories = [name for name in options.only_categories.split(",") if name]
    if unknown := set(categories) - set(ALL_CATEGORIES):
        parser.error(f"unknown categories {sorted(unknown)}; choose from {','.join(ALL_CATEGORIES)}")
    if missing := lighthouse_missing():
        print(f"ERROR: {missing}", file=sys.stderr)
        return 2
    started = time.monotonic()
    if options.url:
        results = _audit(options.url.rstrip("/"), categories)
    else:
        with tempfile.TemporaryDirectory(prefix="tracker-audit-") as folder, demo_server(Path(folder)) as url:
            results = _audit(url, categories)
    print(score_table(results, categories))
    print(f"{len(results)} pages audited in {time.monotonic() - started:.0f} s (mobile preset)")
    problems = failures(results, [category for category in categories if category in GATED_CATEGORIES])
    if problems:
        print("Under 100 (accessibility, best practices and SEO must be 100):", *problems, sep="\n", file=sys.stderr)
        return 1
    return 0


def _audit(url: str, categories: list[str]) -> list[dict]:
    return run_lighthouse(url, audit_pages(discover_paths(url)), categories)


if __name__ == "__main__":
    sys.exit(main())
