"""Signed checkpoints: round trips, tampering, wrong keys, malformed text and key files."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from pledgeflow.audit.checkpoints import (
    Checkpoint,
    InsecureKeyFile,
    OriginMismatch,
    generate_signer_key,
    load_signer_key,
    load_verifier_key,
    parse_checkpoint,
    sign_checkpoint,
    verify_checkpoint,
    write_key_pair,
)
from pledgeflow.audit.merkle import hash_leaves, root_of
from pledgeflow.audit.notes import (
    BadSignature,
    CheckpointError,
    MalformedKey,
    MalformedNote,
    SignerKey,
    WrongKey,
    parse_note,
    parse_verifier_key,
    sign_note,
    verify_note,
)

ORIGIN = "pledgeflow.example/audit"
ROOT = root_of(hash_leaves([b"first entry", b"second entry", b"third entry"]))
SIGNER = SignerKey(ORIGIN, Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
CHECKPOINT = Checkpoint(ORIGIN, 3, ROOT)

# golang.org/x/mod sumdb/note (note.go package example and note_test.go): a signer key, its
# verifier key and the note it signs. Ed25519 is deterministic, so signing must reproduce it.
GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_SIGNATURE = (
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
)


def go_signer() -> SignerKey:
    seed = base64.b64decode(GO_SIGNER.split("+", 4)[4])[1:]
    return SignerKey("PeterNeumann", Ed25519PrivateKey.from_private_bytes(seed))


def test_signed_checkpoint_has_the_c2sp_layout() -> None:
    note = sign_checkpoint(CHECKPOINT, SIGNER)
    lines = note.split("\n")
    assert lines[:4] == [ORIGIN, "3", base64.b64encode(ROOT).decode(), ""]
    assert lines[4].startswith(f"\u2014 {ORIGIN} ")
    assert lines[5:] == [""]
    raw = base64.b64decode(lines[4].split(" ")[2])
    assert raw[:4] == SIGNER.verifier.key_id
    assert len(raw) == 4 + 64


def test_checkpoint_round_trip() -> None:
    note = sign_checkpoint(CHECKPOINT, SIGNER)
    assert verify_checkpoint(note, SIGNER.verifier) == CHECKPOINT
    assert verify_checkpoint(note.encode(), SIGNER.verifier, origin=ORIGIN) == CHECKPOINT
    parsed = parse_checkpoint(note)
    assert parsed.checkpoint == CHECKPOINT
    assert [s.name for s in parsed.signatures] == [ORIGIN]


@given(
    size=st.integers(0, 2**64 - 1),
    root=st.binary(min_size=32, max_size=32),
    extensions=st.lists(st.text("abc xyz/+=", min_size=1, max_size=8), max_size=3),
)
def test_any_checkpoint_round_trips(size: int, root: bytes, extensions: list[str]) -> None:
    checkpoint = Checkpoint(ORIGIN, size, root, tuple(extensions))
    assert verify_checkpoint(sign_checkpoint(checkpoint, SIGNER), SIGNER.verifier) == checkpoint


def test_every_changed_byte_is_caught() -> None:
    note = sign_checkpoint(CHECKPOINT, SIGNER).encode()
    for position in range(len(note)):
        changed = bytearray(note)
        changed[position] ^= 0x01
        with pytest.raises(CheckpointError):
            verify_checkpoint(bytes(changed), SIGNER.verifier)


def test_a_changed_size_or_root_fails_the_signature() -> None:
    note = sign_checkpoint(CHECKPOINT, SIGNER)
    with pytest.raises(BadSignature, match="does not match"):
        verify_checkpoint(note.replace(f"{ORIGIN}\n3\n", f"{ORIGIN}\n4\n"), SIGNER.verifier)
    other_root = base64.b64encode(bytes(32)).decode()
    tampered = note.replace(base64.b64encode(ROOT).decode(), other_root)
    with pytest.raises(BadSignature):
        verify_checkpoint(tampered, SIGNER.verifier)


def test_a_checkpoint_signed_by_another_key_is_refused() -> None:
    note = sign_checkpoint(CHECKPOINT, generate_signer_key(ORIGIN))
    with pytest.raises(WrongKey, match="not signed by"):
        verify_checkpoint(note, SIGNER.verifier)
    renamed = sign_checkpoint(CHECKPOINT, SignerKey("someone.else/log", SIGNER.private_key))
    with pytest.raises(WrongKey):
        verify_checkpoint(renamed, SIGNER.verifier)


def test_signatures_by_unknown_keys_are_ignored() -> None:
    own = sign_checkpoint(CHECKPOINT, SIGNER)
    witness = sign_checkpoint(CHECKPOINT, generate_signer_key("witness.example"))
    cosigned = own + witness.split("\n\n")[1]
    assert len(parse_checkpoint(cosigned).signatures) == 2
    assert verify_checkpoint(cosigned, SIGNER.verifier) == CHECKPOINT


def test_a_forged_signature_under_the_trusted_key_id_is_refused() -> None:
    note = sign_checkpoint(CHECKPOINT, SIGNER)
    body, line = note.split("\n\n")
    raw = bytearray(base64.b64decode(line.split(" ")[2]))
    raw[10] ^= 0xFF
    forged = f"{body}\n\n\u2014 {ORIGIN} {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(BadSignature):
        verify_checkpoint(forged, SIGNER.verifier)


def test_origin_must_match_when_asked() -> None:
    note = sign_checkpoint(CHECKPOINT, SIGNER)
    with pytest.raises(OriginMismatch, match=r"other\.example"):
        verify_checkpoint(note, SIGNER.verifier, origin="other.example/log")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("origin\n3\nROOT\n\u2014 k c2lnbmF0dXJl\n", "no blank line"),
        ("origin\n3\nROOT\n\n", "no signature lines"),
        ("origin\n03\nROOT\n\n\u2014 k c2lnbmF0dXJl\n", "leading zeros"),
        ("origin\n-3\nROOT\n\n\u2014 k c2lnbmF0dXJl\n", "decimal"),
        ("origin\n3\n\n\u2014 k c2lnbmF0dXJl\n", "needs an origin"),
        ("origin\n3\nAAAA\n\n\u2014 k c2lnbmF0dXJl\n", "32 bytes"),
        ("origin\n3\nROOT\nx\x01\n\n\u2014 k c2lnbmF0dXJl\n", "control character"),
        ("origin\n3\nROOT\n\n- k c2lnbmF0dXJl\n", "em dash"),
        ("origin\n3\nROOT\n\n\u2014 k c2lnbmF0dXJl", "end with a newline"),
        ("origin\n3\nROOT\n\n\u2014 k+1 c2lnbmF0dXJl\n", "must not contain"),
        ("origin\n3\nROOT\n\n\u2014 k c2lnbmF0dXJl!\n", "not valid base64"),
        ("origin\n3\nROOT\n\n\u2014 k c2lnbmF0dXJlIR==\n", "not canonical"),
        ("origin\n3\nROOT\n\n\u2014 k AAAA\n", "too short"),
        ("origin\n3\nROOT\n\n\u2014 k a b\n", "must read"),
    ],
)
def test_malformed_checkpoints_are_named(text: str, reason: str) -> None:
    note = text.replace("ROOT", base64.b64encode(ROOT).decode())
    with pytest.raises(MalformedNote, match=reason):
        verify_checkpoint(note, SIGNER.verifier)


def test_non_canonical_root_and_invalid_utf8_are_refused() -> None:
    note = sign_checkpoint(CHECKPOINT, SIGNER)
    encoded = base64.b64encode(bytes(31) + b"\x01").decode()
    loose = encoded[:-2] + chr(ord(encoded[-2]) + 1) + "="
    with pytest.raises(MalformedNote, match="canonical"):
        parse_checkpoint(note.replace(base64.b64encode(ROOT).decode(), loose))
    with pytest.raises(MalformedNote, match="UTF-8"):
        parse_checkpoint(b"\xff" + note.encode())


def test_too_many_signatures_are_refused() -> None:
    note = sign_checkpoint(CHECKPOINT, SIGNER)
    line = note.split("\n\n")[1]
    with pytest.raises(MalformedNote, match="more than 100"):
        parse_checkpoint(note + line * 100)


def test_go_reference_note_is_reproduced_and_verified() -> None:
    verifier = parse_verifier_key(GO_VERIFIER)
    assert go_signer().verifier == verifier
    assert verifier.text == GO_VERIFIER
    signed = sign_note(GO_TEXT, go_signer())
    expected = f"{GO_TEXT}\n\u2014 PeterNeumann {GO_SIGNATURE}\n"
    assert signed.render() == expected
    verify_note(parse_note(expected), verifier)
    with pytest.raises(BadSignature):
        verify_note(parse_note(expected.replace("cryptography", "cryptographY")), verifier)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("PeterNeumann+c74f20a3", "reads"),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "does not belong"),
        ("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "lower-case"),
        ("PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "0x01"),
        ("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "empty"),
        ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "contain"),
    ],
)
def test_malformed_verifier_keys_are_named(text: str, reason: str) -> None:
    with pytest.raises(MalformedKey, match=reason):
        parse_verifier_key(text)


def test_verifier_key_text_round_trips() -> None:
    text = SIGNER.verifier.text
    name, id_hex, _ = text.split("+", 2)
    assert (name, id_hex) == (ORIGIN, SIGNER.verifier.key_id.hex())
    assert parse_verifier_key(text) == SIGNER.verifier


def test_key_files(tmp_path: Path) -> None:
    private, public = tmp_path / "log.key", tmp_path / "log.key.pub"
    verifier = write_key_pair(ORIGIN, private, public)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert load_verifier_key(public) == verifier
    signer = load_signer_key(ORIGIN, private)
    assert signer.verifier == verifier
    assert verify_checkpoint(sign_checkpoint(CHECKPOINT, signer), verifier) == CHECKPOINT
    with pytest.raises(FileExistsError):
        write_key_pair(ORIGIN, private)


def test_a_private_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    private = tmp_path / "log.key"
    write_key_pair(ORIGIN, private)
    private.chmod(0o644)
    with pytest.raises(InsecureKeyFile, match="0644"):
        load_signer_key(ORIGIN, private)


def test_a_file_that_is_not_an_ed25519_key_is_refused(tmp_path: Path) -> None:
    private = tmp_path / "log.key"
    private.write_text("not a key\n")
    private.chmod(0o600)
    with pytest.raises(MalformedKey, match="PEM"):
        load_signer_key(ORIGIN, private)


def test_checkpoint_fields_are_checked() -> None:
    with pytest.raises(MalformedNote, match="32 bytes"):
        Checkpoint(ORIGIN, 1, b"short")
    with pytest.raises(MalformedNote, match="tree size"):
        Checkpoint(ORIGIN, -1, ROOT)
    with pytest.raises(MalformedNote, match="one non-empty line"):
        Checkpoint("two\nlines", 1, ROOT)
    with pytest.raises(MalformedNote, match="one non-empty line"):
        Checkpoint(ORIGIN, 1, ROOT, ("",))
