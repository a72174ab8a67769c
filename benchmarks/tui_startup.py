"""Start-up of the TUI: process start to the title's first frame, against a bare Textual app.

Run: `python -m benchmarks tui_startup`. Both apps run headless in fresh processes,
alternating, and the figure is the median wall time from spawning the process to the
`Ready` event. The bare app shows a Header, a Markdown, an OptionList and a Footer.
Two more rows time the title showing its framing (the story's title, subtitle and
introduction, read from story.yaml alone as the loading starts, issue 18's interactive
title) and the title showing the story loaded and checked, Continue included (issue 20).
Both load in a thread after the first frame.
"""

from __future__ import annotations

import statistics

from benchmarks._tui_runs import runs
from benchmarks.table import BenchRow


def rows() -> list[BenchRow]:
    ours, bare, story = runs()
    bare_ready = statistics.median(r.ready for r in bare)
    moments = (
        ("first frame of the title (headless)", [r.ready for r in ours]),
        (f"the title showing its framing ({story.name})", [r.framed for r in ours]),
        (
            f"the title showing the story, loaded and checked ({story.name})",
            [r.shown for r in ours],
        ),
    )
    return [
        BenchRow(
            f"TUI: process start to {moment}",
            statistics.median(times),
            "s",
            bare_ready,
            "bare Textual app",
            "<= 1.3x",
            1.3,
            "ratio",
        )
        for moment, times in moments
    ]
