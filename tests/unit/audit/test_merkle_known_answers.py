"""Known answers for RFC 6962 hashing and proofs, and the verifiers' edge rules.

The reference tree is the certificate-transparency test tree: eight leaves "", 00, 10, 2021,
3031, 40414243, 5051525354555657, 606162636465666768696a6b6c6d6e6f. Its roots and node hashes
are the ones published in transparency-dev/merkle, testonly/constants.go (RootHashes and
NodeHashes), which carry over google/certificate-transparency's merkle_tree_test.cc; the proofs
below are assembled from those published node hashes.
"""

from __future__ import annotations

import hashlib

import pytest

from pledgeflow.audit.merkle import (
    CHUNK_LEAVES,
    EMPTY_ROOT,
    CompactRange,
    LeafHashList,
    fold_level_by_level,
    hash_leaves,
    leaf_hash,
    range_root,
    root_of,
    root_of_entries,
    tree_root,
)
from pledgeflow.audit.proofs import (
    InvalidProof,
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

LEAVES = [
    bytes.fromhex(text)
    for text in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]

# transparency-dev/merkle testonly/constants.go, RootHashes(), sizes 1 to 8.
ROOTS = [
    bytes.fromhex(text)
    for text in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]

# Node hashes of the same tree (NodeHashes(): level, then position), used to spell out proofs.
LEAF_1 = bytes.fromhex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")
LEAF_4 = bytes.fromhex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")
PAIR_1 = bytes.fromhex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e")
PAIR_2 = bytes.fromhex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a")
PAIR_3 = bytes.fromhex("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0")
QUAD_1 = bytes.fromhex("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")

EMPTY_TREE_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
EMPTY_LEAF_HEX = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"


def test_empty_tree_and_empty_leaf_hashes() -> None:
    assert EMPTY_ROOT.hex() == EMPTY_TREE_HEX
    assert root_of([]).hex() == EMPTY_TREE_HEX
    assert CompactRange().root().hex() == EMPTY_TREE_HEX
    assert leaf_hash(b"").hex() == EMPTY_LEAF_HEX


@pytest.mark.parametrize("size", range(1, 9))
def test_reference_tree_roots(size: int) -> None:
    hashes = hash_leaves(LEAVES)
    edge = CompactRange()
    edge.extend(hashes[:size])
    assert root_of(hashes[:size]) == ROOTS[size - 1]
    assert tree_root(hashes, size) == ROOTS[size - 1]
    assert edge.root() == ROOTS[size - 1]
    assert fold_level_by_level(hashes[:size]) == ROOTS[size - 1]


@pytest.mark.parametrize(
    ("index", "size", "expected"),
    [
        (0, 1, []),
        (0, 8, [LEAF_1, PAIR_1, QUAD_1]),
        (5, 8, [LEAF_4, PAIR_3, ROOTS[3]]),
        (2, 3, [ROOTS[1]]),
        (1, 5, [leaf_hash(LEAVES[0]), PAIR_1, LEAF_4]),
    ],
)
def test_reference_inclusion_proofs(index: int, size: int, expected: list[bytes]) -> None:
    hashes = hash_leaves(LEAVES)
    assert inclusion_proof(hashes, index, size) == expected
    verify_inclusion(hashes[index], index, size, expected, ROOTS[size - 1])


@pytest.mark.parametrize(
    ("size1", "size2", "expected"),
    [
        (1, 1, []),
        (1, 8, [LEAF_1, PAIR_1, QUAD_1]),
        (6, 8, [PAIR_2, PAIR_3, ROOTS[3]]),
        (2, 5, [PAIR_1, LEAF_4]),
    ],
)
def test_reference_consistency_proofs(size1: int, size2: int, expected: list[bytes]) -> None:
    hashes = hash_leaves(LEAVES)
    assert consistency_proof(hashes, size1, size2) == expected
    verify_consistency(size1, size2, expected, ROOTS[size1 - 1], ROOTS[size2 - 1])


def test_roots_across_chunk_boundaries_agree() -> None:
    count = 2 * CHUNK_LEAVES + 123
    hashes = hash_leaves(i.to_bytes(4, "big") for i in range(count))
    edge = CompactRange()
    edge.extend(hashes)
    assert root_of(hashes) == fold_level_by_level(hashes) == edge.root()
    middle = CHUNK_LEAVES // 2
    assert range_root(LeafHashList(hashes), middle, count) == fold_level_by_level(hashes[middle:])


def test_hash_leaves_matches_the_definition() -> None:
    entries = [b"", b"a", b"\x00" * 100]
    assert hash_leaves(entries) == [hashlib.sha256(b"\x00" + e).digest() for e in entries]


class TestVerifierEdgeRules:
    """Each rule on its own, on otherwise valid input from the reference tree."""

    hashes = hash_leaves(LEAVES)

    def test_leaf_index_at_or_beyond_the_size_is_rejected(self) -> None:
        proof = inclusion_proof(self.hashes, 7, 8)
        with pytest.raises(InvalidProof, match="not below tree size"):
            verify_inclusion(self.hashes[7], 8, 8, proof, ROOTS[7])
        with pytest.raises(InvalidProof, match="not below tree size"):
            verify_inclusion(self.hashes[0], -1, 8, proof, ROOTS[7])

    @pytest.mark.parametrize("length", [0, 31, 33])
    def test_hashes_of_the_wrong_length_are_rejected(self, length: int) -> None:
        proof = inclusion_proof(self.hashes, 3, 8)
        bad = b"\x01" * length
        with pytest.raises(InvalidProof, match="32 bytes"):
            verify_inclusion(bad, 3, 8, proof, ROOTS[7])
        with pytest.raises(InvalidProof, match="32 bytes"):
            verify_inclusion(self.hashes[3], 3, 8, proof, bad)
        with pytest.raises(InvalidProof, match="32 bytes"):
            verify_inclusion(self.hashes[3], 3, 8, [*proof[:-1], bad], ROOTS[7])
        consistency = consistency_proof(self.hashes, 3, 8)
        with pytest.raises(InvalidProof, match="32 bytes"):
            verify_consistency(3, 8, consistency, bad, ROOTS[7])
        with pytest.raises(InvalidProof, match="32 bytes"):
            verify_consistency(3, 8, [bad, *consistency[1:]], ROOTS[2], ROOTS[7])

    def test_proofs_of_the_wrong_length_are_rejected(self) -> None:
        proof = inclusion_proof(self.hashes, 3, 8)
        with pytest.raises(InvalidProof, match="needs 3 hashes"):
            verify_inclusion(self.hashes[3], 3, 8, [*proof, ROOTS[0]], ROOTS[7])
        with pytest.raises(InvalidProof, match="needs 3 hashes"):
            verify_inclusion(self.hashes[3], 3, 8, proof[:-1], ROOTS[7])
        consistency = consistency_proof(self.hashes, 3, 8)
        with pytest.raises(InvalidProof, match="needs"):
            verify_consistency(3, 8, consistency[:-1], ROOTS[2], ROOTS[7])
        with pytest.raises(InvalidProof, match="needs"):
            verify_consistency(3, 8, [*consistency, ROOTS[0]], ROOTS[2], ROOTS[7])

    def test_consistency_from_the_empty_tree_is_rejected(self) -> None:
        with pytest.raises(InvalidProof, match="non-empty tree"):
            verify_consistency(0, 8, [], EMPTY_ROOT, ROOTS[7])
        with pytest.raises(InvalidProof, match="non-empty tree"):
            verify_consistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)

    def test_equal_sizes_need_an_empty_proof_and_equal_roots(self) -> None:
        verify_consistency(5, 5, [], ROOTS[4], ROOTS[4])
        with pytest.raises(InvalidProof, match="empty proof"):
            verify_consistency(5, 5, [ROOTS[0]], ROOTS[4], ROOTS[4])
        with pytest.raises(InvalidProof, match="different roots"):
            verify_consistency(5, 5, [], ROOTS[4], ROOTS[5])

    def test_shrinking_tree_is_rejected(self) -> None:
        with pytest.raises(InvalidProof, match="smaller"):
            verify_consistency(8, 5, [], ROOTS[7], ROOTS[4])

    def test_generators_refuse_impossible_requests(self) -> None:
        with pytest.raises(ValueError, match="outside"):
            inclusion_proof(self.hashes, 8, 8)
        with pytest.raises(ValueError, match="0 < size1"):
            consistency_proof(self.hashes, 0, 8)
        with pytest.raises(ValueError, match="0 < size1"):
            consistency_proof(self.hashes, 5, 4)
        with pytest.raises(ValueError, match="outside"):
            inclusion_proof(self.hashes, 3, 9)


@pytest.mark.parametrize("count", [0, 1, 7, CHUNK_LEAVES, CHUNK_LEAVES + 5])
def test_root_of_entries_streams_to_the_same_root(count: int) -> None:
    entries = [i.to_bytes(3, "big") for i in range(count)]
    assert root_of_entries(iter(entries)) == (count, root_of(hash_leaves(entries)))
