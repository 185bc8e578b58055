"""Who may do what: the policy table and the one row filter every read goes through.

Two walls. The policy table (role × action × resource) decides whether a role may use a kind
of record at all; a refusal there reveals nothing about any one record. The row filter then
narrows what a permitted read can see: a restricted pledge shows only to its own donor
nation, coordinators and auditors; a restricted requirement only to recipient officers,
coordinators and auditors. Rows outside the filter are answered as absent (404), never as
forbidden, so their existence does not leak. On PostgreSQL the same rule is enforced again by
row-level security (migration 0004) from the settings `bind_settings` returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, Table, true

from pledgeflow.adapters import tables as t
from pledgeflow.domain.financing import FinanceRecords
from pledgeflow.domain.releasability import Releasability


class Role(StrEnum):
    COORDINATOR = "coordinator"
    DONOR_LIAISON = "donor_liaison"
    RECIPIENT_OFFICER = "recipient_officer"
    HUB_OPERATOR = "hub_operator"
    AUDITOR = "auditor"
    FINANCE_OFFICER = "finance_officer"
    PUBLIC = "public"


class Action(StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    APPROVE = "approve"
    EXPORT = "export"


class Resource(StrEnum):
    PARTIES = "parties"
    ITEMS = "items"
    SITES = "sites"
    LANES = "lanes"
    REQUIREMENTS = "requirements"
    PLEDGES = "pledges"
    PLANS = "plans"
    CHECKPOINTS = "checkpoints"
    REPORTS = "reports"
    PUBLIC = "public"
    SESSIONS = "sessions"
    SHIPMENTS = "shipments"
    FINANCE = "finance"
    JOBS = "jobs"
    SCENARIOS = "scenarios"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a user with a role, scoped to a nation (`party`) or a hub where the role
    says so; the anonymous public has role PUBLIC and no name in the audit log."""

    name: str
    role: Role
    party: str | None = None
    hub: str | None = None


ANONYMOUS = Principal("anonymous", Role.PUBLIC)
LOCAL_OPERATOR = Principal("local operator", Role.COORDINATOR)
"""Whoever runs the command line on the database's own machine: it sees every record."""

_R, _C, _U, _D = Action.READ, Action.CREATE, Action.UPDATE, Action.DELETE
_REFERENCE = (Resource.PARTIES, Resource.ITEMS, Resource.SITES, Resource.LANES)
_EVERYONE = {Resource.PUBLIC: {_R}, Resource.CHECKPOINTS: {_R}, Resource.SESSIONS: {_C}}
_SIGNED_IN = _EVERYONE | {Resource.SESSIONS: {_R, _C, _D}, Resource.REPORTS: {_R}}
_READ_REFERENCE = {resource: {_R} for resource in _REFERENCE}


SUPPORTED: dict[Resource, set[Action]] = {
    Resource.PARTIES: {_R, _C},
    Resource.ITEMS: {_R, _C},
    Resource.SITES: {_R, _C, _U},
    Resource.LANES: {_R, _C},
    Resource.REQUIREMENTS: {_R, _C, _U},
    Resource.PLEDGES: {_R, _C, _U},
    Resource.PLANS: {_R, _C, Action.APPROVE, Action.EXPORT},
    Resource.CHECKPOINTS: {_R},
    Resource.REPORTS: {_R},
    Resource.PUBLIC: {_R},
    Resource.SESSIONS: {_R, _C, _D},
    Resource.SHIPMENTS: {_R, _C},
    Resource.FINANCE: {_R, _C, _U},
    Resource.JOBS: {_R, _D},
    Resource.SCENARIOS: {_R, _C, _D},
}


def _grants() -> dict[Role, dict[Resource, set[Action]]]:
    everything = {resource: set(actions) for resource, actions in SUPPORTED.items()}
    reader = {resource: {_R} for resource in Resource} | {Resource.PLANS: {_R, Action.EXPORT}}
    return {
        Role.COORDINATOR: everything,
        Role.AUDITOR: reader | {Resource.SESSIONS: {_R, _C, _D}},
        Role.DONOR_LIAISON: _SIGNED_IN
        | _READ_REFERENCE
        | {Resource.REQUIREMENTS: {_R}, Resource.PLEDGES: {_R, _C, _U}, Resource.SHIPMENTS: {_R}}
        | {Resource.PLANS: {_R}, Resource.FINANCE: {_R}}
        | {Resource.SCENARIOS: {_R, _C}},
        Role.RECIPIENT_OFFICER: _SIGNED_IN
        | _READ_REFERENCE
        | {Resource.REQUIREMENTS: {_R, _C, _U}, Resource.PLEDGES: {_R}, Resource.SHIPMENTS: {_R}}
        | {Resource.SCENARIOS: {_R, _C}},
        Role.HUB_OPERATOR: _SIGNED_IN
        | _READ_REFERENCE
        | {Resource.SITES: {_R, _U}, Resource.REQUIREMENTS: {_R}, Resource.PLEDGES: {_R}}
        | {Resource.SHIPMENTS: {_R, _C}, Resource.PLANS: {_R}, Resource.SCENARIOS: {_R}},
        Role.FINANCE_OFFICER: _SIGNED_IN
        | _READ_REFERENCE
        | {Resource.REQUIREMENTS: {_R}, Resource.PLEDGES: {_R}, Resource.SHIPMENTS: {_R}}
        | {Resource.FINANCE: {_R, _C, _U}},
        Role.PUBLIC: dict(_EVERYONE),
    }


