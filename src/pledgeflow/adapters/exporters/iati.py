"""IATI 2.03 activity files: one activity per donor programme to the recipient.

Commitments and disbursements are transactions at their value date, in their currency (EUR
for in-kind and training values); each transaction carries its sector from the item's NATO
supply class (vocabulary 99, the reporting organisation's own), or `TRAINING`, or
`FINANCIAL-LOAN` / `FINANCIAL-FUND` (loans in the lender's currency), so activity
sectors need no percentages. Only what the caller's conditions let through is written: the
public export holds releasable records only. `read_totals` reads a file back, so the writer
can be checked against what it was given.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pledgeflow.adapters.exporters import iati_codes as codes
from pledgeflow.domain.burden_sharing import Contribution, Stage, cents

IDENTIFIER_PREFIX = "XM-PLEDGEFLOW"
_TYPE_OF_STAGE = {
    Stage.COMMITTED: codes.TRANSACTION_COMMITMENT,
    Stage.DELIVERED: codes.TRANSACTION_DISBURSEMENT,
}


@dataclass(frozen=True, slots=True)
class Organisation:
    code: str
    name: str

    @property
    def ref(self) -> str:
        return f"{IDENTIFIER_PREFIX}-{self.code}"


@dataclass(frozen=True, slots=True)
class Programme:
    """One donor's contributions to one recipient; `sectors` maps a contribution's source to
    its sector code and name."""

    donor: Organisation
    recipient: Organisation
    recipient_country: str
    contributions: Sequence[Contribution]
    sectors: dict[str, tuple[str, str]]

    @property
    def identifier(self) -> str:
        return f"{self.donor.ref}-{self.recipient.code}"


def country_alpha2(code: str, where: str) -> str:
    if len(code) == 2:
        return code.upper()
    found = codes.ALPHA2.get(code.upper())
    if found is None:
        raise ValueError(
            f"{where}: country {code!r} has no ISO 3166-1 alpha-2 code known to the IATI export"
        )
    return found


def build(programmes: Sequence[Programme], generated: dt.datetime) -> ET.ElementTree[ET.Element]:
    root = ET.Element(
        "iati-activities", {"version": "2.03", "generated-datetime": _stamp(generated)}
    )
    for programme in programmes:
        if any(c.stage in _TYPE_OF_STAGE for c in programme.contributions):
            root.append(_activity(programme, generated))
    ET.indent(root)
    return ET.ElementTree(root)


def write(programmes: Sequence[Programme], path: Path, generated: dt.datetime) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    build(programmes, generated).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def _narrative(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "narrative").text = text
    return element


def _activity(programme: Programme, generated: dt.datetime) -> ET.Element:
    donor, recipient = programme.donor, programme.recipient
    activity = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": _stamp(generated),
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
            "default-currency": "EUR",
        },
    )
    ET.SubElement(activity, "iati-identifier").text = programme.identifier
    _narrative(
        activity, "reporting-org", donor.name, ref=donor.ref, type=codes.ORGANISATION_GOVERNMENT
    )
    _narrative(activity, "title", f"{donor.name}: assistance to {recipient.name}")
    _narrative(
        activity,
        "description",
        f"In-kind military assistance, training and financing from {donor.name} to "
        f"{recipient.name}, as recorded in pledgeflow (releasable records only).",
    )
    _narrative(
        activity,
        "participating-org",
        donor.name,
        ref=donor.ref,
        role=codes.ROLE_FUNDING,
        type=codes.ORGANISATION_GOVERNMENT,
    )
    ET.SubElement(activity, "activity-status", code=codes.ACTIVITY_IMPLEMENTATION)
    first = min(c.date for c in programme.contributions)
    ET.SubElement(
        activity, "activity-date", {"iso-date": first.isoformat(), "type": codes.DATE_ACTUAL_START}
    )
    ET.SubElement(activity, "recipient-country", code=programme.recipient_country, percentage="100")
    for c in sorted(programme.contributions, key=lambda c: (c.date, c.source, c.stage.value)):
        if c.stage in _TYPE_OF_STAGE:
            activity.append(_transaction(c, programme))
    return activity


def _transaction(c: Contribution, programme: Programme) -> ET.Element:
    transaction = ET.Element("transaction")
    ET.SubElement(transaction, "transaction-type", code=_TYPE_OF_STAGE[c.stage])
    ET.SubElement(transaction, "transaction-date", {"iso-date": c.date.isoformat()})
    value = ET.SubElement(
        transaction, "value", {"currency": c.currency, "value-date": c.date.isoformat()}
    )
    value.text = str(cents(c.own_amount))
    _narrative(transaction, "description", f"{c.stage.value}: {c.source}")
    recipient = programme.recipient
    _narrative(
        transaction,
        "receiver-org",
        recipient.name,
        ref=recipient.ref,
        type=codes.ORGANISATION_GOVERNMENT,
    )
    code, name = programme.sectors.get(c.source, ("OTHER", "other"))
    _narrative(
        transaction, "sector", name, vocabulary=codes.VOCABULARY_REPORTING_ORGANISATION, code=code
    )
    return transaction


def read_totals(path: Path) -> dict[str, dict[tuple[str, str], Decimal]]:
    """Per activity identifier, the sum of transaction values per (transaction type code,
    currency)."""
    totals: dict[str, dict[tuple[str, str], Decimal]] = {}
    for activity in ET.parse(path).getroot().iter("iati-activity"):
        sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        default = activity.get("default-currency", "")
        for transaction in activity.iter("transaction"):
            kind = transaction.find("transaction-type")
            value = transaction.find("value")
            if kind is None or value is None or value.text is None:
                continue
            sums[(kind.get("code", ""), value.get("currency", default))] += Decimal(value.text)
        totals[activity.findtext("iati-identifier", "")] = dict(sums)
    return totals
