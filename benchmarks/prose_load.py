"""What prose that answers back costs at load: today's loader against the loader of just
before it (commit BEFORE), in one process, A and B alternating.

Run: `python -m benchmarks prose_load`. The code of BEFORE is taken with `git archive`
into a temporary folder and imported beside today's (its modules are renamed out of the
way, so both stay loaded); each round times one of each, in turn, so a busy machine
slows both alike, and each is timed in CPU seconds of this process. Two figures:

- the campaign as it stood at BEFORE (the newer campaign uses prose the old loader
  cannot read), loaded by each: the issue allows at most 10% more;
- `check` (load, validate and lint) of the synthetic 10,000-scene story by each, each
  beside the bare CSafeLoader parse: the ratio to the parse must stay where it was.

Without git or the history (an unpacked sdist), it reports nothing.
"""

from __future__ import annotations

import gc
import importlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.core import bare_parse
from benchmarks.synthetic import write_story
from benchmarks.table import BenchRow

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "980eae3"  # the parent of 8563cec, which brought game/story/variants.py
ROUNDS = 15


def _import_before(
    folder: Path,
) -> tuple[Callable[..., object], Callable[..., object], Callable[..., object]]:
    """(load_story, check_story, lint) of BEFORE's code, imported beside today's."""
    saved = {name: module for name, module in sys.modules.items() if _ours(name)}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(folder))
    try:
        loader = importlib.import_module("game.story.loader")
        lint = importlib.import_module("game.authoring.lint")
        found = (loader.load_story, loader.check_story, lint.lint)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if _ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)
    return found


def _ours(name: str) -> bool:
    return name == "game" or name.startswith("game.")


def _time(fn: Callable[[], object]) -> float:
    """CPU seconds of this process: on a shared, loaded machine wall time also counts the
    time other work held the cores, which A and B do not share alike."""
    gc.collect()
    start = time.process_time()
    result = fn()
    elapsed = time.process_time() - start
    del result
    return elapsed


def alternate(runs: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """The median time of each, over rounds in which every one runs once, in turn."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for fn in runs.values():
        fn()  # warm: imports, caches
    for index in range(rounds):
        order = list(runs.items())
        if index % 2:
            order.reverse()  # neither always goes first
        for name, fn in order:
            samples[name].append(_time(fn))
    return {name: statistics.median(times) for name, times in samples.items()}


def rows() -> list[BenchRow]:
    from game.authoring.lint import lint
    from game.story.loader import check_story, load_story

    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        before.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", BEFORE, "game", "scenes"],
            capture_output=True,
        )
        if archive.returncode != 0:
            print(f"  prose_load: no git history of {BEFORE}; skipped", file=sys.stderr)
            return []
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
        old_load, old_check, old_lint = _import_before(before)
        campaign = before / "scenes"
        loads = alternate(
            {"now": lambda: load_story(campaign, fresh=True), "before": lambda: old_load(campaign)},
            ROUNDS,
        )
        big = write_story(Path(tmp) / "big", 10_000)

        def check_now() -> object:
            story, _ = check_story(big, fresh=True)
            assert story is not None, "the synthetic story loads"
            return lint(story)

        def check_before() -> object:
            loaded = old_check(big)
            assert isinstance(loaded, tuple)
            return old_lint(loaded[0])

        checks = alternate(
            {"now": check_now, "before": check_before, "parse": lambda: bare_parse(big)}, 5
        )
    now_ratio = checks["now"] / checks["parse"]
    before_ratio = checks["before"] / checks["parse"]
    return [
        BenchRow(
            f"load + validate the campaign of {BEFORE} (before conditional prose), "
            "today's loader (CPU)",
            loads["now"],
            "s",
            loads["before"],
            f"the loader of {BEFORE}, alternating",
            "<= 1.1x",
            1.1,
            "ratio",
        ),
        BenchRow(
            "check (load + lint) a 10,000-scene story, today, over the bare parse (CPU)",
            now_ratio,
            "x",
            before_ratio,
            f"the same ratio with the code of {BEFORE}, alternating",
            "<= 1.05x (no worse than before, within noise)",
            1.05,
            "ratio",
        ),
    ]
