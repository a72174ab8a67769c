"""Shared by the save tests: the feature tour, sessions played on it, story copies to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from story_helpers import FEATURE_TOUR as TOUR
from story_helpers import ROOT
from story_helpers import play as play  # re-exported: the save tests import it from here

from game.story.loader import check_story

EXAMPLES = ROOT / "saves" / "examples"

# Paths through the feature tour, by choice id.
HISTORICAL = ["uniform", "sortie", "korean"]
EXPOSED = ["map", "uniform", "sortie", "russian", "confess"]


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
