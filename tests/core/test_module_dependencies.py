"""The shared layer knows no feature, no module imports itself round a cycle, and the standard library is
imported at the top of a module."""

import ast
import sys
from pathlib import Path

import grimp
import pytest

TRACKER = Path(__file__).resolve().parents[2] / "tracker"
SHARED = ("tracker.core", "tracker.extensions", "tracker.timeutil")
# History and backup are shared machinery too; they may lean on accounts for sign-in and the users table.
MACHINERY = ("tracker.history", "tracker.backup")
ACCOUNTS = "tracker.accounts"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """Every import between tracker's modules, those inside functions included."""
    return grimp.build_graph("tracker", cache_dir=None)


def _outside(modules: set[str], allowed: tuple[str, ...]) -> list[str]:
    return sorted(
        module
        for module in modules
        if not any(module == package or module.startswith(f"{package}.") for package in allowed)
    )


def test_core_imports_no_feature(graph):
    assert _outside(graph.find_upstream_modules("tracker.core", as_package=True), SHARED) == []


@pytest.mark.parametrize("package", MACHINERY)
def test_history_and_backup_import_no_feature_but_accounts(graph, package):
    upstream = graph.find_upstream_modules(package, as_package=True)
    assert _outside(upstream, (*SHARED, *MACHINERY, ACCOUNTS)) == []


def test_no_module_imports_itself_through_others(graph):
    # The graph holds imports made inside functions too, so such an import does not hide a cycle.
    cycles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain:
                cycles.add(" -> ".join((module, *chain)))
    assert sorted(cycles) == []


def _function_local_imports(tree: ast.Module):
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    yield node, [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    yield node, [node.module]


def test_standard_library_is_imported_at_module_level():
    found = set()
    for path in sorted(TRACKER.rglob("*.py")):
        for node, names in _function_local_imports(ast.parse(path.read_text(encoding="utf-8"))):
            found |= {
                f"{path.relative_to(TRACKER.parent)}:{node.lineno} {name}"
                for name in names
                if name.partition(".")[0] in sys.stdlib_module_names
            }
    assert sorted(found) == []
