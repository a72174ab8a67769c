"""Playtest timings: the exhaustive proof and 10,000 random playthroughs of the campaign.

Run: `python -m benchmarks authoring_playtest`. The random playthroughs run on the
compiled machine; the baseline plays the same least-used policy through the engine's
own `available_options` and `choose` (1,000 runs, scaled to 10,000), which is what
the machine saves. ChoiceScript's randomtest, for comparison, does about 6,700
playthroughs a second on its 1,172-word sample game (shared/anchors.md).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from benchmarks.table import BenchRow, median_seconds
from game.authoring.coverage import exhaustive_report
from game.authoring.explore import DEFAULT_MAX_STATES
from game.authoring.prove import prove
from game.authoring.randomtest import random_playtest
from game.engine.rules import available_options, choose, new_game
from game.story.loader import load_story

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenes"


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


def rows() -> list[BenchRow]:
    story = load_story(CAMPAIGN)
    exhaustive = median_seconds(
        lambda: exhaustive_report(prove(story, DEFAULT_MAX_STATES), DEFAULT_MAX_STATES), 3
    )
    ours = median_seconds(lambda: random_playtest(story, 10_000, seed=1), 3)
    start = time.perf_counter()
    engine_playthroughs(story, 1_000, seed=1)
    engine = (time.perf_counter() - start) * 10
    return [
        BenchRow(
            "exhaustive playtest of the campaign (proof and report)",
            exhaustive,
            "s",
            target="<= 10 s",
            limit=10.0,
        ),
        BenchRow(
            "10,000 random playthroughs of the campaign",
            ours,
            "s",
            engine,
            "the engine's options + choose, x10 of 1,000",
            "<= 3 s",
            3.0,
        ),
    ]
