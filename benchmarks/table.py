"""One row per measured figure, and the table `make bench` prints and writes down."""

from __future__ import annotations

import os
import platform
import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchRow:
    """A figure of ours beside a baseline measured in the same run, and the target it answers."""

    measure: str
    ours: float
    unit: str  # "s", "ms", "us", "MiB" or "x"
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""  # e.g. "<= 1.3x", "<= 50 ms"
    limit: float | None = None  # the number the target compares against
    compare: str = "ours"  # "ours" compares `ours` with limit; "ratio" compares ours/baseline
    # A ratio target that also names a figure ("<= 1.5x (and <= 100 ms)"): `ours` must stay
    # at or under this too, in its own unit, for the row to hold.
    ceiling: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.ours / self.baseline

    @property
    def holds(self) -> bool | None:
        if self.limit is None:
            return None
        value = self.ratio if self.compare == "ratio" else self.ours
        under = self.ceiling is None or self.ours <= self.ceiling
        return value is not None and value <= self.limit and under


def alternated(ours, theirs, rounds: int = 5, clock=time.process_time) -> tuple[float, float]:
    """Median times of two workloads run turn about (ours, theirs, ours, ...), so that a
    machine others are loading slows both alike. CPU time by default; pass
    `time.perf_counter` where waiting is part of the work (a disk's fsync)."""
    mine: list[float] = []
    base: list[float] = []
    for _ in range(rounds):
        for fn, into in ((ours, mine), (theirs, base)):
            start = clock()
            result = fn()
            into.append(clock() - start)
            del result
    return statistics.median(mine), statistics.median(base)


def median_seconds(fn, repeat: int = 5, clock=time.perf_counter) -> float:
    """The median time of `fn()` (wall, or the `clock` given); freeing what it returns
    happens off the clock."""
    samples = []
    for _ in range(repeat):
        start = clock()
        result = fn()
        samples.append(clock() - start)
        del result
    return statistics.median(samples)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.3g} {unit}"


def markdown(rows: list[BenchRow]) -> str:
    lines = [
        "| measure | ours | baseline | ratio | target | holds |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        baseline = _number(row.baseline, row.unit)
        if row.baseline_name and baseline:
            baseline += f" ({row.baseline_name})"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        holds = {True: "yes", False: "**no**", None: ""}[row.holds]
        lines.append(
            f"| {row.measure} | {_number(row.ours, row.unit)} | {baseline} | {ratio} "
            f"| {row.target} | {holds} |"
        )
    return "\n".join(lines)
