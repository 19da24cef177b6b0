"""Functions stay small enough to read in one pass: low complexity, and short enough to fit on a screen."""

import ast
from pathlib import Path

from radon.complexity import cc_rank, cc_visit

TRACKER = Path(__file__).resolve().parents[2] / "tracker"
MAX_GRADE_D = 3
MAX_LINES = 60
KNOWN_EXCEPTIONS: set[str] = set()


def _sources():
    for path in sorted(TRACKER.rglob("*.py")):
        relative = path.relative_to(TRACKER)
        if relative.parts[0] != "migrations":
            yield relative.as_posix(), path.read_text(encoding="utf-8")


def _functions():
    """(file:name, radon grade, lines) of every function and method outside the migrations."""
    for relative, source in _sources():
        lengths = {
            (node.name, node.lineno): node.end_lineno - node.lineno + 1
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for block in cc_visit(source):
            for function in [block, *getattr(block, "methods", [])]:
                if (function.name, function.lineno) in lengths:
                    name = f"{relative}:{function.name}"
                    yield name, cc_rank(function.complexity), lengths[(function.name, function.lineno)]


def test_no_function_is_graded_e_or_f_and_few_are_graded_d():
    functions = [(name, grade) for name, grade, _lines in _functions() if name not in KNOWN_EXCEPTIONS]
    assert [name for name, grade in functions if grade in {"E", "F"}] == []
    graded_d = [name for name, grade in functions if grade == "D"]
    assert len(graded_d) <= MAX_GRADE_D, graded_d


def test_no_function_is_longer_than_a_screen():
    too_long = [
        (name, lines) for name, _grade, lines in _functions() if lines > MAX_LINES and name not in KNOWN_EXCEPTIONS
    ]
    assert too_long == []
