"""The tamper-evident record: RFC 9162 Merkle hashing, proofs and signed checkpoints.

Pure code: no database, files, clock or randomness, apart from the explicit key-file and
key-generation helpers in `checkpoints`. The database-backed log builds on these functions.
"""

from pledgeflow.audit.checkpoints import (
    Checkpoint,
    InsecureKeyFile,
    OriginMismatch,
    SignedCheckpoint,
    generate_signer_key,
    load_signer_key,
    load_verifier_key,
    parse_checkpoint,
    sign_checkpoint,
    verify_checkpoint,
    write_key_pair,
)
from pledgeflow.audit.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    CompactRange,
    LeafHashList,
    LeafHashSource,
    hash_leaves,
    leaf_hash,
    node_hash,
    range_root,
    root_of,
    tree_root,
)
from pledgeflow.audit.notes import (
    BadSignature,
    CheckpointError,
    MalformedKey,
    MalformedNote,
    SignerKey,
    VerifierKey,
    WrongKey,
    parse_verifier_key,
)
from pledgeflow.audit.proofs import (
    InvalidProof,
    consistency_proof,
    inclusion_proof,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "BadSignature",
    "Checkpoint",
    "CheckpointError",
    "CompactRange",
    "InsecureKeyFile",
    "InvalidProof",
    "LeafHashList",
    "LeafHashSource",
    "MalformedKey",
    "MalformedNote",
    "OriginMismatch",
    "SignedCheckpoint",
    "SignerKey",
    "VerifierKey",
    "WrongKey",
    "consistency_proof",
    "generate_signer_key",
    "hash_leaves",
    "inclusion_proof",
    "leaf_hash",
    "load_signer_key",
    "load_verifier_key",
    "node_hash",
    "parse_checkpoint",
    "parse_verifier_key",
    "range_root",
    "root_from_inclusion_proof",
    "root_of",
    "sign_checkpoint",
    "tree_root",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
    "write_key_pair",
]
