"""Engine core timings: story loading against the bare YAML parse, and one choice.

Run: `python -m benchmarks core`. Every figure is a median of repeated runs of CPU
time, ours and the baseline run turn about, so ratios compare like with like on this
machine. The growth row loads branching stories (skips, `visited()` tests, once-only
loops: benchmarks/synthetic.py), where anything kept per scene per reference would show.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.synthetic import write_story
from benchmarks.table import BenchRow, alternated
from game.authoring.lint import lint
from game.engine.rules import available_options, choose, new_game
from game.story.loader import check_story, load_story

ROOT = Path(__file__).resolve().parent.parent
TOUR = ROOT / "tests" / "stories" / "feature-tour"
CAMPAIGN = ROOT / "scenes"


def bare_parse(folder: Path) -> list:
    """The parse floor: every file through PyYAML's C loader, nothing checked or built."""
    return [
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for path in sorted(folder.glob("*.yaml"))
    ]


def rows() -> list[BenchRow]:
    result = [campaign_row()]
    loads, parses = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for size, limit in ((1000, 0.3), (10000, 3.0)):
            folder = write_story(Path(tmp) / str(size), size, shape="branching")
            repeat = 9 if size <= 1000 else 5
            ours, base = alternated(
                lambda folder=folder: load_story(folder, fresh=True),
                lambda folder=folder: bare_parse(folder),
                repeat,
            )
            loads[size], parses[size] = ours, base
            result.append(
                BenchRow(
                    f"load + validate a {size:,}-scene branching story (CPU)",
                    ours,
                    "s",
                    base,
                    "CSafeLoader parse",
                    f"<= {limit} s",
                    limit,
                )
            )
    result.append(
        BenchRow(
            "load time growth, 1,000 -> 10,000 branching scenes",
            loads[10000] / loads[1000],
            "x",
            parses[10000] / parses[1000],
            "the parse's own growth",
            "<= 11x",
            11.0,
        )
    )
    result.append(choose_row())
    return result


def check_campaign():
    """What `deniable check` does: load and validate, then lint. Fresh each time: a
    process remembers a folder it checked (story/checked.py), and without `fresh` every
    run after the first timed only reading the files again to see they had not changed."""
    story, _ = check_story(CAMPAIGN, fresh=True)
    lint(story)
    return story


def campaign_row() -> BenchRow:
    ours, base = alternated(check_campaign, lambda: bare_parse(CAMPAIGN), 9)
    return BenchRow(
        "load + validate + lint the campaign (`check`, CPU)",
        ours,
        "s",
        base,
        "CSafeLoader parse",
        "<= 2x",
        2.0,
        "ratio",
    )


def choose_row() -> BenchRow:
    story = load_story(TOUR)
    start = new_game(story, seed=1)
    samples = []
    for _ in range(2000):
        begin = time.perf_counter()
        options = available_options(story, start)
        choose(story, start, options[1].choice.id)
        samples.append(time.perf_counter() - begin)
    return BenchRow(
        "options + choose, feature tour (median)",
        statistics.median(samples) * 1e6,
        "us",
        target="<= 50 us",
        limit=50.0,
    )
