"""C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys.

A signed note is a text ending in a newline, a blank line, then one or more signature lines
`— <key name> <base64(key ID ‖ signature)>`. The signature covers the text including its final
newline. A key is known to a verifier by the pair (name, key ID), where

    key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte Ed25519 public key)[:4]

and it is shared in the verifier-key text form `<name>+<hex key ID>+<base64(0x01 ‖ key)>`.
Verifiers ignore signatures by keys they do not know (so partners can cosign and logs can
rotate keys), must verify the ones by the key they trust, and reject the note when such a
signature fails or when there is none.

Everything here is pure: signing with Ed25519 is deterministic (RFC 8032).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519_TYPE = 0x01
"""Signature type byte of Ed25519 signatures in C2SP notes."""

SIGNATURE_PREFIX = "\u2014 "
"""An em dash and a space open every signature line."""

MAX_SIGNATURES = 100
"""Notes with more signature lines are rejected (the spec asks verifiers to set a limit ≥ 16)."""

KEY_ID_SIZE = 4
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64


class CheckpointError(ValueError):
    """A checkpoint, note or key could not be used; subclasses say why."""


class MalformedNote(CheckpointError):
    """The text does not follow the signed-note or checkpoint format."""


class MalformedKey(CheckpointError):
    """A key name or verifier key text does not follow the note key format."""


class WrongKey(CheckpointError):
    """The note carries no signature by the key the verifier trusts."""


class BadSignature(CheckpointError):
    """A signature by the trusted key does not verify: the text or signature was altered."""


def check_key_name(name: str) -> None:
    """Key names are non-empty and contain no Unicode space, no '+' and no control character."""
    if not name:
        raise MalformedKey("key name must not be empty")
    for char in name:
        if char.isspace() or char == "+" or ord(char) < 0x20 or char == "\x7f":
            raise MalformedKey(f"key name {name!r} must not contain {char!r}")


def key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte ID of an Ed25519 key, bound to its name and signature type."""
    data = name.encode() + b"\n" + bytes([ED25519_TYPE]) + public_key
    return hashlib.sha256(data).digest()[:KEY_ID_SIZE]


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A named Ed25519 public key, as partners store it to check checkpoints."""

    name: str
    public_key: bytes

    def __post_init__(self) -> None:
        check_key_name(self.name)
        if len(self.public_key) != PUBLIC_KEY_SIZE:
            raise MalformedKey(f"an Ed25519 public key has 32 bytes, got {len(self.public_key)}")

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public_key)

    @property
    def text(self) -> str:
        """`<name>+<hex key ID>+<base64(0x01 ‖ public key)>`."""
        encoded = base64.b64encode(bytes([ED25519_TYPE]) + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    def verify(self, signature: bytes, message: bytes) -> bool:
        if len(signature) != SIGNATURE_SIZE:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True, slots=True)
class SignerKey:
    """A named Ed25519 private key, held by the log operator only."""

    name: str
    private_key: Ed25519PrivateKey

    def __post_init__(self) -> None:
        check_key_name(self.name)

    @property
    def verifier(self) -> VerifierKey:
        return VerifierKey(self.name, self.private_key.public_key().public_bytes_raw())


def parse_verifier_key(text: str) -> VerifierKey:
    """Read `<name>+<hex key ID>+<base64(0x01 ‖ key)>`, checking the ID matches the key."""
    parts = text.strip().split("+", 2)  # base64 itself may contain "+"
    if len(parts) != 3:
        raise MalformedKey("a verifier key reads <name>+<hex key ID>+<base64 key>")
    name, id_hex, encoded = parts
    if len(id_hex) != 2 * KEY_ID_SIZE or id_hex != id_hex.lower():
        raise MalformedKey(f"key ID {id_hex!r} must be 8 lower-case hex digits")
    try:
        claimed_id = bytes.fromhex(id_hex)
    except ValueError as error:
        raise MalformedKey(f"key ID {id_hex!r} is not hex") from error
    material = decode_base64(encoded, "verifier key", MalformedKey)
    if len(material) != 1 + PUBLIC_KEY_SIZE or material[0] != ED25519_TYPE:
        raise MalformedKey("verifier key must be 0x01 followed by a 32-byte Ed25519 key")
    key = VerifierKey(name, material[1:])
    if key.key_id != claimed_id:
        raise MalformedKey(f"key ID {id_hex} does not belong to this name and key")
    return key


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line: who signed (name, key ID) and the signature bytes."""

    name: str
    key_id: bytes
    signature: bytes

    @property
    def line(self) -> str:
        encoded = base64.b64encode(self.key_id + self.signature).decode()
        return f"{SIGNATURE_PREFIX}{self.name} {encoded}\n"


