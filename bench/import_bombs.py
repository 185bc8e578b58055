"""Issue 16, points 5 and 6: the full-size hostile workbooks of the report, read in a child
process under the default limits, with the time to refusal and the child's peak RSS.

- a 1 GiB cell packed into a ~1 MiB xlsx (was: 2.2-2.5 GiB RSS, then a database error);
- 5 million rows in a few MB of xlsx, with a true dimension and with none (was: > 5 min);
- a billion-laughs sheet and an external entity (was: HTTP 500 / a raw traceback).
Each must be refused in under 2 s with under 200 MiB RSS, the message naming the limit.
Building the bombs takes a while (compressing 1 GiB); timings are of the refusal only.

    PYTHONPATH=. .venv/bin/python bench/import_bombs.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.api.conftest import mission
from tests.security.hostile_workbooks import (
    EXTERNAL,
    LAUGHS,
    huge_cell,
    many_rows,
    with_first_sheet,
)

from pledgeflow.adapters.importers import UnreadableFile, read_tables


def refuse(path: Path) -> None:
    """Child: read `path` with the default limits; print what happened as JSON."""
    import resource

    began = time.monotonic()
    try:
        read_tables(path)
        outcome = "ACCEPTED"
    except UnreadableFile as error:
        outcome = str(error)
    seconds = time.monotonic() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "outcome": outcome}))


def main() -> int:
    bad = 0
    with tempfile.TemporaryDirectory(prefix="pledgeflow-bombs-") as name:
        folder = Path(name)
        bombs = {
            "1 GiB cell": with_first_sheet(mission(), folder / "cell.xlsx", huge_cell(1024**3)),
            "5M rows": with_first_sheet(mission(), folder / "rows.xlsx", many_rows(5_000_000)),
            "5M empty rows": with_first_sheet(
                mission(), folder / "empty.xlsx", many_rows(5_000_000, cells=False)
            ),
            "billion laughs": with_first_sheet(
                mission(), folder / "laughs.xlsx", iter([LAUGHS.encode()])
            ),
            "external entity": with_first_sheet(
                mission(), folder / "xxe.xlsx", iter([EXTERNAL.encode()])
            ),
        }
        for label, path in bombs.items():
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            found = json.loads(child.stdout.strip().splitlines()[-1])
            size = path.stat().st_size / 1024 / 1024
            ok = found["seconds"] < 2 and found["peak_mib"] < 200 and found["outcome"] != "ACCEPTED"
            bad += not ok
            print(
                f"{label} ({size:.1f} MiB file): {found['seconds']:.2f} s, "
                f"peak RSS {found['peak_mib']:.0f} MiB, {'ok' if ok else 'FAILED'}\n"
                f"  {found['outcome']}"
            )
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        refuse(Path(sys.argv[2]))
    else:
        raise SystemExit(main())
