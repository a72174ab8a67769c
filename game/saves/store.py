"""A folder of save slots: save, load (replaying the log), list, newest, delete.

This is the one API the plain player, the TUI and the commands share:

    store = SaveStore(save_dir(override))
    info = store.save("before the Yalu", session)
    loaded = store.load("before the Yalu", story)   # .session, .divergence, .mismatch, .info

Loading never writes, and every problem with a file is a SaveError whose message names
the file, says what is wrong and what to do; the caller shows it and carries on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.collector import collector_paused
from game.engine.state import Step, choices_in
from game.frozen import frozen
from game.saves import format as save_format
from game.saves.atomic import atomic_write, backup_path, remove_stale_temps
from game.saves.format import SaveData, SaveFormatError
from game.saves.runs import history, new_run_id, rotate_history, run_file, run_files, run_of
from game.saves.slots import (
    SUFFIX,
    SlotNameError,
    clean_slot,
    legacy_file_name,
    slot_file_name,
)
from game.story.model import Story
from game.visible import cut_short

if TYPE_CHECKING:
    # Loading a game replays it and deleting moves files to the trash; listing the saves,
    # which the title does before its first frame, needs neither (imported where used).
    from game.engine.session import Divergence, Session
    from game.saves.verify import Mismatch

AUTOSAVE_SLOT = "autosave"
# Settings were once kept in the save folder; a file left there is not a damaged save.
OLD_SETTINGS_FILE = "settings.json"


class SaveError(Exception):
    """A save could not be written or read; str(error) is a message for the player."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


class NoSuchSave(SaveError):
    """No slot of that name and no file at that path. `shown` is the name as the message
    quotes it, so an interface can say how to list saves in its own words."""

    def __init__(self, message: str, shown: str):
        super().__init__(message)
        self.shown = shown


@frozen
class SaveInfo:
    """What a slot list shows, read from the file's header without replaying it."""

    slot: str
    path: Path
    chapter_title: str
    scene: str  # the scene's title (or the ending's), else its id: for display
    updated: datetime  # timezone-aware (UTC)
    play_seconds: float
    steps: int  # entries in the choice log, page turns included
    autosave: bool
    created: datetime = field(default_factory=lambda: datetime.fromtimestamp(0, UTC))
    scene_id: str = ""
    ending: str | None = None
    story_id: str = ""
    story_version: int = 1
    seed: int = 0
    run: str = ""  # the run id, for a run's autosave; "" for a named save
    choices: int = 0  # the choices made, page turns left out: what lists show

    @property
    def key(self) -> str:
        """Unique in a listing: `run:ID` for a run, else the slot name."""
        return f"run:{self.run}" if self.run else self.slot

    @classmethod
    def from_data(cls, data: SaveData, path: Path) -> SaveInfo:
        snap = data.snapshot
        return cls(
            slot=data.slot or path.stem,
            path=path,
            chapter_title=data.chapter_title,
            scene=data.scene_title or _untitled(snap.scene, data.chapter_title),
            updated=data.updated,
            play_seconds=data.play_seconds,
            steps=len(data.steps),
            choices=choices_in(data.steps),
            autosave=data.autosave,
            created=data.created,
            scene_id=snap.scene,
            ending=snap.ending,
            story_id=data.story_id,
            story_version=data.story_version,
            seed=data.seed,
            run=run_of(path),
        )


@dataclass(slots=True)
class LoadedGame:
    """A save brought back to life; `message` is what to tell the player ("" for nothing)."""

    session: Session
    info: SaveInfo
    data: SaveData
    divergence: Divergence | None = None
    mismatch: Mismatch | None = None
    notices: list[str] = field(default_factory=list)  # e.g. "loaded from the backup"

    @property
    def message(self) -> str:
        parts = list(self.notices)
        if self.divergence is not None:
            kept = self.divergence.index
            if kept == 0:
                then = "The game starts again from the beginning."
            else:
                steps = f"{kept} step{'' if kept == 1 else 's'}"
                then = f"Loaded the {steps} before it; play on from there."
            parts.append(
                "The story has changed since this game was saved. "
                f"It no longer fits at {self.divergence.describe()}. {then}"
            )
        if self.mismatch is not None:
            parts.append(f"Note: {self.mismatch.describe()}.")
        return "\n".join(parts)


