"""Load a story folder and lint it: every problem as file:line:col: CODE severity message.

Load errors (D codes) stop the story from playing; warnings (W codes) are what the
linter suspects in a story that loads. Exit 1 on errors, or on warnings with --strict.
With text output on a terminal, stderr shows what it is doing and for how long.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game.visible import visible

if TYPE_CHECKING:
    from game.story.diagnostics import Diagnostic
    from game.story.model import Story

HELP = "validate and lint a story folder (exit 1 on errors)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", nargs="?", type=Path, default=None, help="story folder or story.yaml"
    )
    parser.add_argument(
        "--format",
        choices=["text", "json", "sarif"],
        default="text",
        help="text for people, json for tools, sarif for editors and code review",
    )
    parser.add_argument("--strict", action="store_true", help="warnings count as errors")


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from game.authoring.codes import hint_for
    from game.authoring.progress import Progress
    from game.commands.common import story_dir
    from game.story.loader import check_story

    progress = Progress() if args.format == "text" else Progress(enabled=False)
    with progress.stage("loading the story"):
        story, diagnostics = check_story(story_dir(args.path))
    if story is not None:
        from game.authoring.lint import lint

        with progress.stage(f"checking {len(story.scenes):,} scenes"):
            diagnostics = diagnostics + lint(story)
    progress.done()
    diagnostics = [d if d.hint else replace(d, hint=hint_for(d.code)) for d in diagnostics]
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity != "error"]
    failed = bool(errors) or (args.strict and bool(warnings))
    if args.format == "json":
        report = {
            "ok": not failed,
            "diagnostics": [d.to_dict() for d in diagnostics],
            "errors": len(errors),
            "warnings": len(warnings),
        }
        print(json.dumps(report, indent=2))
    elif args.format == "sarif":
        from game.authoring.sarif import to_sarif

        print(json.dumps(to_sarif(diagnostics), indent=2))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format())
        print(visible(_summary(story, errors, warnings, args.strict)), file=sys.stderr)
    return 1 if failed else 0


def _summary(
    story: Story | None, errors: list[Diagnostic], warnings: list[Diagnostic], strict: bool
) -> str:
    if errors:
        text = f"{len(errors)} error(s)"
        return text + (f" and {len(warnings)} warning(s)." if warnings else ".")
    assert story is not None, "a story without errors loads"
    from game.authoring.census import written_choices, written_scenes

    # As written: a called scene's copies count once, and a page turn is no choice.
    counts = (
        f"{story.title}: {len(story.chapters)} chapters, {len(written_scenes(story))} scenes, "
        f"{len(written_choices(story))} choices, {len(story.endings)} endings, "
        f"{len(story.notes)} notes"
    )
    if not warnings:
        return counts + ": no errors, no warnings."
    tail = " (--strict: they count as errors)" if strict else ""
    return counts + f": no errors, {len(warnings)} warning(s){tail}."
