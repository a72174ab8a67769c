"""Which run each browser tab is playing, so a tab's Continue picks up its own game.

Tabs of one browser share a player, and so a save folder; "the newest run" would send
every tab to whichever game was saved last. A served page gives itself a random tab id
(kept in the tab's sessionStorage, so it lives as long as the tab and survives reloads)
and the server hands it to the tab's game as $DENIABLE_TAB. The game keeps a one-line
note per tab:

    saves/.tabs/0f3a...e1     ->  20261202-065501-3fa2c1   (the tab's run)

The id comes from a browser, so it is only ever a file name after `is_tab_id` says so,
and the run a note names counts only when it is a run id with a run in this save folder
(the player's own): a made-up or copied id finds nothing, never another player's run.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

from game.saves.atomic import atomic_write
from game.saves.runs import history_file, is_run_id, run_file

ENV_VAR = "DENIABLE_TAB"
TABS_FOLDER = ".tabs"
KEEP_DAYS = 30  # a tab's sessionStorage ends with the tab; its note is kept a while longer
_TAB_ID = re.compile(r"[A-Za-z0-9_-]{32}")


def is_tab_id(text: str | None) -> bool:
    """True for an id the page could have made; nothing else becomes a file name."""
    return text is not None and _TAB_ID.fullmatch(text) is not None


def tab_from_environment() -> str | None:
    """This game's tab, when it is served to a browser and the id is well formed."""
    text = os.environ.get(ENV_VAR, "")
    return text if is_tab_id(text) else None


def _note(save_folder: Path, tab: str) -> Path:
    if not is_tab_id(tab):
        raise ValueError(f"{tab!r} is not a tab id")
    return Path(save_folder) / TABS_FOLDER / tab


def remember(save_folder: Path, tab: str, run_id: str) -> None:
    """Note that `tab` is playing `run_id` (atomically; old notes are dropped on the way)."""
    if not is_run_id(run_id):
        raise ValueError(f"{run_id!r} is not a run id")
    note = _note(save_folder, tab)
    note.parent.mkdir(parents=True, exist_ok=True)
    forget_old(note.parent)
    atomic_write(note, run_id.encode("ascii") + b"\n", keep_backup=False)


def recall(save_folder: Path, tab: str) -> str | None:
    """The run `tab` was playing, if its note names a run of this save folder; else None."""
    try:
        with open(_note(save_folder, tab), "rb") as handle:
            text = handle.read(64).decode("ascii").strip()
    except (OSError, ValueError):  # no note, not a file, not ASCII, a bad tab id
        return None
    if not is_run_id(text):
        return None
    latest = run_file(save_folder, text)
    if not (latest.is_file() or history_file(latest, 1).is_file()):
        return None
    return text


def forget_old(tabs_folder: Path, days: float = KEEP_DAYS) -> None:
    """Drop the notes of tabs not heard of for `days`."""
    cutoff = time.time() - days * 86400
    with contextlib.suppress(OSError):
        for note in tabs_folder.iterdir():
            with contextlib.suppress(OSError):
                if note.is_file() and note.stat().st_mtime < cutoff:
                    note.unlink()
