"""What text a record may hold: one definition for the API's schemas and the importer.

Each rule mirrors a storage limit, so that SQLite (which never enforces a VARCHAR length) and
PostgreSQL (which does) accept and refuse exactly the same records: at most the column's
length, never blank, no control character (NUL among them, which PostgreSQL refuses), and
text that UTF-8 can encode. Codes and ids are identifiers, not prose: they also may not start
with a character a spreadsheet would evaluate as a formula (`=`, `+`, `-`, `@`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
LINES_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*\S[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""Prose over several lines: tabs and line breaks allowed, other control characters not."""
CODE_PATTERN = r"^[^=+\-@\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
FORMULA_STARTS = "=+-@"


@dataclass(frozen=True, slots=True)
class TextRule:
    max_chars: int
    identifier: bool = False
    shape: str | None = None
    """A regular expression the whole value must match, for codes of a fixed form."""
    lines: bool = False
    """Prose that may hold tabs and line breaks (notes)."""

    @property
    def pattern(self) -> str:
        if self.shape is not None:
            return f"^{self.shape}$"
        if self.lines:
            return LINES_PATTERN
        return CODE_PATTERN if self.identifier else TEXT_PATTERN

    def problem(self, value: str) -> str | None:
        """Why `value` breaks this rule, or None when it keeps it."""
        if len(value) > self.max_chars:
            return f"too long: {len(value)} characters, at most {self.max_chars}"
        if not re.fullmatch(LINES_PATTERN if self.lines else TEXT_PATTERN, value):
            return "blank, or holds a control character"
        if self.shape is not None and not re.fullmatch(self.shape, value):
            return f"must match {self.shape}"
        if self.identifier and value[0] in FORMULA_STARTS:
            return f"an id or code may not start with {value[0]!r} (a spreadsheet formula)"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "holds a character UTF-8 cannot encode"
        return None


CODE = TextRule(32, identifier=True)
"""Party codes."""
UNIT = TextRule(32)
"""Units of measure: short text, not an identifier."""
KEY = TextRule(64, identifier=True)
"""Ids of items, sites, requirements, pledges; substitution groups."""
NAME = TextRule(200)
USER_NAME = TextRule(100)
NOTE = TextRule(2000, lines=True)
COUNTRY = TextRule(3, shape="[A-Z]{2,3}")
CURRENCY = TextRule(3, shape="[A-Z]{3}")
