"""Charts already drawn, kept by what they were drawn from.

Drawing a chart (pygal, then making its SVG fit the strict policy) costs tens of
milliseconds, and the public tracker draws all of its charts again whenever any record
changes, though most of them usually show the same figures as before (a new fair-share
target changes one chart, not the donor bars). A chart is a function of its arguments, so a
chart asked for again with equal arguments is handed out as drawn the first time.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
_SIZE = 64


def _frozen(value: Any) -> Hashable:
    """Sequences (labels, series, their values) as tuples; a series by its name and values."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    values = getattr(value, "values", None)
    name = getattr(value, "name", None)
    if isinstance(name, str) and values is not None and not callable(values):
        return ("series", name, _frozen(list(values)))
    return value  # type: ignore[no-any-return]


def remembered(draw: Callable[P, R]) -> Callable[P, R]:
    """`draw` with its last `_SIZE` answers kept, by equal arguments."""
    kept: OrderedDict[Hashable, R] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> R:
        key = (_frozen(list(args)), _frozen(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:  # an argument that cannot be compared cheaply: just draw
            return draw(*args, **kwargs)
        with lock:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        made = draw(*args, **kwargs)
        with lock:
            kept[key] = made
            while len(kept) > _SIZE:
                kept.popitem(last=False)
        return made

    return drawn
