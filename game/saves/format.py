"""The save file: JSON, one choice per line, read back with every field checked.

Nothing here can run code: the file is parsed by the standard JSON parser into plain
dicts, lists, strings and numbers, and every field is checked for its type before use.
See docs/save-format.md for the format itself.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import stat
import zlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar, overload

from game.engine.state import GameState, Step
from game.frozen import frozen

if TYPE_CHECKING:
    from game.story.model import Story

_T = TypeVar("_T")

MARKER = "deniable_save"  # the key that says "this is a Deniable save", valued the format version
FORMAT_VERSION = 1
MAX_BYTES = 8 * 1024 * 1024
_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_SCENE_ID = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


_BOM = b"\xef\xbb\xbf"  # some editors start UTF-8 files with it; it changes nothing
# The checksum line: third in the file. Its digest covers every other byte of the file.
_CHECKSUM = re.compile(rb'^  "checksum": "sha256:([0-9a-f]{64})",\n', re.M)
_CHECKSUM_AREA = 4096
# Dates a front end can print in any time zone (a year 9999 date overflows some).
_EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
_LATEST = datetime(9998, 12, 31, tzinfo=UTC)


class SaveFormatError(ValueError):
    """The file is not a usable save; the message says why, in words for the player."""


@frozen
class Snapshot:
    """The state the game was in when saved: shown in lists, and compared after replay."""

    scene: str
    ending: str | None
    values: dict[str, int | bool]
    notes: tuple[str, ...]
    step_count: int


@frozen
class SaveData:
    format_version: int
    story_id: str
    story_version: int
    fingerprint: str
    seed: int
    slot: str
    autosave: bool
    created: datetime
    updated: datetime
    play_seconds: float
    chapter_title: str
    scene_title: str
    steps: tuple[Step, ...]
    arrivals: tuple[str | None, ...]  # the scene each step led to, when recorded
    checks: tuple[str | None, ...]  # a digest of the state after each step, when recorded
    snapshot: Snapshot
    edited: bool | None = None  # the file no longer matches its checksum; None: it has none


# ------------------------------------------------------------------------------ writing


def state_check(state: GameState, keys: Iterable[str]) -> str:
    """A short digest of what the player can see of a state: scene, values, notes."""
    values = state.values
    text = repr((state.scene, state.ending, [values.get(k) for k in keys], state.notes))
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode(
    *,
    story: Story,
    states: list[GameState],
    slot: str,
    autosave: bool,
    created: datetime,
    updated: datetime,
    play_seconds: float,
) -> bytes:
    """The file's bytes: a readable header, then the choice log one step per line."""
    state = states[-1]
    keys = list(state.values)
    header = {
        MARKER: FORMAT_VERSION,
        "story": {"id": story.id, "version": story.version, "fingerprint": story.fingerprint},
        "seed": state.seed,
        "slot": slot,
        "autosave": autosave,
        "created": iso(created),
        "updated": iso(updated),
        "play_seconds": round(play_seconds, 1),
        "chapter_title": story.chapter_of(state.scene).title,
        "scene_title": story.scene_title(state.scene),
        "snapshot": {
            "scene": state.scene,
            "ending": state.ending,
            "step_count": len(state.steps),
            "values": state.values,
            "notes": list(state.notes),
        },
    }
    lines = []
    dumps = json.dumps
    for step, after in zip(state.steps, states[1:], strict=True):
        entry: dict[str, str | int] = {"scene": step.scene, "choice": step.choice}
        if step.draw is not None:
            entry["draw"] = step.draw
        entry["to"] = after.scene
        entry["check"] = state_check(after, keys)
        lines.append("    " + dumps(entry, ensure_ascii=False))
    head = dumps(header, indent=2, ensure_ascii=False)
    if lines:
        steps = ',\n  "steps": [\n' + ",\n".join(lines) + "\n  ]\n}\n"
    else:
        steps = ',\n  "steps": []\n}\n'
    return with_checksum((head[:-2] + steps).encode("utf-8"))


