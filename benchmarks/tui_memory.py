"""Peak memory at the title screen, against a bare Textual app, in fresh processes.

Run: `python -m benchmarks tui_memory`. Peak resident memory (VmHWM) of each app
process: ours once the title shows the loaded story, and at its first frame.
"""

from __future__ import annotations

import statistics

from benchmarks._tui_runs import runs
from benchmarks.table import BenchRow


def rows() -> list[BenchRow]:
    ours, bare, story = runs(repeat=3)
    bare_peak = statistics.median(r.peak_mib for r in bare)
    return [
        BenchRow(
            f"TUI: peak memory, title with the story loaded ({story.name})",
            statistics.median(r.peak_mib for r in ours),
            "MiB",
            bare_peak,
            "bare Textual app",
            "<= 1.3x",
            1.3,
            "ratio",
        ),
        BenchRow(
            "TUI: peak memory at the first frame",
            statistics.median(r.ready_peak_mib for r in ours),
            "MiB",
            bare_peak,
            "bare Textual app",
        ),
    ]
