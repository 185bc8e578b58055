"""Hostile workbooks, built from a real export by replacing its first sheet's XML.

Shared by tests/security and bench/import_bombs.py (which builds the full-size bombs).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.domain.datasets import Dataset

FIRST_SHEET = "xl/worksheets/sheet1.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + f']><worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
    "<is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t>'
    "</is></c></row></sheetData></worksheet>"
)


def with_first_sheet(dataset: Dataset, path: Path, chunks: Iterator[bytes]) -> Path:
    """A workbook of `dataset` whose first sheet (parties) holds the streamed XML `chunks`."""
    plain = path.with_suffix(".plain.xlsx")
    write_dataset(dataset, plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            if member.filename == FIRST_SHEET:
                with out.open(FIRST_SHEET, "w", force_zip64=True) as sheet:
                    for chunk in chunks:
                        sheet.write(chunk)
            else:
                out.writestr(member, source.read(member))
    plain.unlink()
    return path


def huge_cell(chars: int) -> Iterator[bytes]:
    """One parties row whose name cell holds `chars` characters."""
    yield f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">'.encode()
    yield b'<c r="A1" t="inlineStr"><is><t>code</t></is></c>'
    yield b'<c r="B1" t="inlineStr"><is><t>name</t></is></c></row><row r="2">'
    yield b'<c r="A2" t="inlineStr"><is><t>X</t></is></c><c r="B2" t="inlineStr"><is><t>'
    block = b"A" * (1024 * 1024)
    for _ in range(chars // len(block)):
        yield block
    yield b"A" * (chars % len(block))
    yield b"</t></is></c></row></sheetData></worksheet>"


def many_rows(rows: int, cells: bool = True) -> Iterator[bytes]:
    """A parties sheet of `rows` rows, each of one number cell or (cells off) of none: the
    latter unpack to little, so only counting the rows as they stream can stop them."""
    yield f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode()
    for start in range(1, rows + 1, 10_000):
        yield "".join(
            f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' if cells else "<row/>"
            for r in range(start, min(start + 10_000, rows + 1))
        ).encode()
    yield b"</sheetData></worksheet>"
