"""The public tracker and the IATI export against real SQLite and PostgreSQL: hand-computed
figures, restricted records adding nothing public, the schema check and the round trip."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from pledgeflow.adapters import migrations
from pledgeflow.adapters.db import make_engine
from pledgeflow.api.app import create_app
from pledgeflow.bootstrap import Container
from pledgeflow.demo import era_loans
from pledgeflow.demo.generator import demo_dataset
from pledgeflow.domain.burden_sharing import Category, Stage, Target
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.financing import (
    Facility,
    FinanceRecords,
    FxRate,
    Repayment,
    Tranche,
    TrancheStatus,
)
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.sites import Site, SiteKind
from pledgeflow.domain.training import Course, CourseOffer
from pledgeflow.service import audit, iati_export, tracker_settings
from pledgeflow.service.access import ANONYMOUS, Principal
from pledgeflow.service.access import Role as AccessRole
from pledgeflow.service.audit import KeptCheckpoint, ensure_signing_key
from pledgeflow.service.interchange import import_path
from pledgeflow.service.tracker import build_tracker

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "iati" / "iati-activities-schema.xsd"
TODAY = dt.date(2026, 12, 1)
DAY = dt.date(2026, 10, 15)
COORDINATOR = Principal("coordinator", AccessRole.COORDINATOR)


def _pledge(pid: str, status: PledgeStatus, value: str | None, **more: object) -> Pledge:
    return Pledge(
        pid,
        "NOR",
        "RIFLE",
        Decimal(10),
        DAY,
        "DEP-NOR",
        status,
        None if value is None else Decimal(value),
        **more,  # type: ignore[arg-type]
    )


def hand_dataset(*, restricted: bool) -> Dataset:
    """Norway (GDP 400 M): a committed pledge worth 1,000; an allocated one without a value
    (10 × 50 = 500); a delivered one worth 300; an announced and a withdrawn one that count
    nothing; and, when asked, a restricted committed pledge worth 7,000."""
    pledges = [
        _pledge("P-COMMITTED", PledgeStatus.COMMITTED, "1000"),
        _pledge("P-ALLOCATED", PledgeStatus.ALLOCATED, None),
        _pledge("P-DELIVERED", PledgeStatus.DELIVERED, "300"),
        _pledge("P-ANNOUNCED", PledgeStatus.ANNOUNCED, "9999"),
        _pledge("P-WITHDRAWN", PledgeStatus.WITHDRAWN, "8888"),
    ]
    if restricted:
        pledges.append(
            _pledge(
                "P-SECRET",
                PledgeStatus.COMMITTED,
                "7000",
                releasability=Releasability.RESTRICTED,
            )
        )
    return Dataset(
        parties=(
            Party("NOR", "Norway", frozenset({Role.DONOR}), Decimal(400_000_000)),
            Party("SWE", "Sweden", frozenset({Role.DONOR}), Decimal(100_000_000)),
            Party("UKR", "Ukraine", frozenset({Role.RECIPIENT})),
        ),
        items=(Item("RIFLE", "Rifle", SupplyClass.V, "each", Decimal(4), Decimal(50)),),
        sites=(
            Site("DEP-NOR", "Depot Norway", SiteKind.DEPOT, "NOR"),
            Site("DLV-KYIV", "Kyiv", SiteKind.DELIVERY, "UKR"),
        ),
        pledges=tuple(pledges),
    )


def _save(container: Container, dataset: Dataset) -> None:
    with container.uow() as uow:
        uow.datasets.save(dataset)
        uow.commit("import")


def save_loan(container: Container) -> None:
    """Norway lends NOK 20,000 (10 NOK to the euro): one tranche of NOK 5,000 disbursed on DAY."""
    loan = Facility(
        "NOR-LOAN", "NOR", "UKR", "NOK", Decimal(20000), Decimal("0.02"),
        Repayment.BULLET, Decimal(0), Decimal(5),
    )  # fmt: skip
    with container.uow() as uow:
        uow.finance.save_finance(
            FinanceRecords(
                facilities=(loan,),
                tranches=(Tranche("NOR-LOAN", DAY, Decimal(5000), TrancheStatus.DISBURSED),),
                fx_rates=(FxRate("NOK", dt.date(2026, 1, 1), Decimal(10)),),
            )
        )
        uow.commit("finance_save")


def test_hand_computed_donor_figures(container: Container) -> None:
    """Pledges in three states (and two that count nothing) and one loan tranche: in-kind
    1,800 / 800 / 300; financial 2,000 (the ceiling) / 500 / 500 (the tranche), in EUR."""
    _save(container, hand_dataset(restricted=False))
    save_loan(container)
    tracker = build_tracker(container.uow(), container.settings, ANONYMOUS, TODAY)
    norway = next(d for d in tracker.burden.donors if d.donor.code == "NOR")
    assert norway.amount(Category.IN_KIND, Stage.COMMITTED) == Decimal(1800)
    assert norway.amount(Category.IN_KIND, Stage.ALLOCATED) == Decimal(800)
    assert norway.amount(Category.IN_KIND, Stage.DELIVERED) == Decimal(300)
    assert norway.amount(Category.FINANCIAL, Stage.COMMITTED) == Decimal(2000)
    assert norway.amount(Category.FINANCIAL, Stage.ALLOCATED) == Decimal(500)
    assert norway.amount(Category.FINANCIAL, Stage.DELIVERED) == Decimal(500)
    assert norway.amount(Category.TRAINING, Stage.COMMITTED) == 0
    assert norway.share_of_gdp(Stage.COMMITTED) == Decimal(3800) / Decimal(400_000_000)
    sweden = next(d for d in tracker.burden.donors if d.donor.code == "SWE")
    assert sweden.amount(None, Stage.COMMITTED) == 0, "a donor that gave nothing shows zeros"
    assert tracker.burden.newest_record == DAY


def test_restricted_pledge_changes_no_public_figure(container: Container) -> None:
    """One restricted and one releasable committed pledge (and the rest): the public tracker
    equals the one computed with the restricted pledge absent, row for row; a coordinator
    sees it."""
    _save(container, hand_dataset(restricted=True))
    public = build_tracker(container.uow(), container.settings, ANONYMOUS, TODAY)
    inside = build_tracker(container.uow(), container.settings, COORDINATOR, TODAY)
    public_norway = next(d for d in public.burden.donors if d.donor.code == "NOR")
    inside_norway = next(d for d in inside.burden.donors if d.donor.code == "NOR")
    assert public_norway.amount(None, Stage.COMMITTED) == Decimal(1800)
    assert inside_norway.amount(None, Stage.COMMITTED) == Decimal(8800)
    assert [(m.month, m.amounts) for m in public.burden.months] == [
        ("2026-10", {Stage.COMMITTED: 1800, Stage.ALLOCATED: 800, Stage.DELIVERED: 300})
    ]
    assert public.burden.records == 6, "3 committed, 2 allocated, 1 delivered: no secret one"


def test_public_figures_equal_those_without_the_restricted_record(
    container: Container, tmp_path: Path
) -> None:
    _save(container, hand_dataset(restricted=True))
    with_secret = build_tracker(container.uow(), container.settings, ANONYMOUS, TODAY)
    engine = make_engine(f"sqlite:///{tmp_path / 'clean.db'}")  # never held the restricted one
    migrations.upgrade(engine)
    other = replace(container, engine=engine)
    _save(other, hand_dataset(restricted=False))
    without = build_tracker(other.uow(), other.settings, ANONYMOUS, TODAY)
    engine.dispose()
    assert with_secret.burden.donors == without.burden.donors
    assert with_secret.burden.months == without.burden.months


def test_fair_share_target_is_audited_and_computed(container: Container) -> None:
    _save(container, hand_dataset(restricted=False))
    target = Target("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), Decimal(5000))
    assert tracker_settings.set_target(container.uow(), target)
    assert not tracker_settings.set_target(container.uow(), target), "unchanged: nothing logged"
    tracker = build_tracker(container.uow(), container.settings, ANONYMOUS, TODAY)
    [(stored, shares)] = tracker.fair
    assert stored == target
    by_donor = {f.donor.code: f for f in shares}
    assert by_donor["NOR"].fair_share_eur == Decimal(4000), "400 of 500 M of group GDP"
    assert by_donor["SWE"].fair_share_eur == Decimal(1000)
    assert by_donor["NOR"].contributed_eur == Decimal(300), "delivered in the period"
    assert by_donor["NOR"].standing == "behind"
    assert audit.verify_log(container.uow(), container.settings).ok


def test_a_bad_target_is_refused_and_writes_nothing(container: Container) -> None:
    bad = Target("2026", dt.date(2026, 12, 31), dt.date(2026, 1, 1), Decimal(5))
    with pytest.raises(DomainError, match=r"fair-share target '2026': end: .* before the start"):
        tracker_settings.set_target(container.uow(), bad)
    with container.uow() as uow:
        assert uow.transparency.targets() == []


def _validate(path: Path) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(path))
    schema.assertValid(document)
    return document.getroot()


def test_iati_export_of_the_demo_validates_and_reads_back(
    container: Container, tmp_path: Path
) -> None:
    """The demo as `make demo` builds it, G7 ERA loans included: the file validates, and per
    donor and currency its commitments are the tracker's committed amounts."""
    _save(container, demo_dataset())
    import_path(container.uow(), era_loans.FOLDER)
    now = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    path, programmes = iati_export.export_iati(container.uow(), tmp_path / "iati.xml", None, now)
    root = _validate(path)
    assert len(root.findall("iati-activity")) == len(programmes) > 10
    tracker = build_tracker(container.uow(), container.settings, ANONYMOUS, now.date())
    committed: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for c in tracker.contributions:
        if c.stage is Stage.COMMITTED:
            committed[(c.donor, c.currency)] += c.own_amount
    assert ("USA", "USD") in committed, "the ERA loans count in their own currency"
    totals = iati_export.iati.read_totals(path)
    for (donor, currency), amount in committed.items():
        read = totals[f"XM-PLEDGEFLOW-{donor}-UKR"]
        assert abs(read[("2", currency)] - amount) <= Decimal("0.01") * tracker.burden.records
    sectors = {e.get("code") for e in root.iter("sector")}
    assert {"FINANCIAL-LOAN", "FINANCIAL-FUND"} <= sectors


