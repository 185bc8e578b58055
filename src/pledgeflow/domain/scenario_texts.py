"""Scenario changes as people write them: one line of text, or one row of `scenario_changes`.

Both forms go through the same fields (kind, subject, from, to, value, supply_class, item,
quantity, priority, needed_by, destination), so a change typed on the command line, sent to
the API, built in the form or read from a sheet is parsed, checked and stored the same way.
A malformed value raises a `ChangeError` naming the change, the field and the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.items import SupplyClass
from pledgeflow.domain.overlays import ChangeError
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.scenarios import (
    AddRequirement,
    CapHub,
    CloseHub,
    CloseLane,
    Cut,
    Delay,
    ScenarioChange,
    SetPriority,
    Withdraw,
)

FIELDS = (
    "kind",
    "subject",
    "from",
    "to",
    "value",
    "supply_class",
    "item",
    "quantity",
    "priority",
    "needed_by",
    "destination",
)
KINDS = ("withdraw", "delay", "cut", "close_hub", "cap_hub", "close_lane", "add", "priority")
Fields = Mapping[str, str | None]
LANE_SEPARATOR = ">"


class _Reader:
    """Typed access to one change's fields; every failure names the field."""

    def __init__(self, position: int, text: str, fields: Fields) -> None:
        self.position, self.text, self.fields = position, text, fields

    def error(self, field: str, reason: str) -> ChangeError:
        return ChangeError(self.position, self.text, field, reason)

    def optional(self, field: str) -> str | None:
        value = self.fields.get(field)
        return value.strip() if value and value.strip() else None

    def text_of(self, field: str) -> str:
        value = self.optional(field)
        if value is None:
            raise self.error(field, "is required")
        return value

    def date(self, field: str, required: bool = True) -> dt.date | None:
        value = self.text_of(field) if required else self.optional(field)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(field, f"{value!r} is not a date YYYY-MM-DD") from None

    def day(self, field: str) -> dt.date:
        value = self.date(field)
        assert value is not None
        return value

    def decimal(self, field: str) -> Decimal:
        value = self.text_of(field)
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.error(field, f"{value!r} is not a number") from None
        if not number.is_finite():
            raise self.error(field, f"{value!r} is not a number")
        return number

    def integer(self, field: str) -> int:
        value = self.text_of(field)
        try:
            return int(value)
        except ValueError:
            raise self.error(field, f"{value!r} is not a whole number") from None

    def supply_class(self) -> SupplyClass | None:
        value = self.optional("supply_class")
        if value is None:
            return None
        try:
            return SupplyClass(value)
        except ValueError:
            raise self.error("supply_class", f"{value!r} is not a class I–X") from None