POLICY: frozenset[tuple[Role, Action, Resource]] = frozenset(
    (role, action, resource)
    for role, resources in _grants().items()
    for resource, actions in resources.items()
    for action in actions
)

SCOPE_NOTES: dict[Role, str] = {
    Role.COORDINATOR: "every record",
    Role.DONOR_LIAISON: "one nation: creates and updates only its own pledges; sees its own "
    "restricted pledges and everyone's public ones; sees public requirements only; in a plan, "
    "only the lines of its own nation's pledges (where they go, through which hub, when); "
    "financing: its own nation's facilities (as lender) and fund contributions, and the "
    "public aggregates",
    Role.RECIPIENT_OFFICER: "every requirement, restricted ones included; public pledges only",
    Role.HUB_OPERATOR: "one hub: updates only that site, sees and records shipments only through "
    "it; public requirements and pledges only; in a plan, only the lines through its hub, and "
    "that hub's planned departures day by day against its capacity",
    Role.AUDITOR: "reads every record, restricted ones included; changes nothing",
    Role.FINANCE_OFFICER: "every financing record (facilities, tranches, pools, inflows, rates, "
    "funds, contributions): sees and edits them; public requirements and pledges only (to "
    "follow what funds bought)",
    Role.PUBLIC: "releasable aggregates over public records only (financing: the pools' "
    "periods and totals per lender), and signed checkpoints",
}


ROLE_WORDS: dict[Role, str] = {
    Role.COORDINATOR: "coordinator",
    Role.DONOR_LIAISON: "donor liaison",
    Role.RECIPIENT_OFFICER: "recipient officer",
    Role.HUB_OPERATOR: "hub operator",
    Role.AUDITOR: "auditor (reads everything, changes nothing)",
    Role.FINANCE_OFFICER: "finance officer",
    Role.PUBLIC: "public",
}


def describe(principal: Principal) -> str:
    """The role and scope in words, as the UI's header shows them."""
    words = ROLE_WORDS[principal.role]
    if principal.role is Role.DONOR_LIAISON:
        return f"{words} for {principal.party}: your nation's pledges, public requirements"
    if principal.role is Role.HUB_OPERATOR:
        return f"{words} at {principal.hub}: shipments and plans through your hub"
    if principal.role is Role.RECIPIENT_OFFICER:
        return f"{words}: every requirement, public pledges"
    if principal.role is Role.COORDINATOR:
        return f"{words}: every record"
    if principal.role is Role.FINANCE_OFFICER:
        return f"{words}: every financing record, public requirements and pledges"
    return words


def allowed(principal: Principal, action: Action, resource: Resource) -> bool:
    return (principal.role, action, resource) in POLICY


def sees_all(role: Role, resource: Resource) -> bool:
    """Roles that see restricted records of a kind; the rule both walls implement."""
    if resource is Resource.PLEDGES:
        return role in (Role.COORDINATOR, Role.AUDITOR)
    if resource is Resource.REQUIREMENTS:
        return role in (Role.COORDINATOR, Role.AUDITOR, Role.RECIPIENT_OFFICER)
    if resource is Resource.FINANCE:
        return role in (Role.COORDINATOR, Role.AUDITOR, Role.FINANCE_OFFICER)
    return True


def sees_record(principal: Principal, resource: Resource, record: object) -> bool:
    """`row_filter`'s rule for a record already in memory (a what-if run computes on the
    aggregate, then shows each viewer only what this rule lets it see)."""
    if sees_all(principal.role, resource):
        return True
    if getattr(record, "releasability", None) == Releasability.PUBLIC:
        return True
    own = getattr(record, "donor", None) == principal.party
    return resource is Resource.PLEDGES and principal.role is Role.DONOR_LIAISON and own


def row_filter(principal: Principal, resource: Resource, table: Table) -> ColumnElement[bool]:
    """The SQL condition a row of `table` must meet to be visible to `principal`."""
    if sees_all(principal.role, resource):
        return true()
    public = table.c.releasability == Releasability.PUBLIC.value
    if resource is Resource.PLEDGES and principal.role is Role.DONOR_LIAISON:
        return public | (table.c.donor == principal.party)
    return public


def offer_filter(principal: Principal, table: Table) -> ColumnElement[bool]:
    """Course offers are a trainer nation's pledge of seats: they follow the pledges' rule,
    with the trainer in the donor's place."""
    if sees_all(principal.role, Resource.PLEDGES):
        return true()
    public = table.c.releasability == Releasability.PUBLIC.value
    if principal.role is Role.DONOR_LIAISON:
        return public | (table.c.trainer == principal.party)
    return public