def test_iati_export_holds_releasable_records_only(container: Container, tmp_path: Path) -> None:
    _save(container, hand_dataset(restricted=True))
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    path, _ = iati_export.export_iati(container.uow(), tmp_path / "nor.xml", "NOR", now)
    root = _validate(path)
    assert "P-SECRET" not in path.read_text(encoding="utf-8")
    assert root.find("iati-activity/recipient-country").get("code") == "UA"
    totals = iati_export.iati.read_totals(path)
    assert totals == {
        "XM-PLEDGEFLOW-NOR-UKR": {("2", "EUR"): Decimal(1800), ("3", "EUR"): Decimal(300)}
    }


def test_a_broken_iati_element_fails_validation(container: Container, tmp_path: Path) -> None:
    """The check can fail: a transaction whose value comes before its type is refused."""
    _save(container, hand_dataset(restricted=False))
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    path, _ = iati_export.export_iati(container.uow(), tmp_path / "ok.xml", None, now)
    document = etree.parse(str(path))
    transaction = document.find("iati-activity/transaction")
    assert transaction is not None
    kind = transaction.find("transaction-type")
    assert kind is not None
    transaction.remove(kind)
    transaction.append(kind)
    broken = tmp_path / "broken.xml"
    document.write(str(broken))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert not schema.validate(etree.parse(str(broken)))
    assert "transaction-type" in str(schema.error_log.last_error)


