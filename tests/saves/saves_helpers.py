"""Shared by the save tests: the feature tour, sessions played on it, story copies to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from story_helpers import FEATURE_TOUR as TOUR
from story_helpers import ROOT

from game.engine.session import Session
from game.story.loader import check_story

EXAMPLES = ROOT / "saves" / "examples"

# Paths through the feature tour, by choice id.
HISTORICAL = ["uniform", "sortie", "korean"]
EXPOSED = ["map", "uniform", "sortie", "russian", "confess"]


def play(story, choices, seed: int = 1) -> Session:
    session = Session(story, seed)
    for choice in choices:
        session.choose(choice)
    return session


def edited_tour(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]):
    """A copy of the feature tour with text replacements; the copy must still load."""
    folder = tmp_path / "edited-tour"
    shutil.copytree(TOUR, folder)
    for name, replacements in edits.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{old!r} not in {name}: the feature tour changed"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    story, diagnostics = check_story(folder)
    assert story is not None, [d.format() for d in diagnostics]
    return story
