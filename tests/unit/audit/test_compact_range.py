"""The compact range (right edge) and lazy leaf sources: invariants a persisted log relies on."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pledgeflow.audit.merkle import (
    CHUNK_LEAVES,
    CompactRange,
    LeafHashSource,
    hash_leaves,
    root_of,
    tree_root,
)
from pledgeflow.audit.proofs import consistency_proof, inclusion_proof

HASHES = hash_leaves(i.to_bytes(4, "big") for i in range(3 * CHUNK_LEAVES + 17))


class CountingSource:
    """A stand-in for a table of leaf hashes: records every range it is asked for."""

    def __init__(self, hashes: Sequence[bytes]) -> None:
        self.hashes = hashes
        self.requests: list[tuple[int, int]] = []

    def leaf_hashes(self, start: int, end: int) -> Sequence[bytes]:
        self.requests.append((start, end))
        return self.hashes[start:end]


def test_a_lazy_source_is_read_in_bounded_chunks_covering_each_leaf_once() -> None:
    source = CountingSource(HASHES)
    assert isinstance(source, LeafHashSource)
    assert tree_root(source, len(HASHES)) == root_of(HASHES)
    assert all(end - start <= CHUNK_LEAVES for start, end in source.requests)
    assert sum(end - start for start, end in source.requests) == len(HASHES)


def test_proofs_from_a_lazy_source_read_each_leaf_at_most_once() -> None:
    size = len(HASHES)
    source = CountingSource(HASHES)
    assert inclusion_proof(source, 12345, size) == inclusion_proof(HASHES, 12345, size)
    assert sum(end - start for start, end in source.requests) == size - 1
    source.requests.clear()
    assert consistency_proof(source, 40000, size) == consistency_proof(HASHES, 40000, size)
    assert sum(end - start for start, end in source.requests) <= size


def test_a_source_returning_the_wrong_count_is_refused() -> None:
    class Short:
        def leaf_hashes(self, start: int, end: int) -> Sequence[bytes]:
            return HASHES[start : end - 1]

    with pytest.raises(ValueError, match="returned"):
        tree_root(Short(), 10)


def test_the_edge_holds_one_hash_per_set_bit_and_restores() -> None:
    edge = CompactRange()
    edge.extend(HASHES[:13])
    assert edge.size == 13
    assert edge.hashes == (root_of(HASHES[:8]), root_of(HASHES[8:12]), HASHES[12])
    data = edge.to_bytes()
    assert len(data) == 8 + 3 * 32
    assert CompactRange.from_bytes(memoryview(data)) == edge
    assert edge.copy() == edge
    assert edge.copy() is not edge


def test_appending_to_a_restored_edge_continues_the_same_tree() -> None:
    edge = CompactRange()
    edge.extend(HASHES[:1000])
    restored = CompactRange.restore(edge.size, edge.hashes)
    restored.extend(HASHES[1000:1500])
    assert restored.root() == root_of(HASHES[:1500])


@pytest.mark.parametrize(
    ("size", "hashes", "reason"),
    [
        (5, [HASHES[0]], "holds 2 hashes"),
        (1, [HASHES[0], HASHES[1]], "holds 1 hashes"),
        (-1, [], "negative"),
        (1, [b"\x00" * 31], "32 bytes"),
    ],
)
def test_restore_rejects_a_broken_edge(size: int, hashes: list[bytes], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        CompactRange.restore(size, hashes)


def test_from_bytes_rejects_truncated_data() -> None:
    edge = CompactRange()
    edge.extend(HASHES[:3])
    with pytest.raises(ValueError, match="8 \\+ 32"):
        CompactRange.from_bytes(edge.to_bytes()[:-1])
    with pytest.raises(ValueError, match="holds 2 hashes"):
        CompactRange.from_bytes(edge.to_bytes()[:-32])


def test_a_subtree_must_sit_on_its_own_boundary() -> None:
    edge = CompactRange()
    edge.append(HASHES[0])
    with pytest.raises(ValueError, match="height 1 at size 1"):
        edge.push_subtree(root_of(HASHES[1:3]), 1)
    edge.append(HASHES[1])
    edge.push_subtree(root_of(HASHES[2:4]), 1)
    assert edge.root() == root_of(HASHES[:4])


def test_a_leaf_hash_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        CompactRange().append(b"entry text, not its hash")
