"""Load a story folder and report every problem as file:line:col: CODE severity message."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HELP = "validate a story folder (exit 1 on errors)"


def add_arguments(parser) -> None:
    parser.add_argument(
        "path", nargs="?", type=Path, default=None, help="story folder or story.yaml"
    )
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args) -> int:
    from game.commands.common import story_dir
    from game.story.loader import check_story

    story, diagnostics = check_story(story_dir(args.path))
    errors = [d for d in diagnostics if d.severity == "error"]
    if args.format == "json":
        report = {
            "ok": not errors,
            "diagnostics": [d.to_dict() for d in diagnostics],
            "errors": len(errors),
            "warnings": len(diagnostics) - len(errors),
        }
        print(json.dumps(report, indent=2))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format())
        if story is not None and not errors:
            print(
                f"{story.title}: {len(story.chapters)} chapters, {len(story.scenes)} scenes, "
                f"{len(story.choices)} choices, {len(story.endings)} endings, "
                f"{len(story.notes)} notes: no errors.",
                file=sys.stderr if diagnostics else sys.stdout,
            )
        elif errors:
            print(f"{len(errors)} error(s).", file=sys.stderr)
    return 1 if errors else 0