def may_write(principal: Principal, resource: Resource, record: object) -> bool:
    """Scoped roles write only inside their scope: a donor its nation's pledges, a hub
    operator its own hub's site."""
    if principal.role is Role.DONOR_LIAISON:
        return getattr(record, "donor", None) == principal.party
    if principal.role is Role.HUB_OPERATOR:
        return getattr(record, "code", None) == principal.hub
    return True


def finance_in_scope(principal: Principal, records: FinanceRecords) -> FinanceRecords:
    """The financing records `principal` may see one by one: all of them for roles that see
    all; a donor liaison its nation's facilities (as lender), their tranches and its own fund
    contributions; everyone else none (the public's aggregates are computed on all records
    and show no single facility or contribution)."""
    if sees_all(principal.role, Resource.FINANCE):
        return records
    if principal.role is not Role.DONOR_LIAISON or principal.party is None:
        return FinanceRecords()
    own = tuple(f for f in records.facilities if f.lender == principal.party)
    codes = {f.code for f in own}
    return FinanceRecords(
        facilities=own,
        tranches=tuple(t for t in records.tranches if t.facility in codes),
        fx_rates=records.fx_rates,
        fund_contributions=tuple(
            c for c in records.fund_contributions if c.contributor == principal.party
        ),
    )


def shipment_in_scope(principal: Principal, hub: str, pledge_seen: bool, need_seen: bool) -> bool:
    """A shipment names its pledge and requirement, so it shows only to those who see both;
    a hub operator sees (and records) only shipments through its own hub."""
    if principal.role is Role.HUB_OPERATOR and hub != principal.hub:
        return False
    return pledge_seen and need_seen


def plan_line_in_scope(
    principal: Principal, hub: str, pledge_donor: str | None, need_seen: bool
) -> bool:
    """A plan line names a pledge, a requirement and a hub. It shows to those who see the
    requirement and the pledge (`pledge_donor` is None when the viewer cannot see the pledge:
    restricted, or a re-plan's hub stock, which only roles seeing every pledge see); a donor
    liaison sees only its own nation's pledges' lines, a hub operator only its hub's."""
    if not need_seen:
        return False
    if principal.role is Role.DONOR_LIAISON:
        return pledge_donor is not None and pledge_donor == principal.party
    if principal.role is Role.HUB_OPERATOR and hub != principal.hub:
        return False
    return pledge_donor is not None or sees_all(principal.role, Resource.PLEDGES)


def bind_settings(principal: Principal) -> dict[str, str]:
    """The transaction-local settings PostgreSQL's row-level security policies read."""
    return {"pledgeflow.role": principal.role.value, "pledgeflow.party": principal.party or ""}


TABLES: dict[Resource, Table] = {
    Resource.PARTIES: t.parties,
    Resource.ITEMS: t.items,
    Resource.SITES: t.sites,
    Resource.LANES: t.lanes,
    Resource.REQUIREMENTS: t.requirements,
    Resource.PLEDGES: t.pledges,
}


def render_policy() -> str:
    """docs/access-policy.md, generated from POLICY so the document cannot drift from code."""
    roles = list(Role)
    lines = [
        "# Access policy",
        "",
        "Generated from `pledgeflow.service.access.POLICY`; do not edit by hand.",
        "A tick means the role may perform the action on the resource; every other request",
        "is refused (401 when anonymous, 403 otherwise). Records outside a role's scope",
        "answer 404, as if absent.",
        "",
        "| resource | action | " + " | ".join(r.value for r in roles) + " |",
        "| --- | --- | " + " | ".join("---" for _ in roles) + " |",
    ]
    for resource in Resource:
        for action in Action:
            if not any((role, action, resource) in POLICY for role in roles):
                continue
            cells = ["✓" if (r, action, resource) in POLICY else "—" for r in roles]
            lines.append(f"| {resource.value} | {action.value} | " + " | ".join(cells) + " |")
    lines += ["", "## Scopes", ""]
    lines += [f"- **{role.value}**: {SCOPE_NOTES[role]}" for role in roles]
    lines += [
        "",
        "A shipment names its pledge and its requirement, so it shows only to a caller who",
        "sees both (and, for a hub operator, only when it goes through that hub).",
        "A plan line likewise: a donor liaison sees only its own nation's pledges' lines, a hub",
        "operator only the lines through its hub; shortfalls only of requirements it sees.",
        "",
        "A scenario runs on every record (the aggregate); its results show each caller",
        "only the requirements it may see (the rest as one totals row) and another nation's",
        "restricted pledges only as a summed entry.",
    ]
    lines += [
        "",
        "## Public aggregates",
        "",
        "`/public/...` totals count public requirements and public pledges only: a restricted",
        "record contributes nothing, so no total can be differenced to reveal one.",
        "",
    ]
    return "\n".join(lines)