def test_public_api_serves_tracker_tables_and_checkpoint(container: Container) -> None:
    ensure_signing_key(container.settings)
    _save(container, hand_dataset(restricted=True))
    client = TestClient(create_app(container))
    body = client.get("/public/tracker").json()
    norway = next(row for row in body["donors"] if row["donor"] == "NOR")
    assert norway["total_committed_eur"] == "1800"
    assert norway["log_size"] == str(body["log_size"])
    checkpoint = client.get("/public/tracker/checkpoint")
    assert checkpoint.status_code == 200
    assert checkpoint.text.split("\n")[1] == str(body["log_size"])
    csv = client.get("/public/tracker/donors.csv")
    assert csv.status_code == 200
    assert csv.text.splitlines()[0].startswith("donor,name,gdp_eur,")
    assert client.get("/public/tracker/nothing.csv").status_code == 404
    workbook = client.get("/public/tracker.xlsx")
    assert workbook.content[:2] == b"PK"
    chart = client.get("/public/charts/donor-stages.csv")
    assert chart.text.splitlines()[1].startswith("Norway,1800")
    page = client.get("/ui/public")
    assert page.status_code == 200
    assert "P-SECRET" not in page.text
    # The chart's drawing coordinates are numbers too: only what a reader sees is checked.
    shown = re.sub(r'\s[\w:-]+="[^"]*"', "", page.text)
    assert "7000" not in shown
    assert "7,000" not in shown


