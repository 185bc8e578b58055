"""A plan written to files and read back as a partner's system would: CSV, workbook, JSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from openpyxl import load_workbook

from pledgeflow.domain.plans import Allocation, Plan, Shortfall, ShortfallReason

LINE_COLUMNS = (
    "pledge",
    "requirement",
    "hub",
    "quantity",
    "dispatch_date",
    "hub_in_date",
    "hub_out_date",
    "arrival_date",
    "days_late",
    "substituted",
)


def plan_sheets(plan: Plan) -> dict[str, tuple[list[str], list[list[object]]]]:
    lines = [[getattr(a, column) for column in LINE_COLUMNS] for a in plan.allocations]
    short = [[s.requirement, s.quantity, s.reason.value, s.detail] for s in plan.shortfalls]
    return {
        "allocations": (list(LINE_COLUMNS), lines),
        "shortfalls": (["requirement", "quantity", "reason", "detail"], short),
    }


def _line(row: dict[str, object]) -> Allocation:
    def day(value: object) -> dt.date:
        return value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(str(value))

    return Allocation(
        pledge=str(row["pledge"]),
        requirement=str(row["requirement"]),
        hub=str(row["hub"]),
        quantity=float(str(row["quantity"])),
        dispatch_date=day(row["dispatch_date"]),
        hub_in_date=day(row["hub_in_date"]),
        hub_out_date=day(row["hub_out_date"]),
        arrival_date=day(row["arrival_date"]),
        days_late=int(str(row["days_late"])),
        substituted=str(row["substituted"]).lower() == "true",
    )


def read_plan(plan: Plan, tables: dict[str, list[dict[str, object]]]) -> Plan:
    shortfalls = tuple(
        Shortfall(
            str(row["requirement"]),
            float(str(row["quantity"])),
            ShortfallReason(row["reason"]),
            str(row["detail"]),
        )
        for row in tables["shortfalls"]
    )
    return Plan(
        as_of=plan.as_of,
        horizon_end=plan.horizon_end,
        allocations=tuple(_line(row) for row in tables["allocations"]),
        shortfalls=shortfalls,
    )


def read_csv(folder: Path) -> dict[str, list[dict[str, object]]]:
    tables: dict[str, list[dict[str, object]]] = {}
    for name in ("allocations", "shortfalls"):
        with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
            tables[name] = list(csv.DictReader(handle))
    return tables


def read_xlsx(path: Path) -> dict[str, list[dict[str, object]]]:
    book = load_workbook(path, read_only=True)
    tables: dict[str, list[dict[str, object]]] = {}
    for name in ("allocations", "shortfalls"):
        rows = list(book[name].iter_rows(values_only=True))
        header = [str(cell) for cell in rows[0]]
        tables[name] = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    book.close()
    return tables


def read_json(plan: Plan) -> dict[str, list[dict[str, object]]]:
    sheets = json.loads(json.dumps(plan_sheets(plan), default=str))
    return {
        name: [dict(zip(header, row, strict=True)) for row in rows]
        for name, (header, rows) in sheets.items()
    }
