"""How big the story is: chapters, scenes, choices, endings, notes, facts and words,
and how long the path history took is to read."""

from __future__ import annotations

import json
from pathlib import Path

HELP = "count chapters, scenes, choices, notes, facts and words"


def add_arguments(parser) -> None:
    from game.commands.common import add_story_argument

    parser.add_argument("path", nargs="?", type=Path, default=None, help="story folder")
    add_story_argument(parser)
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args) -> int:
    from game.authoring.census import census
    from game.commands.common import load_or_report

    story = load_or_report(args.story or args.path)
    if story is None:
        return 1
    found = census(story)
    if args.format == "json":
        print(json.dumps(found.to_dict(), indent=2))
        return 0
    totals = found.to_dict()
    print(
        f"{found.title}: {totals['chapters']} chapters, {totals['scenes']} scenes, "
        f"{totals['choices']} choices, {totals['endings']} endings, {totals['notes']} notes, "
        f"{totals['facts']} facts, {totals['words']:,} words."
    )
    path = totals["historical_path"]
    ending = path["ending"] or "no ending (the path stopped)"
    line = (
        f"The historical path: {path['choices']} choices, {path['words']:,} words, "
        f"ending at {ending}"
    )
    guesses = path["scenes_without_a_historical_choice"]
    if guesses:
        line += f" ({guesses} scenes had no open historical choice: the first open was taken)"
    print(line + ".")
    print()
    print("| # | chapter | scenes | choices | endings | notes | words |")
    print("|---|---|---|---|---|---|---|")
    for number, chapter in enumerate(found.chapters, start=1):
        print(
            f"| {number} | {chapter.title} | {chapter.scenes} | {chapter.choices} | "
            f"{chapter.endings} | {chapter.notes} | {chapter.words:,} |"
        )
    print()
    print(
        "Choices that matter (lead somewhere their siblings do not, or set a stat or flag "
        "a condition or text variant reads):"
    )
    for number, chapter in enumerate(found.chapters, start=1):
        print(
            f"  {number:>2}. {chapter.title}: {chapter.matter} of {chapter.choices} "
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
