"""The RFC 6962 proof vectors (transparency-dev/merkle testdata), carried in tests/data/merkle.

Every JSON case names a verdict; the verifiers must reach it. The vectors are part of the
project (with their README and licence), so a plain clone runs all of them; when they are
missing the collection itself fails, rather than the cases turning into silent skips.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from pledgeflow.audit.proofs import InvalidProof, verify_consistency, verify_inclusion

VECTORS = Path(__file__).resolve().parents[2] / "data" / "merkle"

# 98 inclusion cases (folders 0-4, additional/0-3, single-entry) and 98 consistency cases
# (folders 0-4, additional): counted with `find <dir> -name '*.json' | wc -l`.
INCLUSION_CASES = 98
CONSISTENCY_CASES = 98


def _cases(kind: str) -> list[Path]:
    """The cases of one kind; none at all is an error at collection, never an empty skip."""
    cases = sorted((VECTORS / kind).rglob("*.json"))
    if not cases:
        raise FileNotFoundError(f"no {kind} vectors under {VECTORS / kind}")
    return cases


def _case_id(path: Path) -> str:
    return str(path.relative_to(VECTORS))


def _load(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return case


def _decode(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


def _proof(case: dict[str, Any]) -> list[bytes]:
    return [_decode(item) for item in case["proof"] or []]


def test_the_vectors_are_all_there() -> None:
    assert len(_cases("inclusion")) == INCLUSION_CASES
    assert len(_cases("consistency")) == CONSISTENCY_CASES
    assert len(_cases("inclusion")) + len(_cases("consistency")) == 196


@pytest.mark.parametrize("path", _cases("inclusion"), ids=_case_id)
def test_inclusion_vector(path: Path) -> None:
    case = _load(path)
    arguments = (
        _decode(case["leafHash"]),
        case["leafIdx"],
        case["treeSize"],
        _proof(case),
        _decode(case["root"]),
    )
    if case["wantErr"]:
        with pytest.raises(InvalidProof):
            verify_inclusion(*arguments)
    else:
        verify_inclusion(*arguments)


@pytest.mark.parametrize("path", _cases("consistency"), ids=_case_id)
def test_consistency_vector(path: Path) -> None:
    case = _load(path)
    arguments = (
        case["size1"],
        case["size2"],
        _proof(case),
        _decode(case["root1"]),
        _decode(case["root2"]),
    )
    if case["wantErr"]:
        with pytest.raises(InvalidProof):
            verify_consistency(*arguments)
    else:
        verify_consistency(*arguments)
