"""Audit log Merkle figures: appends through the compact range, tree heads of a large log.

Everything runs in one process and is compared with a naive baseline measured in the same run:
rebuilding the whole tree head from all leaf hashes after every append (what a log without a
persisted right edge would do). That baseline is quadratic, so it is measured on a small log
and extrapolated; its rows say so.

    PYTHONPATH=src .venv/bin/python bench/audit_merkle.py [--appends N] [--log-size N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from pledgeflow.audit.merkle import (
    CompactRange,
    LeafHashList,
    fold_level_by_level,
    hash_leaves,
    root_of,
    root_of_entries,
    tree_root,
)

T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def entry(seq: int) -> bytes:
    """A log entry of realistic length (~170 bytes of canonical JSON)."""
    return (
        f'{{"actor":"liaison.{seq % 50:02d}","at":"2026-11-25T12:00:00+00:00",'
        f'"change":{{"digest":"{seq:064x}","key":["P-{seq}"],"op":"insert",'
        f'"table":"pledges"}},"command":"record_pledge","seq":{seq}}}'
    ).encode()


def entries(count: int) -> Iterator[bytes]:
    return (entry(seq) for seq in range(count))


def append_all(leaf_hashes: list[bytes]) -> bytes:
    edge = CompactRange()
    for value in leaf_hashes:
        edge.append(value)
    return edge.root()


def naive_append_all(leaf_hashes: list[bytes]) -> bytes:
    """Baseline: after each append, recompute the head from every leaf so far."""
    root = b""
    for size in range(1, len(leaf_hashes) + 1):
        root = fold_level_by_level(leaf_hashes[:size])
    return root


Row = tuple[str, int, float, str]


def append_rows(appends: int, naive_appends: int) -> tuple[list[Row], list[str]]:
    """Compact-range appends against the naive rebuild-per-append baseline."""
    leaves = hash_leaves(entries(appends))
    append_s, append_root = timed(lambda: append_all(leaves))
    small_s, _ = timed(lambda: append_all(leaves[:naive_appends]))
    naive_s, naive_root = timed(lambda: naive_append_all(leaves[:naive_appends]))
    rebuild_s, rebuild_root = timed(lambda: fold_level_by_level(leaves))
    assert append_root == rebuild_root
    assert naive_root == root_of(leaves[:naive_appends])
    # A rebuild costs time linear in the size, so n appends cost c·n²/2. Two estimates of N
    # appends: scale the measured small run by (N/n)², or take N/2 rebuilds at size N.
    quadratic_s = naive_s * (appends / naive_appends) ** 2
    linear_model_s = rebuild_s * appends / 2
    naive_label = f"NAIVE rebuild per append, MEASURED n={naive_appends:,}"
    rows = [
        ("append via compact range (O(log n) per append)", appends, append_s, "appends"),
        (f"append via compact range, first {naive_appends:,}", naive_appends, small_s, "appends"),
        (naive_label, naive_appends, naive_s, "appends"),
        ("NAIVE EXTRAPOLATED: measured run scaled by (N/n)^2", appends, quadratic_s, "appends"),
        ("NAIVE EXTRAPOLATED: N/2 x one measured rebuild at N", appends, linear_model_s, "appends"),
        ("one full rebuild of the head at N (measured)", appends, rebuild_s, "leaves"),
    ]
    ratios = [
        f"compact range vs naive, both measured at n={naive_appends:,}: {naive_s / small_s:,.0f}x",
        f"compact range vs naive at N={appends:,} (extrapolated, (N/n)^2): "
        f"{quadratic_s / append_s:,.0f}x",
        f"compact range vs naive at N={appends:,} (extrapolated, N/2 rebuilds): "
        f"{linear_model_s / append_s:,.0f}x",
    ]
    return rows, ratios


def head_rows(log_size: int) -> tuple[list[Row], list[str]]:
    """Tree head of a large log, from stored leaf hashes and from raw entries."""
    stored = hash_leaves(entries(log_size))
    raw = [entry(seq) for seq in range(log_size)]
    list_s, list_root = timed(lambda: root_of(stored))
    source_s, source_root = timed(lambda: tree_root(LeafHashList(stored), log_size))
    raw_s, (_, raw_root) = timed(lambda: root_of_entries(raw))
    one_by_one_s, edge_root = timed(lambda: append_all(stored))
    assert list_root == source_root == raw_root == edge_root
    rows = [
        ("head from stored leaf hashes (in-memory list)", log_size, list_s, "leaves"),
        ("head from stored leaf hashes (lazy LeafHashSource)", log_size, source_s, "leaves"),
        ("head from raw entries (hash + fold, streamed)", log_size, raw_s, "leaves"),
        ("head by appending leaf hashes one by one", log_size, one_by_one_s, "leaves"),
    ]
    ratios = [f"chunked fold vs one-by-one appends for the head: {one_by_one_s / list_s:.2f}x"]
    return rows, ratios


def render(row: Row) -> str:
    label, count, seconds, unit = row
    rate = count / seconds if seconds else float("inf")
    return f"{label:<56} {count:>10,} {seconds:>10.3f} s {rate:>13,.0f} {unit}/s"


def main() -> None:
    parser = argparse.ArgumentParser(description="Audit log Merkle figures.")
    parser.add_argument("--appends", type=int, default=100_000)
    parser.add_argument("--log-size", type=int, default=1_000_000)
    parser.add_argument("--naive-appends", type=int, default=2_000)
    args = parser.parse_args()
    appends, append_ratios = append_rows(args.appends, args.naive_appends)
    heads, head_ratios = head_rows(args.log_size)
    print(f"audit Merkle benchmark: entries of {len(entry(0))} bytes, SHA-256 via hashlib\n")
    print(f"{'measurement':<56} {'leaves':>10} {'time':>12} {'rate':>15}")
    for line in (*appends, *heads):
        print(render(line))
    print()
    for ratio in (*append_ratios, *head_ratios):
        print(ratio)


if __name__ == "__main__":
    main()
