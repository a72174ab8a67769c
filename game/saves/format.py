"""The save file: JSON, one choice per line, read back with every field checked.

Nothing here can run code: the file is parsed by the standard JSON parser into plain
dicts, lists, strings and numbers, and every field is checked for its type before use.
See docs/save-format.md for the format itself.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from game.engine.state import GameState, Step

MARKER = "deniable_save"  # the key that says "this is a Deniable save", valued the format version
FORMAT_VERSION = 1
MAX_BYTES = 8 * 1024 * 1024
_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_SCENE_ID = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


class SaveFormatError(ValueError):
    """The file is not a usable save; the message says why, in words for the player."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The state the game was in when saved: shown in lists, and compared after replay."""

    scene: str
    ending: str | None
    values: dict
    notes: tuple[str, ...]
    step_count: int


@dataclass(frozen=True, slots=True)
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


# ------------------------------------------------------------------------------ writing


def state_check(state: GameState, keys) -> str:
    """A short digest of what the player can see of a state: scene, values, notes."""
    values = state.values
    text = repr((state.scene, state.ending, [values.get(k) for k in keys], state.notes))
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode(
    *,
    story,
    states: list[GameState],
    slot: str,
    autosave: bool,
    created: datetime,
    updated: datetime,
    play_seconds: float,
) -> bytes:
    """The file's bytes: a readable header, then the choice log one step per line."""
    state = states[-1]
    scene = story.scenes[state.scene]
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
        "scene_title": scene.title or (scene.ending.title if scene.ending else ""),
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
        entry = {"scene": step.scene, "choice": step.choice}
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
    return (head[:-2] + steps).encode("utf-8")


# ------------------------------------------------------------------------------ reading


def _reject_constant(name: str):
    raise SaveFormatError(f"it holds {name}, which a save never contains")


def _pairs(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise SaveFormatError(f"the field {key!r} appears twice")
        seen[key] = value
    return seen


def _parse(raw: bytes) -> dict:
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
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(text.rstrip()):
            raise SaveFormatError(f"it ends too early ({where}): it was cut short") from None
        raise SaveFormatError(f"it is not valid JSON at {where}: {exc.msg}") from None
    except RecursionError:
        raise SaveFormatError("it is nested far too deeply to be a save") from None
    if not isinstance(doc, dict) or MARKER not in doc:
        raise SaveFormatError(f"it is not a Deniable save (no {MARKER!r} field)")
    return doc


_TYPES = {str: "text", int: "a whole number", bool: "true or false", dict: "a mapping"}


def _describe(value) -> str:
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


def _get(doc: dict, key: str, kind, where: str, optional: bool = False, default=None):
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


def _nullable_text(doc: dict, key: str, where: str) -> str | None:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        raise SaveFormatError(f"{where}{key!r} should be text or null, found {_describe(value)}")
    return value


def _moment(doc: dict, key: str) -> datetime:
    text = _get(doc, key, str, "")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SaveFormatError(f"{key!r} is not a date and time: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _step(item, index: int) -> tuple[Step, str | None, str | None]:
    where = f"step {index + 1}: "
    if not isinstance(item, dict):
        raise SaveFormatError(f"{where}should be a mapping, found {_describe(item)}")
    scene = _get(item, "scene", str, where)
    if not _SCENE_ID.match(scene):
        raise SaveFormatError(f"{where}{scene!r} is not a scene id (chapter.scene)")
    choice = _get(item, "choice", str, where)
    if not _ID.match(choice):
        raise SaveFormatError(f"{where}{choice!r} is not a choice id")
    draw = _get(item, "draw", int, where, optional=True)
    if draw is not None and draw < 0:
        raise SaveFormatError(f"{where}'draw' cannot be negative")
    arrival = _get(item, "to", str, where, optional=True)
    check = _get(item, "check", str, where, optional=True)
    return Step(scene, choice, draw), arrival, check


def decode(raw: bytes) -> SaveData:
    """Parse and check a save's bytes; SaveFormatError says what is wrong, never a traceback."""
    doc = _parse(raw)
    version = doc[MARKER]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveFormatError(f"its format version {version!r} is not a positive whole number")
    if version > FORMAT_VERSION:
        raise SaveFormatError(
            f"it was written by a newer version of the game (save format {version}; "
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
    parsed = [_step(item, index) for index, item in enumerate(items)]
    play_seconds = _get(doc, "play_seconds", float, "", optional=True, default=0.0)
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
        play_seconds=max(0.0, float(play_seconds)),
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
    )


_CREATED = re.compile(rb'^  "created": "([0-9TZ:+-]{10,30})",?$', re.M)


def read_created(path: Path) -> datetime | None:
    """The creation time from a save's header alone: saving must not parse the whole file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    found = _CREATED.search(head)
    if found is None:
        return None
    try:
        moment = datetime.fromisoformat(found.group(1).decode("ascii"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read(path: Path) -> SaveData:
    """Read and decode a file; OS errors become SaveFormatError too."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise SaveFormatError("it is a folder, not a save file") from None
    except OSError as exc:
        raise SaveFormatError(f"it cannot be read ({exc.strerror or exc})") from None
    return decode(raw)
