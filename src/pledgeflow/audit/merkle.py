"""RFC 9162 (RFC 6962) Merkle tree hashing: leaf and node hashes, tree heads, the right edge.

The audit log is an append-only list of entries. Its tree head for size n is the Merkle Tree
Hash MTH(D[0:n]) of RFC 9162 §2.1.1:

- MTH of the empty list is SHA-256 of the empty string;
- the leaf hash is SHA-256(0x00 ‖ entry) and a node is SHA-256(0x01 ‖ left ‖ right);
- for n > 1, with k the largest power of two smaller than n,
  MTH(D[0:n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])).

The distinct prefixes keep a leaf from ever being passed off as an inner node (second-preimage
resistance). Two equivalent ways of computing the same head are used here, both without one
Python object per tree node:

- folding a level at a time, carrying an odd last node up unchanged, gives the same tree as
  the recursive split (the recursive split is exactly "complete subtrees from the left");
- a `CompactRange` keeps only the roots of the complete subtrees along the right edge, one per
  set bit of n, so an append costs O(log n) and the head is known without a rebuild.

A database-backed log supplies leaf hashes lazily through a `LeafHashSource`; roots of long
ranges are computed chunk by chunk, so memory stays bounded by the chunk size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Protocol, runtime_checkable

HASH_SIZE = 32
"""Every hash in the tree is a SHA-256 digest: exactly 32 bytes."""

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()
"""Tree head of the empty log (RFC 9162 §2.1.1): SHA-256 of the empty string."""

CHUNK_LEAVES = 1 << 14
"""Leaves read and folded at a time when hashing a range; a power of two, so every full chunk
is a complete subtree of the range it belongs to."""

_sha256 = hashlib.sha256


@runtime_checkable
class LeafHashSource(Protocol):
    """Anything that can hand out the leaf hashes of a log by position, e.g. a database table.

    `leaf_hashes(start, end)` returns the hashes of leaves start … end-1, in order. The source
    is the log's own storage and is trusted to return 32-byte hashes; a corrupted hash shows up
    as a root that no longer matches a signed checkpoint.
    """

    def leaf_hashes(self, start: int, end: int) -> Sequence[bytes]: ...


class LeafHashList:
    """A `LeafHashSource` over an in-memory sequence of leaf hashes."""

    __slots__ = ("_hashes",)

    def __init__(self, hashes: Sequence[bytes]) -> None:
        self._hashes = hashes

    def __len__(self) -> int:
        return len(self._hashes)

    def leaf_hashes(self, start: int, end: int) -> Sequence[bytes]:
        if not 0 <= start <= end <= len(self._hashes):
            raise ValueError(f"leaf range [{start}, {end}) outside 0..{len(self._hashes)}")
        return self._hashes[start:end]


Leaves = Sequence[bytes] | LeafHashSource
"""Leaf hashes given either all at once or through a lazy source."""


def as_source(leaves: Leaves) -> LeafHashSource:
    """The lazy view of `leaves`, wrapping an in-memory sequence when needed."""
    if isinstance(leaves, LeafHashSource):
        return leaves
    return LeafHashList(leaves)


def leaf_hash(entry: bytes) -> bytes:
    """SHA-256(0x00 ‖ entry): the hash of one log entry as a leaf."""
    return _sha256(LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 ‖ left ‖ right): the hash of an inner node."""
    return _sha256(NODE_PREFIX + left + right).digest()


def hash_leaves(entries: Iterable[bytes]) -> list[bytes]:
    """Leaf hashes of many raw entries, in order; a tight loop for bulk (re)hashing."""
    sha256, prefix = _sha256, LEAF_PREFIX
    return [sha256(prefix + entry).digest() for entry in entries]


def fold_level_by_level(hashes: Sequence[bytes]) -> bytes:
    """MTH of a non-empty list of leaf hashes, pairing neighbours one level at a time.

    An odd node at the end of a level is carried up unchanged; this yields the RFC tree
    because the recursive split always puts the complete subtrees on the left.
    """
    if not hashes:
        raise ValueError("cannot fold an empty list; the empty tree's head is EMPTY_ROOT")
    sha256, prefix = _sha256, NODE_PREFIX
    level = list(hashes)
    while len(level) > 1:
        pairs = iter(level)
        carried = [level[-1]] if len(level) % 2 else []
        level = [sha256(prefix + a + b).digest() for a, b in zip(pairs, pairs, strict=False)]
        level.extend(carried)
    return level[0]


