"""Deleting moves a save or a run to a trash folder, kept for some days, then purged.

A mistaken delete is undone with `deniable saves restore` (or one `mv`):
saves/.trash/20261202-070102--chapter-3.json goes back to saves/chapter-3.json, and
saves/.trash/20261202-070102--20261201-101500-3fa2c1 back to saves/runs/20261201-101500-3fa2c1.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from game.frozen import frozen
from game.saves.runs import RUNS_FOLDER, is_run_id

TRASH_FOLDER = ".trash"
KEEP_DAYS = 14
_ENTRY = re.compile(r"(\d{8}-\d{6})(?:-\d+)?--(.+)")
BACKUP_SUFFIX = ".bak"  # game.saves.atomic's: a save's previous version goes with it


class TrashError(Exception):
    """A restore that cannot be done; the message says why and what to do."""


@frozen
class Trashed:
    """One deleted save or run waiting in the trash."""

    path: Path  # where it is now, in the trash
    name: str  # its file name (a save) or run id (a run) before the delete
    deleted: datetime  # UTC, from the entry's name
    days_left: float

    @property
    def is_run(self) -> bool:
        return is_run_id(self.name)

    @property
    def save_file(self) -> Path:
        """The save to read for a listing: a run's latest autosave, or the file itself."""
        return self.path / "autosave.json" if self.is_run else self.path

    def home(self, save_folder: Path) -> Path:
        """Where a restore puts it back."""
        if self.is_run:
            return Path(save_folder) / RUNS_FOLDER / self.name
        return Path(save_folder) / self.name


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


def trashed(save_folder: Path, now: float | None = None) -> list[Trashed]:
    """What the trash holds, newest delete first; a save's .bak travels with it unlisted."""
    now = time.time() if now is None else now
    found = []
    try:
        entries = list(trash_folder(save_folder).iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _ENTRY.fullmatch(entry.name)
        if match is None or match[2].endswith(BACKUP_SUFFIX):
            continue
        try:
            kept_since = entry.lstat().st_mtime
        except OSError:
            continue
        deleted = datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
        left = KEEP_DAYS - (now - kept_since) / 86400
        found.append(Trashed(entry, match[2], deleted, max(left, 0.0)))
    found.sort(key=lambda item: (item.deleted, item.path.name), reverse=True)
    return found


def restore(save_folder: Path, entry: str) -> Path:
    """Put a trashed save (with its .bak) or run back where it was; returns its path.

    `entry` is the trash entry's name as `trashed` lists it. Nothing is ever written over:
    a save or run already at that place is a TrashError.
    """
    item = next((t for t in trashed(save_folder) if t.path.name == entry.strip()), None)
    if item is None:
        raise TrashError(
            f"Nothing called {entry.strip()!r} is in the trash ({trash_folder(save_folder)}): "
            "'deniable saves trash' lists what is there."
        )
    home = item.home(save_folder)
    if os.path.lexists(home):
        raise TrashError(
            f"Cannot restore {entry.strip()!r}: {home} exists already. Move that away first "
            "(or load it and save it under another name)."
        )
    home.parent.mkdir(parents=True, exist_ok=True)
    backup = item.path.with_name(item.path.name + BACKUP_SUFFIX)
    os.replace(item.path, home)
    if not item.is_run and os.path.lexists(backup):
        home_backup = home.with_name(home.name + BACKUP_SUFFIX)
        if not os.path.lexists(home_backup):
            os.replace(backup, home_backup)
    return home
