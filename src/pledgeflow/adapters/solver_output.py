"""HiGHS's start-up banner, kept off a process's standard output.

HiGHS prints its banner when the first solver object of a process is made, before any option
can switch output off; commands and the worker processes that plan for them make that first
object here, with stdout pointed at /dev/null.
"""

from __future__ import annotations

import os
import sys

_banner_silenced = False


def silence_solver_banner() -> None:
    """Make the process's first HiGHS object with stdout on /dev/null (once per process)."""
    global _banner_silenced
    if _banner_silenced:
        return
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _banner_silenced = True
