"""Draw the story map: chapters as clusters, scenes as nodes, choices as labelled edges.

Mermaid renders in any Markdown viewer that knows it (a FILE ending in .md gets the
code fence around it); DOT is for Graphviz (`dot -Tsvg map.dot -o map.svg`). On a
terminal, stderr shows what it is doing and for how long.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.visible import visible_lines

HELP = "draw the story map as Mermaid or Graphviz DOT"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.commands.common import add_output_arguments, add_story_argument

    parser.add_argument("path", nargs="?", type=Path, default=None, help="story folder")
    add_story_argument(parser)
    parser.add_argument("--chapter", metavar="ID", help="only this chapter, with its neighbours")
    parser.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")
    add_output_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from game.authoring.progress import Progress
    from game.authoring.storymap import to_dot, to_mermaid
    from game.commands.common import load_or_report, may_write, write_output

    if args.output is not None and not may_write(args.output, args.force):
        return 1  # said before the story loads
    progress = Progress()
    with progress.stage("loading the story"):
        story = load_or_report(args.story or args.path)
    if story is None:
        progress.done()
        return 1
    if args.chapter is not None and args.chapter not in story.chapter_index:
        known = ", ".join(chapter.id for chapter in story.chapters)
        print(f"No chapter {args.chapter!r}; the chapters are: {known}.", file=sys.stderr)
        return 2
    with progress.stage(f"drawing {len(story.scenes):,} scenes"):
        text = (to_mermaid if args.format == "mermaid" else to_dot)(story, args.chapter)
    progress.done()
    if args.output is None:
        sys.stdout.write(visible_lines(text))
        return 0
    if args.format == "mermaid" and args.output.suffix.lower() in (".md", ".markdown"):
        text = f"```mermaid\n{text}```\n"
    if not write_output(args.output, text, args.force):
        return 1
    print(f"Wrote {args.output}.", file=sys.stderr)
    return 0