def with_checksum(body: bytes) -> bytes:
    """The file's bytes with its checksum as the third line, after the format marker.

    The digest covers every other byte, so an edit anywhere, even a flipped digit that
    still parses (a seed, a random draw), is noticed when the save is read.
    """
    first, marker, rest = body.split(b"\n", 2)
    digest = hashlib.sha256(body).hexdigest()
    line = f'  "checksum": "sha256:{digest}",'.encode("ascii")
    return b"\n".join((first, marker, line, rest))


def _edited(raw: bytes, doc: Mapping[str, object]) -> bool | None:
    """Whether the file was changed after it was written; None for saves without a checksum."""
    found = _CHECKSUM.search(raw, 0, _CHECKSUM_AREA)
    if found is None:
        return True if "checksum" in doc else None
    body = raw[: found.start()] + raw[found.end() :]
    return hashlib.sha256(body).hexdigest() != found.group(1).decode("ascii")


# ------------------------------------------------------------------------------ reading


def _reject_constant(name: str) -> NoReturn:
    raise SaveFormatError(f"it holds {name}, which a save never contains")


def _pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise SaveFormatError(f"the field {key!r} appears twice")
            seen.add(key)
    return found


def _parse(raw: bytes) -> dict[str, object]:
    """The JSON object of a save; `raw` has no byte-order mark."""
    if len(raw) > MAX_BYTES:
        raise SaveFormatError(f"it is {len(raw):,} bytes, far larger than any save")
    if not raw.strip():
        raise SaveFormatError("it is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveFormatError(
            f"it is not text (byte {exc.start} is not UTF-8): it is not a save file"
        ) from None
    if not text.lstrip().startswith("{"):
        raise SaveFormatError("it is not a Deniable save (saves are JSON objects)")
    try:
        doc = json.loads(text, object_pairs_hook=_pairs, parse_constant=_reject_constant)
    except SaveFormatError:
        raise
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(text.rstrip()):
            raise SaveFormatError(f"it ends too early ({where}): it was cut short") from None
        raise SaveFormatError(f"it is not valid JSON at {where}: {exc.msg}") from None
    except RecursionError:
        raise SaveFormatError("it is nested far too deeply to be a save") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise SaveFormatError(
            "it holds a number with too many digits (thousands) to be a save's"
        ) from None
    if not isinstance(doc, dict) or MARKER not in doc:
        raise SaveFormatError(f"it is not a Deniable save (no {MARKER!r} field)")
    return doc


_TYPES: dict[type[object], str] = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    dict: "a mapping",
}


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


# The field `key` checked to be a `kind` (a float may be written as a whole number); an
# optional one that is missing gives `default`.
@overload
def _get(doc: Mapping[str, object], key: str, kind: type[_T], where: str) -> _T: ...
@overload
def _get(
    doc: Mapping[str, object], key: str, kind: type[_T], where: str, optional: bool, default: _T
) -> _T: ...
@overload
def _get(
    doc: Mapping[str, object],
    key: str,
    kind: type[_T],
    where: str,
    optional: bool,
    default: None = None,
) -> _T | None: ...
def _get(
    doc: Mapping[str, object],
    key: str,
    kind: type[object],
    where: str,
    optional: bool = False,
    default: object = None,
) -> object:
    if key not in doc:
        if optional:
            return default
        raise SaveFormatError(f"{where}the field {key!r} is missing")
    value = doc[key]
    ok = isinstance(value, kind) and not (kind in (int, float) and isinstance(value, bool))
    if kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok:
        want = _TYPES.get(kind, "a number" if kind is float else "a list")
        raise SaveFormatError(f"{where}{key!r} should be {want}, found {_describe(value)}")
    return value


def _nullable_text(doc: Mapping[str, object], key: str, where: str) -> str | None:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        raise SaveFormatError(f"{where}{key!r} should be text or null, found {_describe(value)}")
    return value


