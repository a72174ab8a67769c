"""Helpers every command shares: finding and loading the story, reporting problems."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.story.diagnostics import Diagnostic
    from game.story.model import Story


def add_story_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--story",
        metavar="DIR",
        type=Path,
        default=None,
        help="a story folder (default: the campaign)",
    )


def story_dir(path: Path | None) -> Path:
    if path is not None:
        return path
    from game.story.resources import default_story_dir

    return default_story_dir()


def load_or_report(path: Path | None) -> Story | None:
    """Load the story, or print every problem to stderr and return None."""
    from game.story.loader import check_story

    story, diagnostics = check_story(story_dir(path))
    if story is None:
        print_load_errors(diagnostics)
    return story


def print_load_errors(diagnostics: list[Diagnostic]) -> None:
    """Every problem that stopped a story loading, on stderr, and where to see them all."""
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    print("The story has errors: run 'deniable check' on it for the full list.", file=sys.stderr)
