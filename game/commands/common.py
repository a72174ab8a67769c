"""Helpers every command shares: finding and loading the story, reporting problems, and
writing `-o FILE`.

`replay --export`, `graph` and `schema` write what they make to FILE. A typo in FILE once
replaced whatever was there without a word; now an existing file is refused, with how to
replace it (`--force`), and the new text is written atomically, so a failed write leaves
the old file.
"""

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


def add_output_arguments(parser: argparse.ArgumentParser, what: str = "write to FILE") -> None:
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help=what)
    parser.add_argument(
        "--force", action="store_true", help="replace FILE (or the files written) if it exists"
    )


def refused(path: Path, force: bool) -> str | None:
    """Why `path` may not be written, or None when it may."""
    if path.is_dir():
        return f"{path} is a folder: give a file name."
    if not force and (path.exists() or path.is_symlink()):
        return f"{path} already exists: add --force to replace it, or give another name."
    return None


def may_write(path: Path, force: bool) -> bool:
    """Whether `path` may be written; if not, says why on stderr. Asked before the work."""
    problem = refused(path, force)
    if problem is not None:
        print(problem, file=sys.stderr)
    return problem is None


def write_output(path: Path, text: str, force: bool) -> bool:
    """Write `text` to `path`; False after saying on stderr why it was not written."""
    from game.saves.atomic import atomic_write

    problem = refused(path, force)
    if problem is None:
        try:
            atomic_write(path, text.encode("utf-8"), keep_backup=False)
        except OSError as exc:
            problem = f"Cannot write {path}: {exc.strerror or exc}."
    if problem is not None:
        print(problem, file=sys.stderr)
        return False
    return True
