"""Playtest timings: the campaign's proof and random playthroughs, and how both grow.

Run: `python -m benchmarks authoring_playtest`.

The campaign: the exhaustive proof, and random playthroughs on the compiled machine
against the same least-used policy played through the engine's own
`available_options` and `choose`, the same number of playthroughs each, run turn about
(ours, theirs, ours, ...) so that a busy machine slows both alike. ChoiceScript's
randomtest, for comparison, does about 6,700 playthroughs a second on its 1,172-word
sample game (shared/anchors.md).

Growth: `deniable playtest` on branching synthetic stories of 1,000, 10,000 and 50,000
scenes (benchmarks/synthetic.py: skips, `visited()` tests, once-only loops, where a
table per scene per variable or a path copied per scene grows quadratically), each run
in a fresh process, which reports its own CPU time and peak memory. The proof runs
under its default time limit; a size that hits it says so, and its time is then the
limit, not the proof. Growth factors divide one size's figure by the previous one's.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic import write_story
from benchmarks.table import BenchRow, median_seconds
from game.authoring.coverage import exhaustive_report
from game.authoring.explore import DEFAULT_MAX_STATES
from game.authoring.prove import prove
from game.authoring.randomtest import random_playtest
from game.engine.rules import available_options, choose, new_game
from game.story.loader import load_story

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenes"
SIZES = (1_000, 10_000, 50_000)
RANDOM_RUNS = 100  # per synthetic size: a playthrough there is as long as the story
COMPARED_RUNS = 2_000  # per side, on the campaign
ROUNDS = 3


def engine_playthroughs(story, runs: int, seed: int) -> None:
    """The same least-used policy, through the engine: the baseline."""
    rng = random.Random(seed)
    uses: dict[str, int] = {}
    for _ in range(runs):
        state = new_game(story, rng.randrange(1 << 30))
        while state.ending is None:
            options = [o for o in available_options(story, state) if not o.locked]
            if not options:
                break
            least = min(uses.get(o.choice.full_id, 0) for o in options)
            picked = rng.choice([o for o in options if uses.get(o.choice.full_id, 0) == least])
            uses[picked.choice.full_id] = uses.get(picked.choice.full_id, 0) + 1
            state = choose(story, state, picked.choice.id).state


def turn_about(ours, theirs, rounds: int = ROUNDS) -> tuple[float, float]:
    """Median wall times of two workloads run alternately."""
    mine, base = [], []
    for _ in range(rounds):
        for fn, into in ((ours, mine), (theirs, base)):
            start = time.perf_counter()
            fn()
            into.append(time.perf_counter() - start)
    mine.sort()
    base.sort()
    return mine[len(mine) // 2], base[len(base) // 2]


@dataclass
class Measured:
    """One `deniable` process: its CPU time, peak memory and JSON report."""

    cpu: float
    wall: float
    peak_mib: float
    report: dict


def measure(*args: str) -> Measured:
    """Run `deniable ARGS --format json` in a fresh process and read its own usage."""
    command = [sys.executable, "-m", "game", *args, "--format", "json"]
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as child:
        out = child.stdout.read()
        _, _, usage = os.wait4(child.pid, 0)
        child.returncode = 0  # reaped above
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(cpu, wall, usage.ru_maxrss / 1024, json.loads(out))


def campaign_rows() -> list[BenchRow]:
    story = load_story(CAMPAIGN)
    exhaustive = median_seconds(
        lambda: exhaustive_report(prove(story, DEFAULT_MAX_STATES), DEFAULT_MAX_STATES), 3
    )
    ours_10k = median_seconds(lambda: random_playtest(story, 10_000, seed=1), 3)
    ours, engine = turn_about(
        lambda: random_playtest(story, COMPARED_RUNS, seed=1),
        lambda: engine_playthroughs(story, COMPARED_RUNS, seed=1),
    )
    return [
        BenchRow(
            "exhaustive playtest of the campaign (proof and report)",
            exhaustive,
            "s",
            target="<= 10 s",
            limit=10.0,
        ),
        BenchRow(
            f"{COMPARED_RUNS:,} random playthroughs of the campaign, turn about",
            ours,
            "s",
            engine,
            f"the engine's options + choose, {COMPARED_RUNS:,} runs",
        ),
        BenchRow(
            "10,000 random playthroughs of the campaign", ours_10k, "s", target="<= 3 s", limit=3.0
        ),
        BenchRow("random playthroughs of the campaign per second", 10_000 / ours_10k, "runs/s"),
    ]


def growth_rows() -> list[BenchRow]:
    rows: list[BenchRow] = []
    proofs: dict[int, Measured] = {}
    randoms: dict[int, Measured] = {}
    throughput: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            folder = write_story(Path(tmp) / str(size), size, shape="branching")
            proofs[size] = measure("playtest", str(folder))
            randoms[size] = measure("playtest", str(folder), "--random", str(RANDOM_RUNS))
            story = load_story(folder)
            start = time.perf_counter()
            random_playtest(story, RANDOM_RUNS, seed=1)
            throughput[size] = RANDOM_RUNS / (time.perf_counter() - start)
            del story
    for size in SIZES:
        proof = proofs[size].report
        settled = proof["proved"]["scenes"]
        how = (
            f"complete, {proof['states']:,} states"
            if not proof["partial"]
            else f"PARTIAL at the {proof['time_limit']:g} s limit: {settled['reachable']:,} "
            f"scenes proved reachable, {settled['unknown']:,} unknown"
        )
        rows += [
            BenchRow(
                f"exhaustive playtest, {size:,} branching scenes ({how}): CPU",
                proofs[size].cpu,
                "s",
            ),
            BenchRow(
                f"exhaustive playtest, {size:,} branching scenes: peak memory",
                proofs[size].peak_mib,
                "MiB",
            ),
            BenchRow(
                f"{RANDOM_RUNS} random playthroughs, {size:,} branching scenes: CPU",
                randoms[size].cpu,
                "s",
            ),
            BenchRow(
                f"{RANDOM_RUNS} random playthroughs, {size:,} branching scenes: peak memory",
                randoms[size].peak_mib,
                "MiB",
            ),
            BenchRow(
                f"random playthroughs per second, {size:,} branching scenes (story loaded)",
                throughput[size],
                "runs/s",
            ),
        ]
    for smaller, larger in zip(SIZES, SIZES[1:], strict=False):
        factor = larger / smaller
        for label, found in (("exhaustive playtest", proofs), ("random playthroughs", randoms)):
            for what, value in (("CPU", lambda m: m.cpu), ("peak memory", lambda m: m.peak_mib)):
                rows.append(
                    BenchRow(
                        f"{label} {what} growth, {smaller:,} -> {larger:,} scenes "
                        f"({factor:g}x the scenes)",
                        value(found[larger]) / value(found[smaller]),
                        "x",
                        # the bound: 1,000 -> 10,000 within 12x; larger is reported
                        target=f"<= {factor * 1.2:g}x" if smaller == SIZES[0] else "",
                        limit=factor * 1.2 if smaller == SIZES[0] else None,
                    )
                )
    return rows


def rows() -> list[BenchRow]:
    return campaign_rows() + growth_rows()
