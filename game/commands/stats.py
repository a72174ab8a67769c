"""How big the story is: chapters, scenes, choices, endings, notes, facts and words,
and how long the path history took is to read."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.visible import visible

HELP = "count chapters, scenes, choices, notes, facts and words"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.commands.common import add_story_argument

    parser.add_argument("path", nargs="?", type=Path, default=None, help="story folder")
    add_story_argument(parser)
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    from game.authoring.census import census
    from game.commands.common import load_or_report

    story = load_or_report(args.story or args.path)
    if story is None:
        return 1
    found = census(story)
    if args.format == "json":
        print(json.dumps(found.to_dict(), indent=2))
        return 0
    print(
        f"{visible(found.title)}: {len(found.chapters)} chapters, {found.total('scenes')} scenes, "
        f"{found.total('choices')} choices, {found.total('endings')} endings, "
        f"{found.total('notes')} notes, "
        f"{found.facts} facts, {found.words:,} words."
    )
    ending = found.path_ending or "no ending (the path stopped)"
    # A story that is not history has no historical choices: its path takes the first.
    name = "The historical path" if story.history else "The path of first choices"
    line = f"{name}: {found.path_choices} choices, {found.path_words:,} words, ending at {ending}"
    guesses = found.path_guesses
    if guesses and story.history:
        line += f" ({guesses} scenes had no open historical choice: the first open was taken)"
    print(line + ".")
    print()
    print("| # | chapter | scenes | choices | endings | notes | words |")
    print("|---|---|---|---|---|---|---|")
    for number, chapter in enumerate(found.chapters, start=1):
        print(
            f"| {number} | {visible(chapter.title)} | {chapter.scenes} | {chapter.choices} | "
            f"{chapter.endings} | {chapter.notes} | {chapter.words:,} |"
        )
    print()
    print(
        "Choices that matter (lead somewhere their siblings do not, or set a stat or flag "
        "a condition or text variant reads):"
    )
    for number, chapter in enumerate(found.chapters, start=1):
        print(
            f"  {number:>2}. {visible(chapter.title)}: {chapter.matter} of {chapter.choices} "
            f"({chapter.share:.0%})"
        )
    total = found.total("choices")
    print(f"  all: {found.total('matter')} of {total} ({found.total('matter') / (total or 1):.0%})")
    if found.idle:
        print()
        print(f"Choices that matter nowhere ({len(found.idle)}):")
        for line in found.idle:
            print(f"  {line}")
    return 0
