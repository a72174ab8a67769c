"""The player's settings (the theme), kept as a small JSON file beside the saves.

A missing or damaged file is never fatal: the game starts with the defaults and the
next change writes a good file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

FILE_NAME = "settings.json"


@dataclass(frozen=True)
class Settings:
    theme: str | None = None


def settings_path(folder: Path) -> Path:
    return folder / FILE_NAME


def load_settings(folder: Path) -> Settings:
    """Read the settings; anything unreadable or of the wrong type falls back to the default."""
    try:
        data = json.loads(settings_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    theme = data.get("theme")
    return Settings(theme=theme if isinstance(theme, str) else None)


def save_settings(folder: Path, settings: Settings) -> None:
    """Write the settings atomically, so a crash mid-write never leaves half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = settings_path(folder)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)
