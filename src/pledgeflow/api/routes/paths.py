"""Path parameters: record keys as the database stores them (no control characters, bounded)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from pledgeflow.api.deps import get_container
from pledgeflow.bootstrap import Container

_KEY = r"^[^\x00-\x1f\x7f]+$"
KeyPath = Annotated[str, Path(min_length=1, max_length=64, pattern=_KEY)]
KeyQuery = Annotated[str | None, Query(min_length=1, max_length=64, pattern=_KEY)]
Box = Annotated[Container, Depends(get_container)]
