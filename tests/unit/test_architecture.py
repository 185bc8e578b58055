"""The functional core stays pure: the domain imports no storage, web, CLI or file-system code."""

from __future__ import annotations

import ast
from pathlib import Path

import pledgeflow.domain

FORBIDDEN = {
    "sqlalchemy",
    "fastapi",
    "typer",
    "rich",
    "alembic",
    "psycopg",
    "openpyxl",
    "os",
    "pathlib",
    "shutil",
    "io",
    "sqlite3",
    "httpx",
    "starlette",
    "csv",
    "random",
    "time",
}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_imports_nothing_impure() -> None:
    package = Path(pledgeflow.domain.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert modules
    for module in modules:
        bad = imported_roots(module) & FORBIDDEN
        assert not bad, f"{module.name} imports {sorted(bad)}"


CLOCK_CALLS = {"now", "today", "utcnow", "monotonic", "perf_counter", "time"}
# audit/checkpoints.py reads and writes signing-key files (os, pathlib): its file I/O belongs
# in adapters/; until it moves, it is the one module of the pure core allowed them.
PURE_EXCEPTIONS = {"audit/checkpoints.py": {"os", "pathlib"}}


def clock_calls(path: Path) -> set[str]:
    """Names of calls such as `datetime.now()` or `dt.date.today()`: clock reads."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_CALLS
            and not node.args
        ):
            found.add(node.func.attr)
    return found


def test_planner_and_audit_cores_read_no_clock_and_no_file() -> None:
    """plan/ and audit/ are pure: a deadline or a timestamp is passed in (plan/budget.py),
    files are read and written by adapters/."""
    root = Path(pledgeflow.domain.__file__).parent.parent
    modules = sorted([*(root / "plan").glob("*.py"), *(root / "audit").glob("*.py")])
    assert len(modules) > 10
    for module in modules:
        name = module.relative_to(root).as_posix()
        bad = imported_roots(module) & FORBIDDEN - PURE_EXCEPTIONS.get(name, set())
        assert not bad, f"{name} imports {sorted(bad)}"
        assert not clock_calls(module), f"{name} reads a clock: {sorted(clock_calls(module))}"