@frozen
class Problem:
    """A file in the folder that is not a usable save, and why."""

    path: Path
    message: str


def _named(slot: object) -> str:
    """A slot name as a message quotes it: a pasted page is cut short, not echoed whole."""
    return repr(cut_short(str(slot), 40))


def _display(path: Path) -> str:
    with contextlib.suppress(ValueError, OSError):
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    return str(path)


def _is_file(path: Path) -> bool:
    """Path.is_file, but a name the system refuses (too long, say) is simply no file."""
    try:
        return path.is_file()
    except OSError:
        return False


def _lexists(path: Path) -> bool:
    """Something is at `path`, even a pipe or a broken link; a refused name is nothing."""
    try:
        os.lstat(path)
    except (OSError, ValueError):
        return False
    return True


class SaveStore:
    """One folder of slots. Files are `SLUG.json`, their backups `SLUG.json.bak`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        # Runs this store (one game) loaded or wrote, with the log it left there, and the
        # runs it moved to because another game wrote there meanwhile (see save_run).
        self._known: dict[str, tuple[Step, ...]] = {}
        self._moved: dict[str, str] = {}
        self._deleted_runs: set[str] = set()  # of those moved, the ones that had been deleted

    # ------------------------------------------------------------------ paths

    def path_for(self, slot: str) -> Path:
        try:
            return self.folder / slot_file_name(slot)
        except SlotNameError as exc:
            raise SaveError(f"Cannot use {_named(slot)} as a slot name: {exc}.") from None

    def resolve(self, slot_or_path: str) -> Path:
        """A slot of this folder, or else a file path; SaveError when neither exists."""
        text = str(slot_or_path).strip()
        if not text:
            raise SaveError("Name the save to load.")
        run = self._run_path(text)
        if run is not None:
            return run
        with contextlib.suppress(SaveError):
            path = self.path_for(text)
            if _lexists(path):
                return path
        in_folder = self.folder / text
        named = Path(text).name == text and _is_file(in_folder)  # a file name of this folder
        if named and text.endswith(SUFFIX):  # surely a file name: no need to read every save
            return in_folder
        given = Path(text).expanduser()
        if given.name != text and text.endswith(SUFFIX) and _is_file(given):
            return given  # a path to a save file: reading every save to match slots costs a scan
        for info in self.list():
            if info.slot.casefold() == text.casefold():
                return info.path
        if named:
            return in_folder
        candidate = Path(text).expanduser()
        if _is_file(candidate):
            return candidate
        with contextlib.suppress(OSError):
            if candidate.is_dir():
                raise SaveError(f"{_display(candidate)} is a folder, not a save file.", candidate)
        shown = text if len(text) <= 60 else text[:50] + f"... ({len(text)} characters)"
        raise NoSuchSave(
            f"No save named {shown!r} in {_display(self.folder)}, and no file of that name: "
            "'deniable saves list' shows the slots there.",
            shown,
        )

    def _run_path(self, text: str) -> Path | None:
        """`autosave` is the newest run (or an older version's autosave.json); `run:ID` or
        a bare run id is that run."""
        if text.casefold() == AUTOSAVE_SLOT:
            autosaves = [info for info in self.list() if info.autosave]
            return autosaves[0].path if autosaves else None
        run_id = text.removeprefix("run:")
        try:
            path = run_file(self.folder, run_id)
        except ValueError:
            return None
        if _lexists(path) or _lexists(history(path)[0] if history(path) else path):
            return path
        return None

    def folder_problem(self) -> str | None:
        """Why the save folder cannot hold saves (a file, a broken link), in words; else None."""
        folder = self.folder
        try:
            if folder.is_symlink() and not folder.exists():
                return (
                    f"The save folder {folder} is a link to {os.readlink(folder)}, which does "
                    "not exist: create that folder, or choose another with --saves DIR."
                )
            if folder.exists() and not folder.is_dir():
                return (
                    f"The save folder {_display(folder)} is a file, not a folder: move the "
                    "file away, or choose another folder with --saves DIR."
                )
            if folder.is_dir():
                with os.scandir(folder):  # a folder this user may not list hides every save
                    pass
        except OSError as exc:
            return f"The save folder {folder} cannot be used: {exc.strerror or exc}."
        return None

    def _slot_path(self, name: str) -> Path:
        """The file to write slot `name` to: its own, or the one an older version gave it."""
        path = self.path_for(name)
        if _lexists(path):
            return path
        legacy = legacy_file_name(name)
        if legacy is not None:
            old = self.folder / legacy
            if _is_file(old) and save_format.read_slot(old) == name:
                return old
        return path

    def _refuse_to_overwrite(self, path: Path, name: str) -> None:
        """Never write over a pipe, a folder, or a save of another name."""
        if not _lexists(path):
            return
        if not _is_file(path):
            raise SaveError(
                f"Cannot save to {_display(path)}: it is not a regular file (a folder, a pipe "
                "or a device is there). Remove it, or choose another name.",
                path,
            )
        other = save_format.read_slot(path)
        if other and other != name:
            raise SaveError(
                f"Cannot save {name!r} to {_display(path)}: it holds the save {other!r}. "
                "Choose another name.",
                path,
            )

    # ------------------------------------------------------------------ write

    def save(self, slot: str, session: Session, autosave: bool = False) -> SaveInfo:
        """Write the session to a slot atomically, keeping the previous version as .bak."""
        try:
            name = clean_slot(slot)
        except SlotNameError as exc:
            raise SaveError(f"Cannot use {_named(slot)} as a slot name: {exc}.") from None
        if not autosave and name.casefold() == AUTOSAVE_SLOT:
            raise SaveError(
                f"The slot name {AUTOSAVE_SLOT!r} is kept for automatic saves: choose another."
            )
        problem = self.folder_problem()
        if problem is not None:
            raise SaveError(problem, self.folder)
        path = self._slot_path(name)
        self._refuse_to_overwrite(path, name)
        return self._write(path, name, session, autosave=autosave)

    def _write(
        self, path: Path, name: str, session: Session, *, autosave: bool, keep_backup: bool = True
    ) -> SaveInfo:
        now = datetime.now(UTC).replace(microsecond=0)
        created = self._created(path) or now
        story = session.story
        data = save_format.encode(
            story=story,
            states=session.states,
            slot=name,
            autosave=autosave,
            created=created,
            updated=now,
            play_seconds=session.play_seconds,
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temps(path.parent, path.name)
            atomic_write(path, data, keep_backup=keep_backup)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        state = session.state
        return SaveInfo(
            slot=name,
            path=path,
            chapter_title=story.chapter_of(state.scene).title,
            scene=story.scene_title(state.scene) or state.scene,
            updated=now,
            play_seconds=round(session.play_seconds, 1),
            steps=len(state.steps),
            choices=state.choices_made,
            autosave=autosave,
            created=created,
            scene_id=state.scene,
            ending=state.ending,
            story_id=story.id,
            story_version=story.version,
            seed=state.seed,
            run=run_of(path),
        )

    def save_run(self, run_id: str, session: Session) -> SaveInfo:
        """Write a run's autosave, shifting its earlier ones down its rolling history.

        Two games can play one run: two tabs or windows that both Continued it. When the
        run's latest holds a log other than the one this store last loaded or wrote there,
        another game has played it on, and this game goes on as a run of its own instead
        of writing over it; the returned info's `run` says which run was written. So it
        does when the run it knew has been deleted (to the trash, from this game's Load
        screen or with `deniable saves delete`): written there again, it would come back
        as if never deleted, and `deniable saves restore` could no longer put it back.
        """
        run_id = self._moved.get(run_id, run_id)
        path = run_file(self.folder, run_id)
        problem = self.folder_problem()
        if problem is not None:
            raise SaveError(problem, self.folder)
        deleted = self._deleted(run_id, path)
        if deleted or self._played_elsewhere(run_id, path):
            if deleted:
                self._deleted_runs.add(run_id)
            moved = new_run_id()
            self._moved[run_id] = moved
            run_id, path = moved, run_file(self.folder, moved)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            rotate_history(path)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        info = self._write(path, AUTOSAVE_SLOT, session, autosave=True, keep_backup=False)
        self._known[run_id] = tuple(session.steps)
        return info

    def _played_elsewhere(self, run_id: str, path: Path) -> bool:
        """Whether another game wrote this run since this store last loaded or wrote it."""
        known = self._known.get(run_id)
        if known is None:
            return False  # a run this game starts: nobody else knows its id
        try:
            return save_format.read(path).steps != known
        except (SaveFormatError, OSError):
            return False  # gone or damaged: the history keeps what was there

    def was_deleted(self, run_id: str) -> bool:
        """Whether `save_run` moved this run's game on because the run had been deleted
        (rather than played on by another game): what the player is told differs."""
        return run_id in self._deleted_runs

    def _deleted(self, run_id: str, path: Path) -> bool:
        """Whether a run this store loaded or wrote is gone as a whole: its folder, not
        just a damaged latest (whose history the next write keeps)."""
        return run_id in self._known and not _lexists(path.parent)

    def _created(self, path: Path) -> datetime | None:
        """Keep a slot's creation time across overwrites; a damaged old file has none."""
        return save_format.read_created(path)

    def delete(self, slot: str) -> Path:
        """Move a slot and its backup, or a whole run, to the trash; returns where it went.
        A missing slot is an error the player can read."""
        path = self.resolve_slot(slot)
        moved = (path.parent,) if run_of(path) else (path, backup_path(path))
        try:
            from game.saves.trash import move_to_trash

            return move_to_trash(self.folder, *moved)
        except OSError as exc:
            raise SaveError(f"Could not delete {_display(path)}: {exc.strerror or exc}.") from None

    def resolve_slot(self, slot: str) -> Path:
        """Only a slot or a run of this folder (never an arbitrary path): for delete."""
        if slot.startswith("run:"):
            run = self._run_path(slot)
            if run is not None:
                return run
            raise SaveError(f"No run {slot[4:]!r} in {_display(self.folder)}.")
        path = self.path_for(slot)
        if path.exists():
            return path
        for info in self.list():
            if info.slot.casefold() == slot.strip().casefold():
                return info.path
        raise SaveError(f"No save named {slot!r} in {_display(self.folder)}.")

    # ------------------------------------------------------------------- read

    def read(self, slot_or_path: str) -> tuple[SaveData, Path, list[str]]:
        """Decode a save without replaying it; falls back to the backup if the file is damaged."""
        path = self.resolve(slot_or_path)
        try:
            data = save_format.read(path)
        except SaveFormatError as exc:
            error = exc
        else:
            return data, path, _edited_notice(data, path)
        backup = backup_path(path)
        if run_of(path) and history(path):
            backup = history(path)[0]
        if backup.is_file() and not path.name.endswith(".bak"):
            try:
                data = save_format.read(backup)
            except SaveFormatError:
                pass
            else:
                notice = (
                    f"{_display(path)} cannot be loaded: {error}. "
                    f"Loaded the previous version kept in {_display(backup)} instead."
                )
                return data, backup, [notice, *_edited_notice(data, backup)]
        raise SaveError(f"{_display(path)} cannot be loaded: {error}.{_advice(error)}", path)

    def load(self, slot_or_path: str, story: Story) -> LoadedGame:
        """Rebuild the game by replaying the save's log through the current story."""
        with collector_paused():
            data, path, notices = self.read(slot_or_path)
            if run_of(path):
                self._known[run_of(path)] = tuple(data.steps)
            return rebuild(data, path, story, notices)

    # ------------------------------------------------------------------- list

    def scan(self) -> tuple[list[SaveInfo], list[Problem]]:
        """Every slot file here: the usable ones newest first, and the rest with the reason."""
        infos, problems = [], []
        try:
            paths = sorted(self.folder.glob("*" + SUFFIX))
        except OSError:
            return [], []
        for path in [*paths, *run_files(self.folder)]:
            if path.name.startswith(".") or not _is_file(path) and not run_of(path):
                continue
            try:
                infos.append(self._info(path))
            except SaveFormatError as exc:
                if path.name != OLD_SETTINGS_FILE:
                    problems.append(Problem(path, f"{_display(path)}: {exc}"))
            except (ValueError, OverflowError, RecursionError) as exc:
                # One odd file must never hide the good ones.
                reason = f"it cannot be read as a save ({type(exc).__name__})"
                problems.append(Problem(path, f"{_display(path)}: {reason}"))
        infos.sort(key=lambda info: (info.updated, _mtime(info.path)), reverse=True)
        return infos, problems

    def _info(self, path: Path) -> SaveInfo:
        """A listing's line for a file; a run whose latest is damaged shows its last good one."""
        try:
            return SaveInfo.from_data(save_format.read(path), path)
        except SaveFormatError:
            if not run_of(path):
                raise
            for older in history(path):
                with contextlib.suppress(SaveFormatError):
                    info = SaveInfo.from_data(save_format.read(older), older)
                    return dataclasses.replace(info, run=run_of(path))
            raise

    def list(self, story_id: str | None = None) -> list[SaveInfo]:
        """Usable saves, newest first; only those of one story when `story_id` is given."""
        infos = self.scan()[0]
        if story_id is not None:
            infos = [info for info in infos if info.story_id == story_id]
        return infos

    def newest(self, story_id: str | None = None) -> SaveInfo | None:
        """The most recent save or autosave (of one story, when given): for Continue."""
        infos = self.list(story_id)
        return infos[0] if infos else None


def _cannot_write(path: Path, exc: OSError) -> SaveError:
    return SaveError(
        f"Could not save to {_display(path)}: {exc.strerror or exc}. "
        "Check the folder is writable, or choose another with --saves DIR.",
        path,
    )


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _edited_notice(data: SaveData, path: Path) -> list[str]:
    if not data.edited:
        return []
    return [
        f"{_display(path)} was edited after the game wrote it (it no longer matches its "
        "checksum): it may not be the game that was saved."
    ]


def _advice(error: SaveFormatError) -> str:
    text = str(error)
    if "newer version" in text or "not a Deniable save" in text or "not a save" in text:
        return ""
    return " Nothing was changed; if you edited it by hand, undo the edit."


def rebuild(data: SaveData, path: Path, story: Story, notices: Iterable[str] = ()) -> LoadedGame:
    """Replay a decoded save through `story`: divergence and mismatch are told, not fatal."""
    if data.story_id != story.id:
        raise SaveError(
            f"{_display(path)} is a save of the story {data.story_id!r}, not of "
            f"{story.id!r} ({story.title}): load it with --story pointing at that story.",
            path,
        )
    from game.engine.session import Session
    from game.saves.verify import compare

    session = Session.from_log(story, data.seed, data.steps)
    session.play_seconds = data.play_seconds
    mismatch = compare(story, data, session)
    return LoadedGame(
        session=session,
        info=SaveInfo.from_data(data, path),
        data=data,
        divergence=session.divergence,
        mismatch=mismatch,
        notices=list(notices),
    )


def describe_seconds(seconds: float) -> str:
    """Play time as a player reads it: 1 h 05 min, 12 min, 40 s."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


__all__ = [
    "AUTOSAVE_SLOT",
    "LoadedGame",
    "Problem",
    "SaveError",
    "SaveInfo",
    "SaveStore",
    "describe_seconds",
]


def _untitled(scene_id: str, chapter_title: str) -> str:
    """What a save with no scene title shows: the scene's id, unless the loader made the
    scene (an inline choice's or a called scene's copy, whose local ids start with '-'),
    whose id means nothing to a player; then its chapter's title, as older saves made
    inside a called scene carry no title of the scene that called it."""
    return chapter_title if scene_id.partition(".")[2].startswith("-") else scene_id
