"""Who may see a record: everyone, or only its own party, coordinators and auditors."""

from __future__ import annotations

from enum import StrEnum


class Releasability(StrEnum):
    PUBLIC = "public"
    RESTRICTED = "restricted"
