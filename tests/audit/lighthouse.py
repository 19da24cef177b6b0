"""Lighthouse over the main public pages of a running site: which pages, how to run it, how to read it.

`make audit` (python -m tests.audit) reports every category; tests/audit/test_lighthouse.py gates
accessibility, best practices and SEO at 100. Performance is reported, not gated: on a shared
two-core machine its score moves by several points from one run to the next.
"""

import json
import os
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".tools"
RUNNER = Path(__file__).with_name("run_lighthouse.mjs")
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
REPORT_DIR = ROOT / "test-output" / "lighthouse"

ALL_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GATED_CATEGORIES = ("accessibility", "best-practices", "seo")
# The main public pages in English and Belarusian, the home page in every language.
BOTH_LANGUAGES = ("en", "be")
HOME_LANGUAGES = ("en", "be", "uk", "ru")
# A run whose trace Chromium failed to record has no scores; on a busy machine a second try records it.
TRIES = 2


@dataclass(frozen=True)
class AuditPage:
    """One page to audit, in one language (chosen by the language cookie, as a visitor's switch sets it)."""

    name: str
    path: str
    language: str


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310  the loopback site under audit
        return json.load(response)


def _exists(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310  the loopback site under audit
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def discover_paths(base_url: str) -> dict[str, str]:
    """The main public pages by name; a prisoner, an event and a day page are picked from the open data API."""
    prisoners = _get_json(f"{base_url}/api/v1/prisoners")["items"]
    prisoner = next((item for item in prisoners if item.get("in_custody")), prisoners[0])
    events = _get_json(f"{base_url}/api/v1/events")["items"]
    upcoming = _get_json(f"{base_url}/api/v1/dates/upcoming")["items"]
    # Whichever day page is open: the next occurrences first, then those events are listed for.
    days = [(item["date"]["slug"], item["on"]) for item in upcoming]
    days += [(event["occurrence"]["slug"], event["occurrence"]["date"]) for event in events if event.get("occurrence")]
    day = next(
        (path for slug, on in days if _exists(base_url + (path := f"/events/on/{slug}/{on[:4]}"))),
        None,
    )
    if day is None:
        raise RuntimeError(f"no day page (/events/on/<slug>/<year>) is open on {base_url}")
    return {
        "home": "/",
        "prisoners": "/prisoners",
        "prisoner": f"/prisoners/{prisoner['id']}",
        "counts": "/counts",
        "dates": "/dates",
        "events": "/events",
        "event": f"/events/{events[0]['id']}",
        "subscribe": "/subscribe",
        "day": day,
    }


def audit_pages(paths: dict[str, str]) -> list[AuditPage]:
    """Every page in English and Belarusian, and the home page in the other languages too."""
    pages = [AuditPage(name, path, language) for language in BOTH_LANGUAGES for name, path in paths.items()]
    pages += [
        AuditPage("home", paths["home"], language) for language in HOME_LANGUAGES if language not in BOTH_LANGUAGES
    ]
    return pages


def lighthouse_missing() -> str:
    """Why Lighthouse cannot run here, or "" when it can."""
    if not (TOOLS / "node_modules" / "lighthouse" / "package.json").exists():
        return "Lighthouse is not installed in .tools/: `make audit` or `make test` installs it"
    if not Path(CHROME_PATH).exists():
        return f"no Chromium at {CHROME_PATH}: run `make chromium`"
    return ""


def run_lighthouse(
    base_url: str, pages: list[AuditPage], categories=ALL_CATEGORIES, report_dir=REPORT_DIR
) -> list[dict]:
    """Lighthouse's mobile preset on each page in turn, in one Chromium; a result per page."""
    results = _run(base_url, pages, categories, report_dir)
    for _try in range(1, TRIES):
        retry = [i for i, result in enumerate(results) if result["runtimeError"]]
        if not retry:
            break
        again = _run(base_url, [pages[i] for i in retry], categories, report_dir)
        for i, result in zip(retry, again, strict=True):
            results[i] = result
    return results


def _run(base_url: str, pages: list[AuditPage], categories, report_dir) -> list[dict]:
    job = {
        "tools": str(TOOLS),
        "chromePath": CHROME_PATH,
        "categories": list(categories),
        "reportDir": str(report_dir) if report_dir else "",
        "pages": [{"name": p.name, "url": base_url + p.path, "language": p.language} for p in pages],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json") as job_file:
        json.dump(job, job_file)
        job_file.flush()
        finished = subprocess.run(
            ["node", str(RUNNER), job_file.name], capture_output=True, text=True, check=False, cwd=ROOT
        )
    if finished.returncode != 0:
        raise RuntimeError(f"Lighthouse failed (exit {finished.returncode}):\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout)


def failures(results: list[dict], categories=GATED_CATEGORIES) -> list[str]:
    """One readable line per audit that keeps a gated category of a page under 100."""
    lines = []
    for result in results:
        page = f"{result['name']} ({result['language']}) {result['url']}"
        if result["runtimeError"]:
            lines.append(f"{page}: Lighthouse could not audit it: {result['runtimeError']}")
            continue
        for category in categories:
            if result["scores"][category] == 100:
                continue
            for audit in result["failing"][category] or [{"id": "?", "title": "score below 100", "where": []}]:
                where = "; ".join(audit["where"])
                lines.append(f"{page}: {category} {result['scores'][category]}: {audit['id']} — {audit['title']}")
                if where:
                    lines.append(f"    at {where}")
    return lines


def _shown(score: int | None) -> str:
    return "–" if score is None else str(score)


def score_table(results: list[dict], categories=ALL_CATEGORIES) -> str:
    """The scores as a plain-text table, one row per page and language."""
    header = ["page", "lang", *categories, "seconds"]
    rows = [
        [
            result["name"],
            result["language"],
            *(_shown(result["scores"].get(category)) for category in categories),
            f"{result['seconds']:.0f}",
        ]
        for result in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in [header, *rows]
    )
