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
