"""Properties of the Merkle code against a literal transcription of the RFC 9162 definitions.

The reference functions below follow MTH, PATH and SUBPROOF (§2.1.1, §2.1.3.1, §2.1.4.1) word
for word, recursively; the production code computes the same values iteratively.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledgeflow.audit.merkle import (
    EMPTY_ROOT,
    CompactRange,
    LeafHashList,
    hash_leaves,
    node_hash,
    tree_root,
)
from pledgeflow.audit.proofs import (
    InvalidProof,
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)


def split(count: int) -> int:
    k = 1
    while k * 2 < count:
        k *= 2
    return k


def mth(hashes: Sequence[bytes]) -> bytes:
    if not hashes:
        return EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = split(len(hashes))
    return node_hash(mth(hashes[:k]), mth(hashes[k:]))


def path(index: int, hashes: Sequence[bytes]) -> list[bytes]:
    if len(hashes) == 1:
        return []
    k = split(len(hashes))
    if index < k:
        return [*path(index, hashes[:k]), mth(hashes[k:])]
    return [*path(index - k, hashes[k:]), mth(hashes[:k])]


def subproof(old: int, hashes: Sequence[bytes], complete: bool) -> list[bytes]:
    if old == len(hashes):
        return [] if complete else [mth(hashes)]
    k = split(len(hashes))
    if old <= k:
        return [*subproof(old, hashes[:k], complete), mth(hashes[k:])]
    return [*subproof(old - k, hashes[k:], False), mth(hashes[:k])]


entries = st.lists(st.binary(max_size=12), min_size=1, max_size=70)


@st.composite
def tree_and_index(draw: st.DrawFn) -> tuple[list[bytes], int]:
    hashes = hash_leaves(draw(entries))
    return hashes, draw(st.integers(0, len(hashes) - 1))


@st.composite
def tree_and_sizes(draw: st.DrawFn) -> tuple[list[bytes], int, int]:
    hashes = hash_leaves(draw(entries))
    size2 = draw(st.integers(1, len(hashes)))
    return hashes, draw(st.integers(1, size2)), size2


def flip(value: bytes, bit: int) -> bytes:
    position = bit % (8 * len(value))
    changed = bytearray(value)
    changed[position // 8] ^= 1 << (position % 8)
    return bytes(changed)


@given(entries)
def test_compact_range_root_is_the_recursive_root_at_every_size(data: list[bytes]) -> None:
    hashes = hash_leaves(data)
    edge = CompactRange()
    assert edge.root() == mth([])
    for size, value in enumerate(hashes, start=1):
        edge.append(value)
        assert edge.size == size
        assert len(edge.hashes) == size.bit_count()
        assert edge.root() == mth(hashes[:size]) == tree_root(hashes, size)


@given(entries)
def test_compact_range_survives_serialisation(data: list[bytes]) -> None:
    edge = CompactRange()
    edge.extend(hash_leaves(data))
    restored = CompactRange.from_bytes(edge.to_bytes())
    assert restored == edge
    assert CompactRange.restore(edge.size, edge.hashes).root() == edge.root()
    extra = hash_leaves([b"next"])[0]
    restored.append(extra)
    assert restored.root() == mth([*hash_leaves(data), extra])


@given(tree_and_index())
def test_every_inclusion_proof_verifies(case: tuple[list[bytes], int]) -> None:
    hashes, index = case
    size = len(hashes)
    proof = inclusion_proof(hashes, index, size)
    assert proof == path(index, hashes)
    assert inclusion_proof(LeafHashList(hashes), index, size) == proof
    verify_inclusion(hashes[index], index, size, proof, mth(hashes))


@given(tree_and_sizes())
def test_every_consistency_proof_verifies(case: tuple[list[bytes], int, int]) -> None:
    hashes, size1, size2 = case
    proof = consistency_proof(hashes, size1, size2)
    assert proof == subproof(size1, hashes[:size2], True)
    assert consistency_proof(LeafHashList(hashes), size1, size2) == proof
    verify_consistency(size1, size2, proof, mth(hashes[:size1]), mth(hashes[:size2]))


@given(tree_and_index(), st.integers(min_value=0), st.integers(min_value=0))
def test_a_flipped_bit_in_an_inclusion_proof_fails(
    case: tuple[list[bytes], int], which: int, bit: int
) -> None:
    hashes, index = case
    size = len(hashes)
    proof = inclusion_proof(hashes, index, size)
    root = mth(hashes)
    if proof:
        position = which % len(proof)
        tampered = [*proof[:position], flip(proof[position], bit), *proof[position + 1 :]]
        with pytest.raises(InvalidProof):
            verify_inclusion(hashes[index], index, size, tampered, root)
    with pytest.raises(InvalidProof):
        verify_inclusion(flip(hashes[index], bit), index, size, proof, root)
    with pytest.raises(InvalidProof):
        verify_inclusion(hashes[index], index, size, proof, flip(root, bit))


@given(tree_and_sizes(), st.integers(min_value=0), st.integers(min_value=0))
def test_a_flipped_bit_in_a_consistency_proof_fails(
    case: tuple[list[bytes], int, int], which: int, bit: int
) -> None:
    hashes, size1, size2 = case
    proof = consistency_proof(hashes, size1, size2)
    root1, root2 = mth(hashes[:size1]), mth(hashes[:size2])
    if proof:
        position = which % len(proof)
        tampered = [*proof[:position], flip(proof[position], bit), *proof[position + 1 :]]
        with pytest.raises(InvalidProof):
            verify_consistency(size1, size2, tampered, root1, root2)
    with pytest.raises(InvalidProof):
        verify_consistency(size1, size2, proof, flip(root1, bit), root2)
    with pytest.raises(InvalidProof):
        verify_consistency(size1, size2, proof, root1, flip(root2, bit))
