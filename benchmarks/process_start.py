"""Process start of the command-line front door, against an empty `python -c pass`.

Run: `python -m benchmarks process_start`. Each command runs in a fresh process, alternating
with the baseline so both see the same machine load; the figure is the median wall time
from spawning the process to its exit. The issues name no target here: the ratio shows
what the game adds to the interpreter's own start.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.table import BenchRow

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "scenes"
REPEAT = 9

COMMANDS = [
    ("process start: `deniable --help`", ["--help"], None),
    (
        "process start: `deniable play --plain` to the first scene, then end of input",
        ["play", "--plain", "--story", str(CAMPAIGN)],
        b"",
    ),
    ("process start: `deniable check` of the campaign", ["check", str(CAMPAIGN)], None),
]


def wall_time(argv: list[str], stdin: bytes | None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, input=stdin, capture_output=True, check=False, cwd=ROOT)
    return time.perf_counter() - start


def rows() -> list[BenchRow]:
    python = sys.executable
    result = []
    for measure, args, stdin in COMMANDS:
        ours, bare = [], []
        for _ in range(REPEAT):
            bare.append(wall_time([python, "-c", "pass"], None))
            ours.append(wall_time([python, "-m", "game", *args], stdin))
        result.append(
            BenchRow(
                measure,
                statistics.median(ours),
                "s",
                statistics.median(bare),
                "python -c pass",
            )
        )
    return result
