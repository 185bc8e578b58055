"""Signed checkpoints (c2sp.org/tlog-checkpoint): the audit log's size and root, signed.

The note text is the origin line (which log), the tree size in decimal without leading zeros,
the base64 root hash, and optional non-empty extension lines:

    pledgeflow.example/audit
    1042
    CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

    — pledgeflow.example/audit <base64(key ID ‖ Ed25519 signature)>

Partners keep the checkpoints they are given. A later checkpoint plus a consistency proof
shows the log only grew; two signed checkpoints with no consistency proof between them are
evidence that someone rewrote the record. Parsing is strict (one text form per checkpoint), so
a checkpoint re-rendered from its fields is byte-for-byte the text that was signed.

All functions are pure except the key-file helpers at the end, which read and write files and
draw a fresh key from the operating system's randomness.
"""

from __future__ import annotations

import base64
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pledgeflow.audit.merkle import HASH_SIZE
from pledgeflow.audit.notes import (
    CheckpointError,
    MalformedKey,
    MalformedNote,
    NoteSignature,
    SignerKey,
    VerifierKey,
    check_characters,
    decode_base64,
    parse_note,
    parse_verifier_key,
    sign_note,
    verify_note,
)

_TREE_SIZE = re.compile(r"0|[1-9][0-9]*")
MAX_TREE_SIZE = 2**64 - 1
"""Tree sizes are unsigned 64-bit numbers in every tlog implementation."""


class OriginMismatch(CheckpointError):
    """The checkpoint is validly signed but speaks for another log than the one expected."""


class InsecureKeyFile(CheckpointError):
    """A private key file is readable or writable by users other than its owner."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tree head: the log `origin`, its `size` in leaves and the Merkle `root` at that size."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for what, line in (("origin", self.origin), *(("extension", e) for e in self.extensions)):
            if not line or "\n" in line:
                raise MalformedNote(f"checkpoint {what} line must be one non-empty line")
            check_characters(line)
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise MalformedNote(f"checkpoint tree size {self.size} is outside 0..2^64-1")
        if len(self.root) != HASH_SIZE:
            raise MalformedNote(f"checkpoint root must be 32 bytes, got {len(self.root)}")

    @property
    def text(self) -> str:
        """The note text that is signed: one line per field, each ending in a newline."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode()]
        return "".join(line + "\n" for line in (*lines, *self.extensions))


@dataclass(frozen=True, slots=True)
class SignedCheckpoint:
    """A parsed checkpoint with its signature lines, none of them verified yet."""

    checkpoint: Checkpoint
    signatures: tuple[NoteSignature, ...]


def sign_checkpoint(checkpoint: Checkpoint, signer: SignerKey) -> str:
    """The checkpoint as a signed note text. The key name should be the origin (C2SP)."""
    return sign_note(checkpoint.text, signer).render()


def parse_checkpoint(note: str | bytes) -> SignedCheckpoint:
    """Parse a signed checkpoint's syntax; raises `MalformedNote` naming the faulty part."""
    signed = parse_note(note)
    return SignedCheckpoint(parse_checkpoint_text(signed.text), signed.signatures)


def parse_checkpoint_text(text: str) -> Checkpoint:
    """Read the note text of a checkpoint (origin, size, root, extensions)."""
    lines = text[:-1].split("\n") if text.endswith("\n") else []
    if len(lines) < 3:
        raise MalformedNote("checkpoint needs an origin, a tree size and a root hash line")
    if any(not line for line in lines):
        raise MalformedNote("checkpoint lines must not be empty")
    origin, size_text, root_text, *extensions = lines
    if not _TREE_SIZE.fullmatch(size_text):
        raise MalformedNote(f"tree size {size_text!r} is not a decimal without leading zeros")
    root = decode_base64(root_text, "root hash")
    checkpoint = Checkpoint(origin, int(size_text), root, tuple(extensions))
    if checkpoint.text != text:
        raise MalformedNote("checkpoint text is not in its canonical form")
    return checkpoint


def verify_checkpoint(
    note: str | bytes, verifier: VerifierKey, *, origin: str | None = None
) -> Checkpoint:
    """The checkpoint, once its signature by `verifier` checks out.

    Raises `MalformedNote` for bad syntax, `WrongKey` when the trusted key did not sign it,
    `BadSignature` when its signature does not match the text, and `OriginMismatch` when
    `origin` is given and the checkpoint names another log.
    """
    signed = parse_note(note)
    checkpoint = parse_checkpoint_text(signed.text)
    verify_note(signed, verifier)
    if origin is not None and checkpoint.origin != origin:
        raise OriginMismatch(f"checkpoint is for log {checkpoint.origin!r}, not {origin!r}")
    return checkpoint


def generate_signer_key(name: str) -> SignerKey:
    """A fresh Ed25519 key named `name` (from the operating system's randomness)."""
    return SignerKey(name, Ed25519PrivateKey.generate())


def write_key_pair(
    name: str, private_key_path: Path, verifier_key_path: Path | None = None
) -> VerifierKey:
    """Create a key: the private key as PKCS#8 PEM readable by its owner only (0600), and,
    if asked, the verifier key text for partners. Never overwrites an existing file."""
    signer = generate_signer_key(name)
    pem = signer.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_new_file(private_key_path, pem, 0o600)
    verifier = signer.verifier
    if verifier_key_path is not None:
        _write_new_file(verifier_key_path, (verifier.text + "\n").encode(), 0o644)
    return verifier


def load_signer_key(name: str, private_key_path: Path) -> SignerKey:
    """Read a private key written by `write_key_pair`; refuses a file others can access."""
    mode = stat.S_IMODE(private_key_path.stat().st_mode)
    if mode & 0o077:
        raise InsecureKeyFile(
            f"private key {private_key_path} has mode {mode:04o}; it must be 0600 (owner only)"
        )
    try:
        key = serialization.load_pem_private_key(private_key_path.read_bytes(), password=None)
    except (ValueError, TypeError) as error:
        raise MalformedKey(f"{private_key_path} is not an unencrypted PEM private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise MalformedKey(f"{private_key_path} holds a {type(key).__name__}, not Ed25519")
    return SignerKey(name, key)


def load_verifier_key(verifier_key_path: Path) -> VerifierKey:
    """Read a verifier key text file (`<name>+<hex key ID>+<base64 key>`)."""
    return parse_verifier_key(verifier_key_path.read_text(encoding="utf-8"))


def _write_new_file(path: Path, content: bytes, mode: int) -> None:
    """Create `path` exclusively with `mode` set before any byte is written, so a private key
    is never readable by others, not even for a moment, whatever the umask."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    os.fchmod(descriptor, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
