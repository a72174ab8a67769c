"""Random playthroughs that seek out what has been played least, as ChoiceScript's randomtest.

At each scene the playthrough takes, among the open choices, one of those taken least
often so far in the whole run (ties broken by the seeded generator), so N runs spread
over the story instead of retracing the likeliest path. Random branches are drawn by
their weights. The same story, N and seed always give the same report.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

from game.authoring.machine import Machine
from game.authoring.progress import Progress, Silent
from game.authoring.stat_spread import ChapterStart, ChapterStarts
from game.story.model import Story


class Spread(TypedDict):
    min: int
    mean: float
    median: float
    max: int


class Summary(TypedDict):
    runs: int
    seed: int
    endings: dict[str, int]  # ending scene -> runs that reached it, most first
    choices: Spread  # per run
    words: Spread
    dead_ends: dict[str, int]
    too_long: int
    stats_by_chapter: list[ChapterStart]  # each stat's spread as each chapter starts


MAX_STEPS = 5_000


@dataclass
class RandomRun:
    runs: int
    seed: int
    endings: dict[str, int] = field(default_factory=dict)
    choices_per_run: list[int] = field(default_factory=list)  # page turns left out
    words_per_run: list[int] = field(default_factory=list)
    scenes_seen: set[int] = field(default_factory=set)
    choice_uses: list[int] = field(default_factory=list)
    dead_ends: dict[str, int] = field(default_factory=dict)  # scene -> runs stuck there
    too_long: int = 0  # runs stopped after MAX_STEPS choices
    paths: list[list[tuple[str, int]]] = field(default_factory=list)  # kept for checking
    stats_by_chapter: list[ChapterStart] = field(default_factory=list)

    def summary(self) -> Summary:
        def spread(values: list[int]) -> Spread:
            if not values:
                return {"min": 0, "mean": 0, "median": 0, "max": 0}
            return {
                "min": min(values),
                "mean": round(statistics.fmean(values), 1),
                "median": statistics.median(values),
                "max": max(values),
            }

        return {
            "runs": self.runs,
            "seed": self.seed,
            "endings": dict(sorted(self.endings.items(), key=lambda item: -item[1])),
            "choices": spread(self.choices_per_run),
            "words": spread(self.words_per_run),
            "dead_ends": self.dead_ends,
            "too_long": self.too_long,
            "stats_by_chapter": self.stats_by_chapter,
        }


def random_playtest(
    story: Story,
    runs: int,
    seed: int,
    machine: Machine | None = None,
    keep_paths: int = 0,
    progress: Progress | None = None,
    on_path: Callable[[list[tuple[str, int]]], None] | None = None,
) -> tuple[RandomRun, Machine]:
    """Play `runs` playthroughs; return the run's tallies and the machine used.

    The first `keep_paths` playthroughs are kept as (choice full id, branch) lists, so a
    test can replay them in the engine; `on_path` is handed every playthrough's list
    instead, as it ends (the text variants' tally plays them without keeping them all).
    """
    machine = machine or Machine(story, reduce=False, all_stats=True)
    rng = random.Random(seed)
    result = RandomRun(runs, seed)
    uses = [0] * len(machine.choices)
    scene_choices = machine.scene_choices
    scene_words = machine.scene_words
    is_ending = machine.is_ending
    enter = machine.enter if machine.reduced else None
    seen_scenes = bytearray(len(machine.scene_ids))
    scene_ids = machine.scene_ids
    endings = result.endings
    pick = rng.choice
    weighted = rng.choices
    progress = progress or Silent()
    starts = ChapterStarts(machine)
    chapter_of = starts.chapter_of
    for run in range(runs):
        if progress.enabled:
            progress.show(f"playing: {run:,} of {runs:,} playthroughs")
        keeping = run < keep_paths or on_path is not None
        kept: list[tuple[str, int]] | None = [] if keeping else None
        scene = machine.start_scene
        memory = machine.start_memory
        words = 0
        steps = 0
        made = 0  # choices made: page turns are steps, not choices
        chapter = -1
        entered = 0  # the chapters this run has entered, as bits
        while True:
            seen_scenes[scene] = 1
            if chapter_of[scene] != chapter:
                chapter = chapter_of[scene]
                if not entered >> chapter & 1:
                    entered |= 1 << chapter
                    starts.record(chapter, memory)
            words += scene_words[scene]
            if is_ending[scene]:
                ending = scene_ids[scene]
                endings[ending] = endings.get(ending, 0) + 1
                break
            best = None
            least = -1
            for item in scene_choices[scene]:
                if item.once_bit and memory & item.once_bit:
                    continue
                if item.condition is not None and not item.condition(memory):
                    continue
                used = uses[item.index]
                if best is None or used < least:
                    best = [item]
                    least = used
                elif used == least:
                    best.append(item)
            if best is None:
                stuck = scene_ids[scene]
                result.dead_ends[stuck] = result.dead_ends.get(stuck, 0) + 1
                break
            if steps >= MAX_STEPS:
                result.too_long += 1
                break
            item = best[0] if len(best) == 1 else pick(best)
            uses[item.index] += 1
            steps += 1
            made += item.made
            edges = item.edges
            if len(edges) == 1:
                edge = edges[0]
            else:
                edge = weighted(edges, weights=[e.weight for e in edges])[0]
            words += item.words + edge.words
            if kept is not None:
                kept.append((item.choice.full_id, edges.index(edge)))
            for effect in item.effects:
                memory = effect(memory)
            for effect in edge.effects:
                memory = effect(memory)
            scene = edge.target
            memory |= edge.set_bits
            if enter is not None:
                memory = enter(scene, memory)
        if on_path is not None and kept is not None:
            on_path(kept)
        elif kept is not None:
            result.paths.append(kept)
        result.choices_per_run.append(made)
        result.words_per_run.append(words)
    result.scenes_seen = {i for i, seen in enumerate(seen_scenes) if seen}
    result.choice_uses = uses
    result.stats_by_chapter = starts.summary()
    return result, machine
