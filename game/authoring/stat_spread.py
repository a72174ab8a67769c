"""How every stat stands as each chapter starts, over random playthroughs.

A stat pinned at its lowest or highest value early leaves later choices nothing to move,
so `deniable playtest --random N` reports, per chapter, each stat's min, median and max
on arrival and the share of the runs reaching the chapter that arrive with it at a bound.
A chapter counts once per run: at the first scene of it the run enters.
"""

from __future__ import annotations

from collections import Counter
from typing import TypedDict

from game.authoring.machine import Machine


class StatAtStart(TypedDict):
    min: int
    median: float
    max: int
    at_min: float  # share of the runs that reached the chapter
    at_max: float
    at_bound: float


class ChapterStart(TypedDict):
    number: int  # 1-based, in story order
    chapter: str
    title: str
    runs: int  # runs that reached the chapter
    stats: dict[str, StatAtStart]


class ChapterStarts:
    """Tallies the stats' values as each run enters each chapter (exact machines only)."""

    def __init__(self, machine: Machine) -> None:
        story = machine.story
        self.machine = machine
        index = {chapter.id: i for i, chapter in enumerate(story.chapters)}
        self.chapter_of = [index[story.scenes[scene].chapter] for scene in machine.scene_ids]
        # A reduced machine merges values, so it cannot say what a stat is: none are kept.
        fields = [] if machine.reduced else [f for f in machine.fields.values() if not f.flag]
        self.fields = fields
        self.packing = [(f.shift, f.mask, f.low) for f in fields]
        self.runs = [0] * len(story.chapters)
        self.values: list[list[Counter[int]]] = [
            [Counter() for _ in fields] for _ in story.chapters
        ]

    def record(self, chapter: int, memory: int) -> None:
        """A run enters `chapter` with the packed state `memory`."""
        self.runs[chapter] += 1
        for counter, (shift, mask, low) in zip(self.values[chapter], self.packing, strict=True):
            counter[((memory >> shift) & mask) + low] += 1

    def summary(self) -> list[ChapterStart]:
        """Every chapter some run reached, in story order."""
        story = self.machine.story
        result: list[ChapterStart] = []
        rows = zip(story.chapters, self.runs, self.values, strict=True)
        for number, (chapter, runs, counters) in enumerate(rows, start=1):
            if not runs:
                continue
            stats: dict[str, StatAtStart] = {}
            for field, counter in zip(self.fields, counters, strict=True):
                at_min = counter[field.low] / runs
                at_max = counter[field.high] / runs
                stats[field.name] = {
                    "min": min(counter),
                    "median": _median(counter),
                    "max": max(counter),
                    "at_min": round(at_min, 4),
                    "at_max": round(at_max, 4),
                    "at_bound": round(at_min + at_max if field.low != field.high else at_min, 4),
                }
            result.append(
                {
                    "number": number,
                    "chapter": chapter.id,
                    "title": chapter.title,
                    "runs": runs,
                    "stats": stats,
                }
            )
        return result


def _median(counter: Counter[int]) -> float:
    """The median of the values a Counter holds, as statistics.median would give it."""
    total = sum(counter.values())
    middle = [(total - 1) // 2, total // 2]  # the 0-based positions of the middle values
    found: list[int] = []
    seen = 0
    for value in sorted(counter):
        seen += counter[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
    return (found[0] + found[1]) / 2


def spread_lines(story_stats: dict[str, str], chapters: list[ChapterStart]) -> list[str]:
    """The report's text: one block per chapter, a row per stat (`story_stats`: labels)."""
    if not chapters or not any(chapter["stats"] for chapter in chapters):
        return []
    width = max(len("stat"), *(len(label) for label in story_stats.values()))
    lines = [
        "",
        "Stats as each chapter starts, over the runs that reach it (at min, at max: the",
        "share of those runs with the stat at its lowest or its highest value):",
    ]
    for chapter in chapters:
        lines.append(f"  {chapter['number']}. {chapter['title']} ({chapter['runs']:,} runs)")
        lines.append(f"     {'stat':<{width}}   min  median   max  at min  at max")
        for name, spread in chapter["stats"].items():
            median = spread["median"]
            shown = f"{median:g}"
            lines.append(
                f"     {story_stats.get(name, name):<{width}}  {spread['min']:>4}  {shown:>6}"
                f"  {spread['max']:>4}  {spread['at_min']:>6.1%}  {spread['at_max']:>6.1%}"
            )
    return lines