def root_of_entries(entries: Iterable[bytes]) -> tuple[int, bytes]:
    """(size, tree head) of a stream of raw entries, e.g. a log re-read from storage.

    Entries are hashed and folded a chunk at a time, so only one chunk of leaf hashes is held
    however long the log is.
    """
    edge = CompactRange()
    height = CHUNK_LEAVES.bit_length() - 1
    sha256, prefix = _sha256, LEAF_PREFIX
    iterator = iter(entries)
    while True:
        chunk = [sha256(prefix + entry).digest() for entry in islice(iterator, CHUNK_LEAVES)]
        if len(chunk) < CHUNK_LEAVES:
            edge.extend(chunk)
            return edge.size, edge.root()
        edge.push_subtree(fold_level_by_level(chunk), height)


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of all of `leaf_hashes`; EMPTY_ROOT for an empty list."""
    return range_root(LeafHashList(leaf_hashes), 0, len(leaf_hashes))


def tree_root(leaves: Leaves, size: int) -> bytes:
    """Tree head of the first `size` leaves of a log."""
    if size < 0:
        raise ValueError(f"tree size must not be negative, got {size}")
    return range_root(as_source(leaves), 0, size)


def range_root(source: LeafHashSource, start: int, end: int) -> bytes:
    """MTH(D[start:end]) read chunk by chunk: each full chunk is a complete subtree of the
    range, pushed onto a compact range; the short tail is appended leaf by leaf."""
    if start > end:
        raise ValueError(f"empty or reversed leaf range [{start}, {end})")
    edge = CompactRange()
    position = start
    while end - position >= CHUNK_LEAVES:
        chunk = _fetch(source, position, position + CHUNK_LEAVES)
        edge.push_subtree(fold_level_by_level(chunk), CHUNK_LEAVES.bit_length() - 1)
        position += CHUNK_LEAVES
    if position < end:
        edge.extend(_fetch(source, position, end))
    return edge.root()


def _fetch(source: LeafHashSource, start: int, end: int) -> Sequence[bytes]:
    hashes = source.leaf_hashes(start, end)
    if len(hashes) != end - start:
        raise ValueError(f"leaf source returned {len(hashes)} hashes for [{start}, {end})")
    return hashes


class CompactRange:
    """The right edge of a log: roots of the complete subtrees covering leaves 0 … size-1.

    Invariant: `hashes[i]` is the root of the i-th complete subtree from the left, and their
    heights are the set bits of `size` from the highest down, so there are popcount(size) of
    them. Appending a leaf merges equal-height subtrees like a binary carry (O(log n) hashes),
    and the head folds the edge right to left (O(log n)). The pair (size, hashes) is all the
    log must persist to keep appending after a restart.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self) -> None:
        self._size = 0
        self._hashes: list[bytes] = []

    @classmethod
    def restore(cls, size: int, hashes: Sequence[bytes]) -> CompactRange:
        """Rebuild a persisted right edge, rejecting one that breaks the invariant."""
        if size < 0:
            raise ValueError(f"compact range size must not be negative, got {size}")
        if len(hashes) != size.bit_count():
            raise ValueError(
                f"a compact range of size {size} holds {size.bit_count()} hashes, got {len(hashes)}"
            )
        for position, value in enumerate(hashes):
            _require_hash(value, f"compact range hash {position}")
        edge = cls()
        edge._size = size
        edge._hashes = [bytes(value) for value in hashes]
        return edge

    @classmethod
    def from_bytes(cls, data: bytes | bytearray | memoryview) -> CompactRange:
        """Inverse of `to_bytes`: 8-byte big-endian size, then the hashes concatenated."""
        raw = bytes(data)  # database drivers may hand back a memoryview
        if len(raw) < 8 or (len(raw) - 8) % HASH_SIZE:
            raise ValueError(f"a serialised compact range has 8 + 32·k bytes, got {len(raw)}")
        size = int.from_bytes(raw[:8], "big")
        body = raw[8:]
        return cls.restore(size, [body[i : i + HASH_SIZE] for i in range(0, len(body), HASH_SIZE)])

    @property
    def size(self) -> int:
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """The subtree roots from the left (largest) to the right (smallest)."""
        return tuple(self._hashes)

    def to_bytes(self) -> bytes:
        return self._size.to_bytes(8, "big") + b"".join(self._hashes)

    def copy(self) -> CompactRange:
        return CompactRange.restore(self._size, self._hashes)

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf (by its leaf hash) at the right end of the log."""
        self.push_subtree(leaf_hash, 0)

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        for value in leaf_hashes:
            self.append(value)

    def push_subtree(self, subtree_root: bytes, height: int) -> None:
        """Add a complete subtree of 2**height leaves; the size must be a multiple of it,
        otherwise the subtree would not be a node of the resulting tree."""
        if height < 0 or self._size & ((1 << height) - 1):
            raise ValueError(f"cannot push a subtree of height {height} at size {self._size}")
        _require_hash(subtree_root, "subtree root")
        merged, level, stack = subtree_root, height, self._hashes
        sha256, prefix = _sha256, NODE_PREFIX
        while (self._size >> level) & 1:
            merged = sha256(prefix + stack.pop() + merged).digest()
            level += 1
        stack.append(merged)
        self._size += 1 << height

    def root(self) -> bytes:
        """The tree head of the leaves appended so far."""
        if not self._hashes:
            return EMPTY_ROOT
        sha256, prefix = _sha256, NODE_PREFIX
        merged = self._hashes[-1]
        for left in reversed(self._hashes[:-1]):
            merged = sha256(prefix + left + merged).digest()
        return merged

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompactRange):
            return NotImplemented
        return self._size == other._size and self._hashes == other._hashes

    __hash__ = None  # type: ignore[assignment]  # mutable: appending changes equality

    def __repr__(self) -> str:
        return f"CompactRange(size={self._size}, hashes={len(self._hashes)})"


def _require_hash(value: object, what: str) -> None:
    if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
        length = len(value) if isinstance(value, bytes | bytearray) else type(value).__name__
        raise ValueError(f"{what} must be exactly {HASH_SIZE} bytes, got {length}")