def _short(value: object) -> str:
    """A value for a message, cut short: a hostile file may hold megabytes in one field."""
    text = repr(value)
    return text if len(text) <= 40 else text[:30] + f"... ({len(text):,} characters)"


def in_utc(moment: datetime) -> datetime | None:
    """The moment in UTC, or None when it is out of the range every front end can show."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return moment if _EARLIEST <= moment <= _LATEST else None


def _moment(doc: Mapping[str, object], key: str) -> datetime:
    text = _get(doc, key, str, "")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SaveFormatError(f"{key!r} is not a date and time: {_short(text)}") from None
    utc = in_utc(moment)
    if utc is None:
        raise SaveFormatError(
            f"{key!r} is out of range: {_short(text)} is not between the years 2 and 9998"
        )
    return utc


def _seconds(doc: Mapping[str, object]) -> float:
    value = _get(doc, "play_seconds", float, "", optional=True, default=0.0)
    try:
        seconds = float(value)
    except OverflowError:
        seconds = math.inf
    if not math.isfinite(seconds):
        raise SaveFormatError(
            f"'play_seconds' should be a number of seconds, found {_short(value)}"
        )
    return max(0.0, seconds)


def _step(item: object, index: int) -> tuple[Step, str | None, str | None]:
    where = f"step {index + 1}: "
    if not isinstance(item, dict):
        raise SaveFormatError(f"{where}should be a mapping, found {_describe(item)}")
    scene = _get(item, "scene", str, where)
    if not _SCENE_ID.fullmatch(scene):
        raise SaveFormatError(f"{where}{scene!r} is not a scene id (chapter.scene)")
    choice = _get(item, "choice", str, where)
    if not _ID.fullmatch(choice):
        raise SaveFormatError(f"{where}{choice!r} is not a choice id")
    draw = _get(item, "draw", int, where, optional=True)
    if draw is not None and draw < 0:
        raise SaveFormatError(f"{where}'draw' cannot be negative")
    arrival = _get(item, "to", str, where, optional=True)
    check = _get(item, "check", str, where, optional=True)
    return Step(scene, choice, draw), arrival, check


def _steps(items: list[object]) -> list[tuple[Step, str | None, str | None]]:
    """Every step of the log, checked; repeated steps and ids share one object.

    A long log repeats a few scenes and choices many times: checking each distinct step
    once and keeping one copy makes a 100,000-step save a fraction of the time and memory.
    """
    made: dict[tuple[object, object, object], Step] = {}
    shared: dict[str, str] = {}
    parsed: list[tuple[Step, str | None, str | None]] = []
    for index, item in enumerate(items):
        if type(item) is not dict:
            parsed.append(_step(item, index))
            continue
        scene, choice, draw = item.get("scene"), item.get("choice"), item.get("draw")
        arrival, check = item.get("to"), item.get("check")
        plain = (
            type(scene) is str
            and type(choice) is str
            and (type(draw) is int and draw >= 0 or "draw" not in item)
            and (type(arrival) is str or "to" not in item)
            and (type(check) is str or "check" not in item)
        )
        step = made.get((scene, choice, draw)) if plain else None
        if step is None:
            step, arrival, check = _step(item, index)
            made[(step.scene, step.choice, step.draw)] = step
        parsed.append(
            (
                step,
                arrival if arrival is None else shared.setdefault(arrival, arrival),
                check if check is None else shared.setdefault(check, check),
            )
        )
    return parsed


def decode(raw: bytes) -> SaveData:
    """Parse and check a save's bytes; SaveFormatError says what is wrong, never a traceback."""
    raw = raw.removeprefix(_BOM)
    doc = _parse(raw)
    version = doc[MARKER]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveFormatError(
            f"its format version {_short(version)} is not a positive whole number"
        )
    if version > FORMAT_VERSION:
        raise SaveFormatError(
            f"it was written by a newer version of the game (save format {_short(version)}; "
            f"this game reads up to {FORMAT_VERSION}): update the game to load it"
        )
    story = _get(doc, "story", dict, "")
    snap = _get(doc, "snapshot", dict, "")
    raw_values = _get(snap, "values", dict, "snapshot: ")
    for key, value in raw_values.items():
        if not isinstance(value, int):  # bool is an int: flags and stats both pass
            raise SaveFormatError(f"snapshot: the value of {key!r} should be a number or flag")
    notes = _get(snap, "notes", list, "snapshot: ")
    if not all(isinstance(note, str) for note in notes):
        raise SaveFormatError("snapshot: 'notes' should be a list of note ids")
    items = _get(doc, "steps", list, "")
    parsed = _steps(items)
    play_seconds = _seconds(doc)
    return SaveData(
        format_version=version,
        story_id=_get(story, "id", str, "story: "),
        story_version=_get(story, "version", int, "story: ", optional=True, default=1),
        fingerprint=_get(story, "fingerprint", str, "story: ", optional=True, default=""),
        seed=_get(doc, "seed", int, ""),
        slot=_get(doc, "slot", str, "", optional=True, default=""),
        autosave=_get(doc, "autosave", bool, "", optional=True, default=False),
        created=_moment(doc, "created") if "created" in doc else datetime.fromtimestamp(0, UTC),
        updated=_moment(doc, "updated") if "updated" in doc else datetime.fromtimestamp(0, UTC),
        play_seconds=play_seconds,
        chapter_title=_get(doc, "chapter_title", str, "", optional=True, default=""),
        scene_title=_get(doc, "scene_title", str, "", optional=True, default=""),
        steps=tuple(step for step, _, _ in parsed),
        arrivals=tuple(arrival for _, arrival, _ in parsed),
        checks=tuple(check for _, _, check in parsed),
        snapshot=Snapshot(
            scene=_get(snap, "scene", str, "snapshot: "),
            ending=_nullable_text(snap, "ending", "snapshot: "),
            values=dict(raw_values),
            notes=tuple(notes),
            step_count=_get(snap, "step_count", int, "snapshot: ", True, len(items)),
        ),
        edited=_edited(raw, doc),
    )


