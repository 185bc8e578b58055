"""Inclusion and consistency proofs of RFC 9162: generating them and verifying them.

Generation follows the recursive definitions PATH (§2.1.3.1) and SUBPROOF (§2.1.4.1), unrolled
into a walk from the root down that records which sibling ranges the proof needs; each range's
root is then read from the leaf hashes (`range_root`), so a database-backed log only has to
serve leaf hashes by position. Together the ranges cover every leaf once, so a proof costs
O(n) hashing and O(chunk) memory.

Verification follows §2.1.3.2 and §2.1.4.2 step by step. Before those steps it rejects, with a
message saying which rule failed, what the RFC algorithms take as given or leave to the caller:
any hash that is not exactly 32 bytes, a leaf index outside the tree, a consistency proof from
size 0 or to a smaller tree, equal sizes with a non-empty proof or different roots, and a proof
whose length differs from the one the sizes determine.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence

from pledgeflow.audit.merkle import HASH_SIZE, Leaves, as_source, node_hash, range_root


class InvalidProof(ValueError):
    """A proof did not verify; the message names the rule it broke."""


def _split(count: int) -> int:
    """The largest power of two smaller than `count` (count ≥ 2): where MTH splits a list."""
    return 1 << ((count - 1).bit_length() - 1)


def inclusion_proof(leaves: Leaves, index: int, size: int) -> list[bytes]:
    """The audit path of leaf `index` in the tree of the first `size` leaves, bottom up."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    ranges: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        middle = start + _split(end - start)
        if index < middle:
            ranges.append((middle, end))
            end = middle
        else:
            ranges.append((start, middle))
            start = middle
    source = as_source(leaves)
    return [range_root(source, low, high) for low, high in reversed(ranges)]


def consistency_proof(leaves: Leaves, size1: int, size2: int) -> list[bytes]:
    """PROOF(size1, D[size2]): shows the tree of size1 leaves is a prefix of that of size2.

    Defined for 0 < size1 ≤ size2; equal sizes give the empty proof.
    """
    if not 0 < size1 <= size2:
        raise ValueError(f"a consistency proof needs 0 < size1 ≤ size2, got {size1}, {size2}")
    ranges: list[tuple[int, int]] = []
    offset, old, new, whole_old_tree_known = 0, size1, size2, True
    while old != new:
        half = _split(new)
        if old <= half:
            ranges.append((offset + half, offset + new))
            new = half
        else:
            ranges.append((offset, offset + half))
            offset, old, new, whole_old_tree_known = offset + half, old - half, new - half, False
    if not whole_old_tree_known:
        ranges.append((offset, offset + new))
    source = as_source(leaves)
    return [range_root(source, low, high) for low, high in reversed(ranges)]


def inclusion_proof_length(index: int, size: int) -> int:
    """Hashes in the audit path of leaf `index` in a tree of `size` leaves (index < size).

    Below the level where the paths to `index` and to the last leaf part, every level gives
    one sibling; above it, one more for each left sibling on the path (set bits of index).
    """
    inner = (index ^ (size - 1)).bit_length()
    return inner + (index >> inner).bit_count()


def consistency_proof_length(size1: int, size2: int) -> int:
    """Hashes in the consistency proof between sizes 0 < size1 < size2.

    It is the audit path of the last old leaf in the new tree, less the levels inside the
    largest complete subtree the old tree ends with, plus that subtree's root unless it is the
    whole old tree (a power-of-two size1, whose root the verifier already has).
    """
    last_old = size1 - 1
    inner = (last_old ^ (size2 - 1)).bit_length()
    border = (last_old >> inner).bit_count()
    shift = (size1 & -size1).bit_length() - 1
    seed = 0 if size1 & last_old == 0 else 1
    return seed + inner - shift + border


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """The tree head that `proof` puts leaf `index` under (RFC 9162 §2.1.3.2, steps 1–4)."""
    _require_hash(leaf_hash, "leaf hash")
    _require_proof_hashes(proof)
    if index < 0 or index >= size:
        raise InvalidProof(f"leaf index {index} is not below tree size {size}")
    expected = inclusion_proof_length(index, size)
    if len(proof) != expected:
        raise InvalidProof(
            f"inclusion proof for leaf {index} of {size} needs {expected} hashes, got {len(proof)}"
        )
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise InvalidProof("inclusion proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise InvalidProof("inclusion proof is shorter than the path to the root")
    return r


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise `InvalidProof` unless `proof` shows leaf `index` is in the tree with head `root`."""
    _require_hash(root, "root")
    computed = root_from_inclusion_proof(leaf_hash, index, size, proof)
    if not hmac.compare_digest(computed, root):
        raise InvalidProof(f"inclusion proof for leaf {index} of {size} leads to another root")


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Raise `InvalidProof` unless the tree (size1, root1) is a prefix of (size2, root2).

    Equal sizes are consistent exactly when the proof is empty and the two heads are the same
    bytes; nothing is hashed then, so, as in the reference verifier and its published vectors
    (transparency-dev/merkle, case "sizes are equal (one) and proof is empty"), the roots'
    length is not checked in that case. Everywhere else every hash must be 32 bytes.
    """
    _require_proof_hashes(proof)
    if size1 <= 0:
        raise InvalidProof(f"consistency is only provable from a non-empty tree, size1 = {size1}")
    if size2 < size1:
        raise InvalidProof(f"size2 = {size2} is smaller than size1 = {size1}")
    if size1 == size2:
        if proof:
            raise InvalidProof(f"equal sizes need an empty proof, got {len(proof)} hashes")
        if not hmac.compare_digest(root1, root2):
            raise InvalidProof(f"two different roots for the same size {size1}")
        return
    _require_hash(root1, "root1")
    _require_hash(root2, "root2")
    expected = consistency_proof_length(size1, size2)
    if len(proof) != expected:
        raise InvalidProof(
            f"consistency proof {size1} → {size2} needs {expected} hashes, got {len(proof)}"
        )
    _run_consistency_steps(size1, size2, list(proof), root1, root2)


def _run_consistency_steps(
    first: int, second: int, path: list[bytes], first_hash: bytes, second_hash: bytes
) -> None:
    """RFC 9162 §2.1.4.2 steps 1–7, for 0 < first < second."""
    if not path:
        raise InvalidProof("consistency proof is empty")
    if first & (first - 1) == 0:
        path.insert(0, first_hash)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise InvalidProof("consistency proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise InvalidProof("consistency proof is shorter than the path to the root")
    if not hmac.compare_digest(fr, first_hash):
        raise InvalidProof(f"consistency proof does not lead to the root of size {first}")
    if not hmac.compare_digest(sr, second_hash):
        raise InvalidProof(f"consistency proof does not lead to the root of size {second}")


def _require_hash(value: bytes, what: str) -> None:
    if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
        raise InvalidProof(f"{what} must be exactly {HASH_SIZE} bytes, got {len(value)}")


def _require_proof_hashes(proof: Sequence[bytes]) -> None:
    for position, value in enumerate(proof):
        _require_hash(value, f"proof hash {position}")
