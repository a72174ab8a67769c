"""List, show and verify saved games; list the trash and restore from it.

`verify` replays every save against the current story and exits 1 when any no longer
fits it, differs from what was saved, or cannot be read: a scene writer's regression
check (`deniable saves verify --saves saves/examples`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.visible import visible

if TYPE_CHECKING:
    from game.saves.store import SaveStore
    from game.saves.trash import Trashed
    from game.story.model import Story

HELP = "list, show or verify saved games; list the trash and restore from it"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.commands.common import add_story_argument

    parser.add_argument(
        "action",
        choices=("list", "show", "verify", "trash", "restore"),
        help="what to do (trash: what was deleted, kept 14 days; restore ENTRY: put it back)",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="SLOT_OR_FILE",
        help="show: the save; verify: only these; restore: the trash entry",
    )
    parser.add_argument("--saves", metavar="DIR", type=Path, help="the save folder")
    add_story_argument(parser)


def run(args: argparse.Namespace) -> int:
    from game.saves.location import save_dir
    from game.saves.store import SaveStore

    store = SaveStore(save_dir(args.saves))
    if args.action == "list":
        return list_saves(store)
    if args.action == "show":
        if len(args.names) != 1:
            print("Name one save to show: deniable saves show SLOT_OR_FILE", file=sys.stderr)
            return 2
        return show(store, args.names[0], args.story)
    if args.action == "trash":
        return list_trash(store)
    if args.action == "restore":
        if len(args.names) != 1:
            print(
                "Name one trash entry to restore: deniable saves restore ENTRY "
                "('deniable saves trash' lists them)",
                file=sys.stderr,
            )
            return 2
        return restore(store, args.names[0])
    return verify(store, args.names, args.story)


def say(text: str, error: bool = False) -> None:
    """Print one line; save and author text in it may hold control characters: show them."""
    print(visible(text), file=sys.stderr if error else sys.stdout)


def _when(moment: datetime) -> str:
    try:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    except (OverflowError, ValueError):  # near year 1 or 9999, in some time zones
        return moment.strftime("%Y-%m-%d %H:%M UTC")


def list_saves(store: SaveStore) -> int:
    from game.saves.store import describe_seconds

    problem = store.folder_problem()
    if problem is not None:
        say(problem, error=True)
        return 1
    infos, problems = store.scan()
    if not infos and not problems:
        say(f"No saves in {store.folder}.")
        return 0
    say(f"Saves in {store.folder}, newest first:")
    several = len({info.story_id for info in infos}) > 1
    header = ["slot", "story", "chapter", "scene", "saved", "played", "choices"]
    rows = [header]
    for info in infos:
        # a run shows as run:ID, which `deniable play --load` continues
        slot = info.key if info.run else info.slot + (" (autosave)" if info.autosave else "")
        rows.append(
            [
                slot,
                info.story_id,
                info.chapter_title,
                info.scene,
                _when(info.updated),
                describe_seconds(info.play_seconds),
                str(info.choices),
            ]
        )
    if not several:  # one story: its name on every line says nothing
        rows = [row[:1] + row[2:] for row in rows]
    rows = [[visible(cell) for cell in row] for row in rows]
    widths = [min(48, max(len(row[i]) for row in rows)) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell[:width].ljust(width) for cell, width in zip(row, widths, strict=True)]
        print("  " + "  ".join(cells).rstrip())
    for found in problems:
        say(f"  not loadable: {found.message}")
    return 0


def list_trash(store: SaveStore) -> int:
    """What was deleted, newest first, and the entry name that restores each."""
    from game.saves.trash import KEEP_DAYS, trashed

    items = trashed(store.folder)
    if not items:
        say(f"The trash in {store.folder} is empty.")
        return 0
    say(f"Deleted saves and runs, kept {KEEP_DAYS} days ('deniable saves restore ENTRY'):")
    for item in items:
        what = f"run:{item.name}" if item.is_run else f"save file {item.name}"
        say(f"  {item.path.name}")
        say(f"      {what}: {_trashed_game(item)}")
        say(f"      deleted {_when(item.deleted)}, {item.days_left:.0f} days left")
    return 0


def _trashed_game(item: Trashed) -> str:
    """Where a trashed save had got to, read from its header; or why it cannot be read."""
    from game.engine.state import choices_in
    from game.saves.format import SaveFormatError, read
    from game.saves.runs import history

    candidates = [item.save_file]
    if item.is_run:
        candidates += history(item.save_file)
    for path in candidates:
        try:
            data = read(path)
        except (SaveFormatError, OSError):
            continue
        slot = "" if data.autosave else f"{data.slot!r}, "
        choices = choices_in(data.steps)
        made = f"{choices} choice" + ("" if choices == 1 else "s")
        return f"{slot}{data.chapter_title}, {made}, saved {_when(data.updated)}"
    return "cannot be read as a save"


def restore(store: SaveStore, entry: str) -> int:
    from game.saves.trash import TrashError
    from game.saves.trash import restore as put_back

    try:
        home = put_back(store.folder, entry)
    except TrashError as exc:
        say(str(exc), error=True)
        return 1
    except OSError as exc:
        say(f"Could not restore {entry!r}: {exc.strerror or exc}.", error=True)
        return 1
    say(f"Restored {entry} to {home}.")
    return 0


def show(store: SaveStore, name: str, story_dir: Path | None) -> int:
    from game.saves.store import SaveError, SaveInfo, describe_seconds

    try:
        data, path, notices = store.read(name)
    except SaveError as exc:
        say(str(exc), error=True)
        return 1
    for notice in notices:
        say(notice, error=True)
    info = SaveInfo.from_data(data, path)
    snap = data.snapshot
    say(f"{info.slot}{' (autosave)' if info.autosave else ''}: {path}")
    say(f"  story     {data.story_id}, version {data.story_version} ({data.fingerprint})")
    say(f"  where     {info.chapter_title}: {info.scene} ({snap.scene})")
    if snap.ending:
        say(f"  ending    {snap.ending}")
    say(f"  created   {_when(data.created)}")
    say(f"  saved     {_when(data.updated)}")
    say(f"  played    {describe_seconds(data.play_seconds)}")
    say(f"  seed      {data.seed}")
    values = ", ".join(f"{key} {_value(value)}" for key, value in snap.values.items())
    say(f"  state     {values}")
    say(f"  notes     {len(snap.notes)} unlocked")
    say(f"  choices   {info.choices}:")
    story = _story_quietly(story_dir)
    number = 0
    for step in data.steps:
        if step.page_turn:  # a page break's Continue: in the log, but no choice
            say(f"         {step.scene} -> Continue (a page turn)")
            continue
        number += 1
        text = ""
        choice = story.choices.get(step.choice_full_id) if story is not None else None
        if story is not None and story.id == data.story_id and choice is not None:
            text = f'  "{choice.text.raw}"'
        draw = f" [random branch {step.draw}]" if step.draw is not None else ""
        say(f"    {number:3}. {step.scene} -> {step.choice}{draw}{text}")
    return 0


def _value(value: int | bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _story_quietly(story_dir: Path | None) -> Story | None:
    from game.commands.common import story_dir as find_story_dir
    from game.story.loader import check_story

    story, _ = check_story(find_story_dir(story_dir))
    return story


def verify(store: SaveStore, names: list[str], story_dir: Path | None) -> int:
    """Exit 0 when every save of this story replays as saved; 1 otherwise."""
    from game.commands.common import load_or_report
    from game.saves.store import SaveError, rebuild

    story = load_or_report(story_dir)
    if story is None:
        return 1
    problem = store.folder_problem()
    if problem is not None:
        say(problem, error=True)
        return 1
    if names:
        targets, problems = [], []
        for name in names:
            try:
                targets.append(store.resolve(name))
            except SaveError as exc:
                problems.append(str(exc))
    else:
        infos, found = store.scan()
        targets = sorted(info.path for info in infos)
        problems = [problem.message for problem in found]
    failed = len(problems)
    for message in problems:
        say(f"DAMAGED   {message}")
    checked = skipped = 0
    for path in targets:
        try:
            data, used, notices = store.read(str(path))
        except SaveError as exc:
            say(f"DAMAGED   {exc}")
            failed += 1
            continue
        if data.story_id != story.id:
            say(f"skipped   {path}: a save of the story {data.story_id!r}, not {story.id!r}")
            skipped += 1
            continue
        checked += 1
        loaded = rebuild(data, used, story, notices)
        label = f"{loaded.info.key} ({path})"
        if loaded.divergence is not None:
            failed += 1
            say(f"DIVERGED  {label}: {loaded.divergence.describe()}")
        elif loaded.mismatch is not None:
            failed += 1
            say(f"DIFFERS   {label}: {loaded.mismatch.describe()}")
        elif notices:
            failed += 1
            verdict = "EDITED " if data.edited and used == path else "DAMAGED"
            say(f"{verdict}   {label}: {' '.join(notices)}")
        else:
            state = loaded.session.state
            where = f"ending {state.ending}" if state.ending else f"at {state.scene}"
            say(f"ok        {label}: {len(data.steps)} steps, {where}")
    summary = f"{checked} save(s) of {story.id!r} checked, {failed} problem(s)"
    if skipped:
        summary += f", {skipped} of other stories skipped"
    say(summary + ".")
    return 1 if failed else 0
