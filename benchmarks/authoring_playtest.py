"""Playtest timings: the campaign's proof and random playthroughs, and how both grow.

Run: `python -m benchmarks authoring_playtest`. All times are CPU time.

The campaign: the exhaustive proof and its report in-process (what the 10 s target is
about), then the whole `deniable playtest` in a fresh process (loading, the proof, the
text variants' pass, the report: what a writer waits for), and random playthroughs on
the compiled machine
against the same least-used policy played through the engine's own
`available_options` and `choose`, the same number of playthroughs each, run turn about
(ours, theirs, ours, ...) so that a busy machine slows both alike. ChoiceScript's
randomtest, for comparison, does about 6,700 playthroughs a second on its 1,172-word
sample game (shared/anchors.md).

Growth: `deniable playtest` and `deniable playtest --random N` on branching synthetic
stories of 1,000, 10,000 and 50,000 scenes (benchmarks/synthetic.py: skips, `visited()`
tests, once-only loops, where a table per scene per variable or a path copied per scene
grows quadratically), each run in a fresh process, which reports its own CPU time and
peak memory. The proof runs under a time limit (PROOF_LIMIT); a size that hits it says
so in its row, and its time is then the limit's, not the proof's. Random runs are
10,000 playthroughs, except on 50,000 scenes (RANDOM_RUNS), where the random rows'
growth is taken per playthrough. Growth factors divide one size's figure by the
previous one's.
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
from benchmarks.table import BenchRow, alternated, median_seconds
from game.authoring.coverage import exhaustive_report
from game.authoring.explore import DEFAULT_MAX_STATES
from game.authoring.prove import prove
from game.authoring.randomtest import random_playtest
from game.engine.rules import available_options, choose, new_game
from game.story.loader import load_story

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenes"
SIZES = (1_000, 10_000, 50_000)
# Playthroughs per size: one is as long as the story, so 10,000 on 50,000 scenes would
# be an hour of CPU; that size plays fewer and its random growth is per playthrough.
RANDOM_RUNS = {1_000: 10_000, 10_000: 10_000, 50_000: 1_000}
PROOF_LIMIT = 120  # seconds; the 50,000-scene proof needs more states than the bound
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
        lambda: exhaustive_report(prove(story, DEFAULT_MAX_STATES), DEFAULT_MAX_STATES),
        3,
        time.process_time,
    )
    whole = sorted(measure("playtest", str(CAMPAIGN), "--time-limit", "600").cpu for _ in range(3))[
        1
    ]
    ours_10k = median_seconds(lambda: random_playtest(story, 10_000, seed=1), 3, time.process_time)
    ours, engine = alternated(
        lambda: random_playtest(story, COMPARED_RUNS, seed=1),
        lambda: engine_playthroughs(story, COMPARED_RUNS, seed=1),
        ROUNDS,
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
            "`deniable playtest` of the campaign, whole process (load, proof, text variants, "
            "report)",
            whole,
            "s",
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
        BenchRow(
            f"random playthroughs of the campaign per second (campaign proof: {exhaustive:.1f} s)",
            10_000 / ours_10k,
            "runs/s",
            COMPARED_RUNS / engine,
            "the engine's options + choose",
        ),
    ]


def growth_rows() -> list[BenchRow]:
    rows: list[BenchRow] = []
    proofs: dict[int, Measured] = {}
    randoms: dict[int, Measured] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            folder = write_story(Path(tmp) / str(size), size, shape="branching")
            proofs[size] = measure("playtest", str(folder), "--time-limit", str(PROOF_LIMIT))
            randoms[size] = measure("playtest", str(folder), "--random", str(RANDOM_RUNS[size]))
    for size in SIZES:
        proof = proofs[size].report
        settled = proof["proved"]["scenes"]
        how = (
            f"complete, {proof['states']:,} states"
            if not proof["partial"]
            else f"PARTIAL at the {proof['time_limit']:g} s limit: {settled['reachable']:,} "
            f"scenes proved reachable, {settled['unknown']:,} unknown"
        )
        runs = RANDOM_RUNS[size]
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
                f"{runs:,} random playthroughs, {size:,} branching scenes: CPU",
                randoms[size].cpu,
                "s",
            ),
            BenchRow(
                f"{runs:,} random playthroughs, {size:,} branching scenes: peak memory",
                randoms[size].peak_mib,
                "MiB",
            ),
            BenchRow(
                f"random playthroughs per second, {size:,} branching scenes (process, load "
                f"included; the proof beside it: {proofs[size].cpu:.1f} s)",
                runs / randoms[size].cpu,
                "runs/s",
            ),
        ]
    for smaller, larger in zip(SIZES, SIZES[1:], strict=False):
        factor = larger / smaller
        bounded = smaller == SIZES[0]  # the bound: 1,000 -> 10,000 within 12x
        per_run = RANDOM_RUNS[smaller] / RANDOM_RUNS[larger]
        for label, found, scale in (
            ("exhaustive playtest", proofs, 1.0),
            ("random playthroughs", randoms, per_run),
        ):
            for what, value, scaled in (
                ("CPU", lambda m: m.cpu, scale),
                ("peak memory", lambda m: m.peak_mib, 1.0),
            ):
                each = " per playthrough" if scaled != 1.0 else ""
                rows.append(
                    BenchRow(
                        f"{label} {what}{each} growth, {smaller:,} -> {larger:,} scenes "
                        f"({factor:g}x the scenes)",
                        value(found[larger]) * scaled / value(found[smaller]),
                        "x",
                        target=f"<= {factor * 1.2:g}x" if bounded else "",
                        limit=factor * 1.2 if bounded else None,
                    )
                )
    return rows


def rows() -> list[BenchRow]:
    return campaign_rows() + growth_rows()
