"""What the app needs from game/saves, imported only when a save is touched.

The title screen starts without the save code; every failure the player can cause comes
back as a sentence (SaveError's message, or a `SaveProblem`), never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.saves.store import SaveInfo


class SaveProblem(Exception):
    """Saving or loading failed; the message is meant for the player."""


def save_folder(override: Path | None) -> Path:
    """The save folder: saves only (settings live in the config folder)."""
    from game.saves.location import save_dir

    return save_dir(override)


def describe(info: SaveInfo) -> str:
    """One line about a save: chapter, scene, when, how long, how many choices."""
    from game.saves.store import describe_seconds

    when = info.updated.astimezone().strftime("%Y-%m-%d %H:%M")
    choices = f"{info.choices} choice" + ("" if info.choices == 1 else "s")
    played = describe_seconds(info.play_seconds)
    return f"{info.chapter_title} · {info.scene} · {when} · {played} · {choices}"
