"""A playthrough is a run: its own folder, its own autosave and the last few before it.

    saves/runs/20261202-065501-3fa2c1/autosave.json     the run's latest state
    saves/runs/20261202-065501-3fa2c1/autosave.1.json   the one before it, and so on

A new game, a loaded named save, an example or a branch each start a run, so playing one
never writes over another's autosave; Continue picks the newest run. `RunKeeper` is the
rule both players share: which run the game in play belongs to, and whether it has
changed since it was last written (an untouched loaded game is not written again).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.state import Step

RUNS_FOLDER = "runs"
RUN_FILE = "autosave.json"
HISTORY = 5  # earlier autosaves kept beside the latest
_RUN_ID = re.compile(r"[0-9]{8}-[0-9]{6}-[0-9a-f]{6}")


def new_run_id() -> str:
    """Sortable by start time, unique across tabs and processes started the same second."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)


def is_run_id(text: str) -> bool:
    return bool(_RUN_ID.fullmatch(text))


def runs_folder(save_folder: Path) -> Path:
    return Path(save_folder) / RUNS_FOLDER


def run_file(save_folder: Path, run_id: str) -> Path:
    """The latest autosave of a run; the run id is checked, so it never leaves the folder."""
    if not is_run_id(run_id):
        raise ValueError(f"{run_id!r} is not a run id")
    return runs_folder(save_folder) / run_id / RUN_FILE


def history_file(run_latest: Path, age: int) -> Path:
    """The autosave `age` writes before the latest (1 = the one just before)."""
    return run_latest.with_name(f"autosave.{age}.json")


def run_of(path: Path) -> str:
    """The run id a file belongs to, or "" for a file outside the runs folder."""
    path = Path(path)
    in_a_run = path.name == RUN_FILE and path.parent.parent.name == RUNS_FOLDER
    if in_a_run and is_run_id(path.parent.name):
        return path.parent.name
    return ""


def run_files(save_folder: Path) -> list[Path]:
    """Every run's latest autosave (runs whose latest is missing fall back to history)."""
    found = []
    try:
        folders = sorted(runs_folder(save_folder).iterdir())
    except OSError:
        return []
    for folder in folders:
        if not is_run_id(folder.name):
            continue
        latest = folder / RUN_FILE
        with contextlib.suppress(OSError):
            if latest.is_file() or history_file(latest, 1).is_file():
                found.append(latest)
    return found


def rotate_history(latest: Path, keep: int = HISTORY) -> None:
    """Shift autosave.N.json up by one and link the latest in as autosave.1.json.

    Each step is a rename or a hard link, so a crash at any moment leaves the latest in
    place; the oldest falls off the end.
    """
    if not latest.exists():
        return
    for age in range(keep - 1, 0, -1):
        older = history_file(latest, age)
        if older.exists():
            os.replace(older, history_file(latest, age + 1))
    temp = latest.with_name(f".{latest.name}.history.tmp")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    try:
        os.link(latest, temp)
    except OSError:
        import shutil

        shutil.copy2(latest, temp)
    os.replace(temp, history_file(latest, 1))


def history(latest: Path, keep: int = HISTORY) -> list[Path]:
    """The run's earlier autosaves that exist, newest first."""
    return [p for age in range(1, keep + 1) if (p := history_file(latest, age)).is_file()]


class RunKeeper:
    """Which run the game in play belongs to, and whether it needs writing.

    `adopt` is told of every game put in play: a new game (no run yet: one is made at the
    first write), a run continued (its id) or a save loaded (a new run, made only once the
    player makes or undoes a choice, so loading and quitting writes nothing). Play time
    alone is worth a write only to a run that exists already.
    """

    def __init__(self) -> None:
        self.run_id: str | None = None
        self._written: list[Step] | None = None
        self._seconds = 0.0

    def adopt(self, steps: Iterable[Step], run_id: str | None = None, seconds: float = 0.0) -> None:
        self.run_id = run_id
        self._written = list(steps)
        self._seconds = seconds

    def claim(self, steps: Iterable[Step], seconds: float = 0.0, force: bool = False) -> str | None:
        """The run to write `steps` to, or None when there is nothing new to keep
        (`force`: a run even for an unchanged loaded game, which the replay viewer reads)."""
        written = list(steps)
        if not written:
            return None
        only_time = self.run_id is not None and round(seconds) > round(self._seconds)
        unchanged = written == self._written and not only_time
        if unchanged and not (force and self.run_id is None):
            return None
        if self.run_id is None:
            self.run_id = new_run_id()
        self._written, self._seconds = written, seconds
        return self.run_id

    def moved(self, old: str, new: str) -> None:
        """The store wrote run `old`'s game to `new` (another game had played `old` on)."""
        if self.run_id == old:
            self.run_id = new

    def forget_written(self) -> None:
        """A write failed: the next claim tries again."""
        self._written = None
