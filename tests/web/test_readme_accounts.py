"""The README names the demo's accounts (issue 14, point 9): the ones `demo --serve` makes."""

from __future__ import annotations

from pathlib import Path

from pledgeflow.bootstrap import Container
from pledgeflow.demo.generator import demo_dataset
from pledgeflow.web.demo_site import demo_accounts

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_demo_account_is_in_the_readme(container: Container) -> None:
    with container.uow() as uow:
        uow.datasets.save(demo_dataset(1))
        uow.commit("import")
    _, accounts = demo_accounts(container)
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in accounts:
        assert f"| `{name}` |" in readme, name
