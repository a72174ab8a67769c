"""The app's door to game/saves: where saves live, and a store when the save code exists.

Imported lazily by the screens that save or load, so the title screen starts without it.
Every failure comes back as a `SaveProblem` with a sentence for the player, never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path


class SaveProblem(Exception):
    """Saving or loading failed; the message is meant for the player."""


def save_folder(override: Path | None) -> Path:
    """The save folder (settings live beside the saves)."""
    from game.saves.location import save_dir

    return save_dir(override)


def open_store(folder: Path):
    """A SaveStore on `folder`, or None when this build has no save code."""
    try:
        from game.saves.store import SaveStore
    except ImportError:
        return None
    return SaveStore(folder)


def autosave_slot() -> str:
    from game.saves.store import AUTOSAVE_SLOT

    return AUTOSAVE_SLOT


def save_error():
    """The exception type the store raises (an always-unraised stand-in when it is absent)."""
    try:
        from game.saves.store import SaveError
    except ImportError:
        return SaveProblem
    return SaveError


def describe(info) -> str:
    """One line about a save: chapter, scene, when, how long, how many choices."""
    from game.saves.store import describe_seconds

    when = info.updated.astimezone().strftime("%Y-%m-%d %H:%M")
    choices = f"{info.steps} choice" + ("" if info.steps == 1 else "s")
    played = describe_seconds(info.play_seconds)
    return f"{info.chapter_title} · {info.scene} · {when} · {played} · {choices}"


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
