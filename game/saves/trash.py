"""Deleting moves a save or a run to a trash folder, kept for some days, then purged.

A mistaken delete is then one `mv` away: saves/.trash/20261202-070102--chapter-3.json.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

TRASH_FOLDER = ".trash"
KEEP_DAYS = 14


def trash_folder(save_folder: Path) -> Path:
    return Path(save_folder) / TRASH_FOLDER


def move_to_trash(save_folder: Path, *paths: Path) -> Path:
    """Move each path (a file or a run's folder) into the trash; returns the first's new home."""
    trash = trash_folder(save_folder)
    trash.mkdir(parents=True, exist_ok=True)
    purge(save_folder)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    first = None
    for path in paths:
        if not os.path.lexists(path):
            continue
        target = trash / f"{stamp}--{Path(path).name}"
        n = 1
        while os.path.lexists(target):
            n += 1
            target = trash / f"{stamp}-{n}--{Path(path).name}"
        os.replace(path, target)
        os.utime(target)  # the days in the trash count from the delete, not the last save
        first = first or target
    return first or trash


def purge(save_folder: Path, days: float = KEEP_DAYS, now: float | None = None) -> None:
    """Remove what has been in the trash longer than `days`."""
    cutoff = (time.time() if now is None else now) - days * 86400
    with contextlib.suppress(OSError):
        for item in trash_folder(save_folder).iterdir():
            with contextlib.suppress(OSError):
                if item.lstat().st_mtime < cutoff:
                    if item.is_dir() and not item.is_symlink():
                        shutil.rmtree(item)
                    else:
                        item.unlink()