_CREATED = re.compile(rb'^  "created": "([0-9TZ:+-]{10,30})",?$', re.M)
_SLOT = re.compile(rb'^  "slot": ("(?:[^"\\\n]|\\.){0,400}"),?$', re.M)


def read_slot(path: Path) -> str | None:
    """The slot name in a save's header alone, or None when there is no readable one."""
    try:
        found = _SLOT.search(read_regular(path, 4096))
    except (OSError, SaveFormatError):
        return None
    if found is None:
        return None
    try:
        name = json.loads(found.group(1))
    except ValueError:
        return None
    return name if isinstance(name, str) else None


def read_created(path: Path) -> datetime | None:
    """The creation time from a save's header alone: saving must not parse the whole file."""
    try:
        head = read_regular(path, 4096)
    except (OSError, SaveFormatError):
        return None
    found = _CREATED.search(head)
    if found is None:
        return None
    try:
        moment = datetime.fromisoformat(found.group(1).decode("ascii"))
    except ValueError:
        return None
    return in_utc(moment)


def read_regular(path: Path, limit: int) -> bytes:
    """Up to `limit` bytes of a regular file; a pipe or device is refused, never waited on."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            raise SaveFormatError("it is not a regular file (a pipe or a device), so not a save")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit)
    finally:
        os.close(fd)


def read(path: Path) -> SaveData:
    """Read and decode a file; OS errors become SaveFormatError too."""
    try:
        raw = read_regular(path, MAX_BYTES + 1)
    except IsADirectoryError:
        raise SaveFormatError("it is a folder, not a save file") from None
    except OSError as exc:
        raise SaveFormatError(f"it cannot be read ({exc.strerror or exc})") from None
    return decode(raw)
