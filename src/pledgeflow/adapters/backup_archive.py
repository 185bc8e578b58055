"""The backup file: a zip holding a manifest and one JSON-lines file per table.

`manifest.json` names the format and its version, the schema revision, when and whether
password hashes were included, every table with its row count and the SHA-256 of its file,
and the audit log's size and Merkle root (plus a signed checkpoint when a signing key was
at hand). `tables/<name>.jsonl` holds one JSON object per row, column name to value; values
JSON cannot hold are tagged: {"$decimal": "12.5"}, {"$date": "2026-12-01"},
{"$datetime": "…"}, {"$bytes": base64}. Plain zip and JSON, so a backup can be read without
pledgeflow; the digests let a restore refuse a damaged file before writing anything.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMAT = "pledgeflow-backup"
VERSION = 1
MANIFEST = "manifest.json"


class DamagedBackup(ValueError):
    """The file is not a pledgeflow backup, or its content no longer matches its manifest."""


def encode_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode()}
    return value


def decode_value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    ((tag, text),) = value.items()
    decoders: dict[str, Callable[[str], Any]] = {
        "$decimal": Decimal,
        "$datetime": dt.datetime.fromisoformat,
        "$date": dt.date.fromisoformat,
        "$bytes": base64.b64decode,
    }
    return decoders[tag](text)


class BackupWriter:
    """Writes tables one after the other, then the manifest that lists them."""

    def __init__(self, path: Path) -> None:
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.tables: dict[str, dict[str, Any]] = {}

    def write_table(self, name: str, rows: Iterable[dict[str, Any]]) -> int:
        digest = hashlib.sha256()
        count = 0
        with self._zip.open(f"tables/{name}.jsonl", "w") as out:
            for row in rows:
                line = json.dumps({k: encode_value(v) for k, v in row.items()}, sort_keys=True)
                data = (line + "\n").encode()
                digest.update(data)
                out.write(data)
                count += 1
        self.tables[name] = {"rows": count, "sha256": digest.hexdigest()}
        return count

    def finish(self, manifest: dict[str, Any]) -> None:
        body = {"format": FORMAT, "version": VERSION, **manifest, "tables": self.tables}
        self._zip.writestr(MANIFEST, json.dumps(body, indent=2, sort_keys=True))
        self._zip.close()


class BackupReader:
    """Reads a backup, checking the manifest and, as each table is read, its digest."""

    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
            self.manifest: dict[str, Any] = json.loads(self._zip.read(MANIFEST))
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise DamagedBackup(f"{path}: not a pledgeflow backup ({error})") from error
        if self.manifest.get("format") != FORMAT or self.manifest.get("version") != VERSION:
            raise DamagedBackup(f"{path}: not a version {VERSION} pledgeflow backup")

    def check(self) -> None:
        """Every table file is present and matches its digest (before anything is written)."""
        for name, listed in self.manifest["tables"].items():
            digest = hashlib.sha256()
            with self._zip.open(f"tables/{name}.jsonl") as lines:
                for line in lines:
                    digest.update(line)
            if digest.hexdigest() != listed["sha256"]:
                raise DamagedBackup(f"table {name}: its file does not match the manifest")

    def rows(self, name: str) -> Iterator[dict[str, Any]]:
        with self._zip.open(f"tables/{name}.jsonl") as lines:
            for line in lines:
                row = json.loads(line)
                yield {k: decode_value(v) for k, v in row.items()}

    def close(self) -> None:
        self._zip.close()
