"""The results: a table on stdout and bench/results/latest.json, with the machine they came from."""

import json
import os
import platform
import sqlite3
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Row:
    """One line of the table: a measured value, and its target if it has one (else it is for information)."""

    figure: str
    engine: str
    value: float | None
    unit: str
    target: float | None = None
    comparison: str = ""  # ">=" or "<="
    key: str = ""

    @property
    def passed(self) -> bool | None:
        """True or False against the target; None when there is no target."""
        if self.target is None or self.comparison == "":
            return None
        if self.value is None:
            return False
        return self.value >= self.target if self.comparison == ">=" else self.value <= self.target

    def target_text(self) -> str:
        """e.g. "≥ 0.7" or "≤ 25 ms"."""
        if self.target is None:
            return ""
        sign = "≥" if self.comparison == ">=" else "≤"
        return f"{sign} {_number(self.target)}{' ' + self.unit if self.unit not in ('', 'x') else ''}"

    def value_text(self) -> str:
        """The value with its unit."""
        if self.value is None:
            return "—"
        return f"{_number(self.value)}{' ' + self.unit if self.unit not in ('', 'x') else ''}"


def _number(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 0.01 or value == 0:
        return f"{value:.2f}"
    return f"{value:.4f}"


@dataclass
class Report:
    """Everything one run measured."""

    rows: list[Row] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    machine: dict = field(default_factory=dict)
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def add(self, *rows: Row) -> None:
        """Append rows to the table."""
        self.rows.extend(rows)

    def failures(self) -> list[Row]:
        """Rows that missed their target."""
        return [row for row in self.rows if row.passed is False]

    def table(self) -> str:
        """A plain-text table: figure, engine, value, target, pass/fail."""
        header = ("Figure", "Engine", "Value", "Target", "Result")
        lines = [
            (row.figure, row.engine, row.value_text(), row.target_text(), _verdict(row.passed)) for row in self.rows
        ]
        widths = [max(len(str(line[index])) for line in [header, *lines]) for index in range(len(header))]

        def format_line(line) -> str:
            return "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()

        rule = "  ".join("-" * width for width in widths)
        return "\n".join([format_line(header), rule, *(format_line(line) for line in lines)])

    def write(self, path: Path) -> None:
        """Write the JSON document."""
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "started_at": self.started_at,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": self.machine,
            "results": [{**asdict(row), "target_text": row.target_text(), "passed": row.passed} for row in self.rows],
            "details": self.details,
        }
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "info"}[passed]


def _first_line(command: list[str]) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=10)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (
        (completed.stdout or completed.stderr).strip().splitlines()[0] if (completed.stdout or completed.stderr) else ""
    )


def machine_facts(postgres_url: str | None) -> dict:
    """Cores, CPU model, memory, load, and the versions of everything measured."""
    cpu_model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    facts = {
        "cores": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_mb": memory_kb // 1024,
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "wrk": _first_line(["wrk", "-v"]),
    }
    if postgres_url:
        engine = create_engine(postgres_url)
        with engine.connect() as connection:
            facts["postgresql"] = connection.scalar(text("SHOW server_version"))
        engine.dispose()
    from importlib.metadata import version

    for package in ("flask", "sqlalchemy", "gunicorn", "psycopg", "aiosmtpd", "icalendar"):
        facts[package] = version(package)
    return facts
