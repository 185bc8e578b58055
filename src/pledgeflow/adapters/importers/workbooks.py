"""Reading an `.xlsx` workbook, one table per sheet, with every cell turned into CSV-like text.

A spreadsheet stores numbers as binary floats and dates as datetimes; the user, however, typed
`12` and `2026-03-01`. Each value is rendered the way the user sees it, so validation treats a
workbook and a CSV export of it identically.

A workbook's XML is hostile input: openpyxl parses it with defusedxml (a dependency), which
refuses entity declarations (billion laughs) and external references; such a refusal, or any
other broken XML, is reported naming the file and sheet. The archive's unpacked size is checked
before anything is unpacked (see limits.py).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as safe_xml
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from pledgeflow.adapters.exporters.cells import plain_decimal
from pledgeflow.adapters.importers.limits import ImportLimits
from pledgeflow.adapters.importers.raw_tables import RawTable, UnreadableFile, raw_table

if not openpyxl.DEFUSEDXML:
    raise RuntimeError("openpyxl must parse workbooks with defusedxml: unset OPENPYXL_DEFUSEDXML")
_BAD_XML = (DefusedXmlException, ParseError, SyntaxError)
_UNREADABLE = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError)
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_EXCEL_DIGITS = 15
"""Excel shows and keeps 15 significant digits; more come from binary rounding, not the user."""


def read_workbook_tables(path: Path, limits: ImportLimits = ImportLimits()) -> list[RawTable]:  # noqa: B008
    """Every worksheet of the workbook at `path`, in sheet order, named after its sheet."""
    _check_unpacked_size(path, limits)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise _unreadable(path, error) from error
    try:
        return [_sheet_table(path, sheet, limits) for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _unreadable(path: Path, error: Exception) -> Exception:
    """openpyxl wraps what went wrong in a generic error: name the unsafe part if there is
    one, else say the file is no workbook; an error of any other kind is a bug, kept as is."""
    unsafe = _unsafe_part(path)
    if unsafe is not None:
        part, cause = unsafe
        return UnreadableFile(
            f"{path.name}{part}: refused, its XML is unsafe or broken ({cause!r})"
        )
    if isinstance(error, _UNREADABLE):
        return UnreadableFile(f"{path.name}: not a readable .xlsx workbook ({error})")
    return error


def _sheet_table(path: Path, sheet: Any, limits: ImportLimits) -> RawTable:
    sheet.reset_dimensions()
    source = f"{path.name}[{sheet.title}]"
    try:
        return raw_table(sheet.title, source, _text_rows(sheet), limits)
    except _BAD_XML as error:
        raise UnreadableFile(
            f"{source}: refused, its XML is unsafe or broken ({error!r})"
        ) from error


def _check_unpacked_size(path: Path, limits: ImportLimits) -> None:
    """The declared sizes, then a count of each sheet's rows: openpyxl parses a whole sheet
    that declares no dimension when it opens it, so millions of empty rows that unpack to
    little must be refused before it does. Counting row tags needs no XML parser."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(member.file_size for member in archive.infolist())
            problem = limits.size_problem(size)
            if problem:
                raise UnreadableFile(f"{path.name}: {problem}")
            for member in archive.namelist():
                if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                    problem = limits.rows_problem(_row_tags(archive, member, limits))
                    if problem:
                        title = _sheet_titles(archive).get(member, member)
                        raise UnreadableFile(f"{path.name}[{title}]: {problem}")
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile(f"{path.name}: not a readable .xlsx workbook ({error})") from error


def _row_tags(archive: zipfile.ZipFile, member: str, limits: ImportLimits) -> int:
    """Row tags in a sheet part, counted up to one past the limit."""
    count = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            cut = text.rfind(b"<")
            cut = len(text) if cut < 0 else cut
            count += len(_ROW_TAG.findall(text, 0, cut))
            tail = text[cut:]
            if count > limits.rows_per_sheet:
                return count
    return count + len(_ROW_TAG.findall(tail))


def _unsafe_part(path: Path) -> tuple[str, BaseException] | None:
    """The part whose XML defusedxml refuses, named `[sheet]` for a worksheet, with the
    refusal. Only each part's prolog is read: a DTD can appear nowhere else."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not member.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(member) as stream:
                    next(iter(safe_xml.iterparse(stream, events=("start",))), None)
            except _BAD_XML as error:
                return f"[{_sheet_titles(archive).get(member, member)}]", error
    return None


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet title, from the workbook and its relationships."""
    try:
        book = safe_xml.fromstring(archive.read("xl/workbook.xml"))
        links = safe_xml.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, *_BAD_XML):
        return {}
    targets = {link.get("Id"): link.get("Target", "") for link in links}
    return {
        "xl/" + targets.get(sheet.get(_RELATIONSHIP), "").removeprefix("/xl/"): sheet.get(
            "name", ""
        )
        for sheet in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet")
    }


def _text_rows(sheet: object) -> Iterator[list[str]]:
    for values in sheet.iter_rows(values_only=True):  # type: ignore[attr-defined]
        yield [cell_text(value) for value in values]


def cell_text(value: object) -> str:
    """The text a CSV export of this cell would hold: `12.0` → `12`, a midnight datetime → date.

    A datetime with a time of day is kept in full, so that a date column reports it as a bad
    date instead of silently dropping the time.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain_decimal(Decimal(format(value, f".{_EXCEL_DIGITS}g")))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
