"""Start-up of the TUI: process start to the title's first frame, against a bare Textual app.

Run: `python -m benchmarks tui_startup`. Both apps run headless in fresh processes,
alternating, and the figure is the median wall time from spawning the process to the
`Ready` event. The bare app shows a Header, a Markdown, an OptionList and a Footer.
A second row times the title with the story loaded and shown (the story loads in a
thread after the first frame).
"""

from __future__ import annotations

import statistics

from benchmarks._tui_runs import runs
from benchmarks.table import BenchRow


def rows() -> list[BenchRow]:
    ours, bare, story = runs()
    bare_ready = statistics.median(r.ready for r in bare)
    return [
        BenchRow(
            "TUI: process start to first frame of the title (headless)",
            statistics.median(r.ready for r in ours),
            "s",
            bare_ready,
            "bare Textual app",
            "<= 1.3x",
            1.3,
            "ratio",
        ),
        BenchRow(
            f"TUI: process start to the title showing the story ({story.name})",
            statistics.median(r.shown for r in ours),
            "s",
            bare_ready,
            "bare Textual app",
        ),
    ]