def test_training_counts_public_offers_at_the_stated_seat_value(container: Container) -> None:
    """Norway trains: a public offer of 10 seats (4 taken, finished by TODAY) and a restricted
    one; at 250 EUR a seat the public tracker counts 2,500 committed, 1,000 allocated and
    1,000 delivered, and nothing of the restricted offer."""
    _save(container, hand_dataset(restricted=False))
    start = dt.date(2026, 11, 2)
    with container.uow() as uow:
        uow.training.save(
            [
                Course("MED", "combat medic", 5, "en"),
                CourseOffer("O-OPEN", "NOR", "MED", "DEP-NOR", start, 10, "en", 4),
                CourseOffer(
                    "O-SECRET",
                    "NOR",
                    "MED",
                    "DEP-NOR",
                    start,
                    50,
                    "en",
                    50,
                    Releasability.RESTRICTED,
                ),
            ]
        )
        uow.commit("training import")
    assert tracker_settings.set_course_value(container.uow(), "MED", Decimal(250))
    tracker = build_tracker(container.uow(), container.settings, ANONYMOUS, TODAY)
    norway = next(d for d in tracker.burden.donors if d.donor.code == "NOR")
    assert norway.amount(Category.TRAINING, Stage.COMMITTED) == Decimal(2500)
    assert norway.amount(Category.TRAINING, Stage.ALLOCATED) == Decimal(1000)
    assert norway.amount(Category.TRAINING, Stage.DELIVERED) == Decimal(1000)
    inside = build_tracker(container.uow(), container.settings, COORDINATOR, TODAY)
    assert next(d for d in inside.burden.donors if d.donor.code == "NOR").amount(
        Category.TRAINING, Stage.COMMITTED
    ) == Decimal(15000)


def test_the_stated_checkpoint_verifies_against_the_log(container: Container) -> None:
    """Anyone holding the public key can check the tracker's checkpoint against the log."""
    ensure_signing_key(container.settings)
    _save(container, hand_dataset(restricted=True))
    tracker = build_tracker(container.uow(), container.settings, ANONYMOUS, TODAY)
    note = tracker.provenance.checkpoint
    assert note is not None
    assert note.split("\n")[1] == str(tracker.provenance.log_size)
    _save(container, Dataset(parties=(Party("FIN", "Finland", frozenset({Role.DONOR})),)))
    report = audit.verify_log(container.uow(), container.settings, [KeptCheckpoint("t", note)])
    assert report.ok
    assert report.checkpoints_ok == ["t"]