@dataclass(frozen=True, slots=True)
class SignedNote:
    """A note split into its signed text and its signature lines (not yet verified)."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def render(self) -> str:
        return self.text + "\n" + "".join(signature.line for signature in self.signatures)


def sign_note(text: str, signer: SignerKey) -> SignedNote:
    """Sign `text` (which must already be a valid note text) with `signer`."""
    check_note_text(text)
    signature = signer.private_key.sign(text.encode())
    return SignedNote(text, (NoteSignature(signer.name, signer.verifier.key_id, signature),))


def parse_note(note: str | bytes) -> SignedNote:
    """Split a signed note at its last blank line and parse every signature line."""
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError as error:
            raise MalformedNote(f"note is not valid UTF-8: {error.reason}") from error
    check_characters(note)
    split_at = note.rfind("\n\n")
    if split_at < 0:
        raise MalformedNote("note has no blank line between its text and signatures")
    text, block = note[: split_at + 1], note[split_at + 2 :]
    if not block:
        raise MalformedNote("note has no signature lines after its blank line")
    if not block.endswith("\n"):
        raise MalformedNote("signature block must end with a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNote(f"note has {len(lines)} signatures, more than {MAX_SIGNATURES}")
    return SignedNote(text, tuple(_parse_signature_line(line) for line in lines))


def verify_note(note: SignedNote, verifier: VerifierKey) -> None:
    """Accept the note only if the trusted key signed it and every such signature verifies."""
    wanted = verifier.key_id
    mine = [s for s in note.signatures if s.name == verifier.name and s.key_id == wanted]
    if not mine:
        present = ", ".join(f"{s.name}+{s.key_id.hex()}" for s in note.signatures)
        raise WrongKey(
            f"note is not signed by {verifier.name}+{wanted.hex()}; signed by: {present}"
        )
    message = note.text.encode()
    for signature in mine:
        if not verifier.verify(signature.signature, message):
            raise BadSignature(
                f"signature by {verifier.name}+{wanted.hex()} does not match the note text"
            )


def check_note_text(text: str) -> None:
    """A note text is non-empty, ends in a newline, and has no control character but newline."""
    if not text.endswith("\n"):
        raise MalformedNote("note text must end with a newline")
    check_characters(text)


def check_characters(text: str) -> None:
    for char in text:
        if ord(char) < 0x20 and char != "\n":
            raise MalformedNote(f"note contains control character U+{ord(char):04X}")


def decode_base64(encoded: str, what: str, error: type[CheckpointError] = MalformedNote) -> bytes:
    """Strict standard base64: valid alphabet and padding, and the canonical encoding only,
    so that every value has exactly one text form."""
    try:
        decoded = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as failure:
        raise error(f"{what} is not valid base64") from failure
    if base64.b64encode(decoded).decode() != encoded:
        raise error(f"{what} is not canonical base64")
    return decoded


def _parse_signature_line(line: str) -> NoteSignature:
    if not line.startswith(SIGNATURE_PREFIX):
        raise MalformedNote(f"signature line {line!r} must start with an em dash and a space")
    fields = line[len(SIGNATURE_PREFIX) :].split(" ")
    if len(fields) != 2:
        raise MalformedNote(f"signature line {line!r} must read '— <name> <base64>'")
    name, encoded = fields
    try:
        check_key_name(name)
    except MalformedKey as error:
        raise MalformedNote(str(error)) from error
    raw = decode_base64(encoded, f"signature by {name}")
    if len(raw) <= KEY_ID_SIZE:
        raise MalformedNote(f"signature by {name} is too short to hold a key ID and signature")
    return NoteSignature(name, raw[:KEY_ID_SIZE], raw[KEY_ID_SIZE:])
