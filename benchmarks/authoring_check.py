"""`deniable check` on a 10,000-scene synthetic story: loading plus the linter.

Run: `python -m benchmarks authoring_check`. The baseline is loading and validating
alone (what `check` did before it linted), measured in the same run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.synthetic import write_story
from benchmarks.table import BenchRow, median_seconds
from game.authoring.lint import lint
from game.story.loader import check_story


def full_check(folder: Path) -> None:
    story, _ = check_story(folder, fresh=True)
    lint(story)


def rows() -> list[BenchRow]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_story(Path(tmp) / "story", 10_000)
        ours = median_seconds(lambda: full_check(folder), 3)
        base = median_seconds(lambda: check_story(folder, fresh=True), 3)
    return [
        BenchRow(
            "check (load + lint) a 10,000-scene story",
            ours,
            "s",
            base,
            "load + validate only",
            "<= 3 s",
            3.0,
        )
    ]