def change_from_fields(fields: Fields, position: int = 1) -> ScenarioChange:
    """The typed change the fields describe; raises ChangeError on a malformed one."""
    kind = (fields.get("kind") or "").strip()
    text = " ".join(str(v) for k in FIELDS if (v := fields.get(k)))
    read = _Reader(position, text or "(empty)", fields)
    if kind not in KINDS:
        raise read.error("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    return _BUILDERS[kind](read)


def _withdraw(read: _Reader) -> ScenarioChange:
    return Withdraw(read.text_of("subject"), read.date("from", required=False))


def _delay(read: _Reader) -> ScenarioChange:
    return Delay(read.text_of("subject"), read.integer("value"))


def _cut(read: _Reader) -> ScenarioChange:
    return Cut(read.text_of("subject"), read.decimal("value"), read.supply_class())


def _close_hub(read: _Reader) -> ScenarioChange:
    return CloseHub(read.text_of("subject"), read.day("from"), read.day("to"))


def _cap_hub(read: _Reader) -> ScenarioChange:
    hub, start, end = read.text_of("subject"), read.day("from"), read.day("to")
    return CapHub(hub, start, end, read.decimal("value"))


def _close_lane(read: _Reader) -> ScenarioChange:
    lane = read.text_of("subject")
    ends = lane.split(LANE_SEPARATOR)
    if len(ends) != 2 or not all(end.strip() for end in ends):
        raise read.error("subject", f"{lane!r}: a lane is written FROM{LANE_SEPARATOR}TO")
    return CloseLane(ends[0].strip(), ends[1].strip(), read.day("from"), read.day("to"))


def _add(read: _Reader) -> ScenarioChange:
    try:
        requirement = Requirement(
            id=read.text_of("subject"),
            item=read.text_of("item"),
            quantity=read.decimal("quantity"),
            priority=read.integer("priority"),
            needed_by=read.day("needed_by"),
            destination=read.text_of("destination"),
        )
    except DomainError as error:
        if isinstance(error, ChangeError):
            raise
        raise read.error(error.field, error.reason) from None
    return AddRequirement(requirement)


def _priority(read: _Reader) -> ScenarioChange:
    return SetPriority(read.text_of("subject"), read.integer("value"))


_BUILDERS = {
    "withdraw": _withdraw,
    "delay": _delay,
    "cut": _cut,
    "close_hub": _close_hub,
    "cap_hub": _cap_hub,
    "close_lane": _close_lane,
    "add": _add,
    "priority": _priority,
}


def fields_of(change: ScenarioChange) -> dict[str, str | None]:
    """The row form of a change (every field present, blank where unused)."""
    row: dict[str, str | None] = dict.fromkeys(FIELDS)
    match change:
        case Withdraw():
            row |= {"kind": "withdraw", "subject": change.donor}
            row["from"] = change.from_date.isoformat() if change.from_date else None
        case Delay():
            row |= {"kind": "delay", "subject": change.donor, "value": str(change.days)}
        case Cut():
            row |= {"kind": "cut", "subject": change.donor, "value": str(change.fraction)}
            row["supply_class"] = change.supply_class.value if change.supply_class else None
        case CloseHub() | CapHub():
            kind = "close_hub" if isinstance(change, CloseHub) else "cap_hub"
            row |= {"kind": kind, "subject": change.hub}
            row |= {"from": change.from_date.isoformat(), "to": change.to_date.isoformat()}
            if isinstance(change, CapHub):
                row["value"] = str(change.capacity_t_per_day)
        case CloseLane():
            row |= {"kind": "close_lane", "subject": change.from_site + ">" + change.to_site}
            row |= {"from": change.from_date.isoformat(), "to": change.to_date.isoformat()}
        case AddRequirement():
            r = change.requirement
            row |= {"kind": "add", "subject": r.id, "item": r.item, "quantity": str(r.quantity)}
            row |= {"priority": str(r.priority), "needed_by": r.needed_by.isoformat()}
            row["destination"] = r.destination
        case SetPriority():
            row |= {"kind": "priority", "subject": change.requirement}
            row["value"] = str(change.priority)
    return row


def parse_change(text: str, position: int = 1) -> ScenarioChange:
    """One change as written on the command line, e.g. "withdraw USA from 2027-01-05",
    "cut DEU 0.5 III", "close HUB-A 2027-01-01 2027-01-07", "close DEP>HUB-A …"."""
    words = text.split()
    verb, args = (words[0].lower(), words[1:]) if words else ("", [])
    names: tuple[str, ...] = ()
    if verb == "withdraw":
        names = ("subject", "from") if len(args) < 3 else ("subject", "_from_word", "from")
    elif verb in ("delay", "priority"):
        names = ("subject", "value")
    elif verb == "cut":
        names = ("subject", "value", "supply_class")
    elif verb == "close":
        verb = "close_lane" if args and LANE_SEPARATOR in args[0] else "close_hub"
        names = ("subject", "from", "to")
    elif verb == "cap":
        verb, names = "cap_hub", ("subject", "from", "to", "value")
    elif verb == "add":
        names = ("subject", "item", "quantity", "priority", "needed_by", "destination")
    if not names:
        return change_from_fields({"kind": verb}, position)
    if len(args) > len(names):
        raise ChangeError(position, text, "text", f"{len(args) - len(names)} words too many")
    if "_from_word" in names and args[1].lower() != "from":
        raise ChangeError(position, text, "text", "write: withdraw DONOR from YYYY-MM-DD")
    fields: dict[str, str | None] = {"kind": verb}
    fields.update(zip(names, args, strict=False))
    return change_from_fields(fields, position)
