"""The player's settings (the theme), kept as a small JSON file in the user config folder.

Not among the saves: the save folder holds saves only, so listing, loading and
`saves verify` never meet a file that is not one. Where: $DENIABLE_CONFIG, else the
platform's user config folder (platformdirs). A settings.json an older version left in
the save folder is still read while there is no new one, so a chosen theme survives.

A missing or damaged file is never fatal: the game starts with the defaults and the
next change writes a good file, atomically and durably, with the saves' own writer.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from game.config import config_dir
from game.saves.atomic import atomic_write

FILE_NAME = "settings.json"


@dataclass(frozen=True)
class Settings:
    theme: str | None = None


def settings_dir() -> Path:
    """$DENIABLE_CONFIG, else the user config folder; not created until a setting changes."""
    return config_dir()


def settings_path(folder: Path) -> Path:
    return folder / FILE_NAME


def _read(path: Path) -> Settings | None:
    """The settings in one file; None when there is no usable file there."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    theme = data.get("theme")
    return Settings(theme=theme if isinstance(theme, str) else None)


def load_settings(folder: Path, old_folder: Path | None = None) -> Settings:
    """Read the settings; anything unreadable or of the wrong type falls back to the default.

    `old_folder` is where an older version kept them (the save folder): read only when
    `folder` has no settings file yet.
    """
    path = settings_path(folder)
    if old_folder is not None and not path.exists():
        path = settings_path(old_folder)
    return _read(path) or Settings()


def save_settings(folder: Path, settings: Settings) -> None:
    """Write the settings atomically, so a crash mid-write never leaves half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(asdict(settings), indent=2) + "\n").encode("utf-8")
    atomic_write(settings_path(folder), data, keep_backup=False)
