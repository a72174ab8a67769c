"""What one load of a story folder knows so far, and the checks every part of it shares.

Loading is split by file kind (manifest, tables, chapters, scenes); each part reads and
writes this one context: the diagnostics, the files read (for the fingerprint) and the
registries of ids that later parts resolve references against.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

from game.frozen import frozen
from game.story import codes, fields
from game.story.codes import Problem
from game.story.diagnostics import Diagnostics
from game.story.expressions import Expression
from game.story.fields import Field
from game.story.model import Fact, FlagDef, Location, Note, Place, StatDef
from game.story.yamlfile import Mark, YamlList, YamlMap, YamlValue, parse_text, read_text


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working folder when they can be."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@frozen
class ProseReference:
    """A prose condition that names scenes, and where it stands in its file.

    `where` works out the `line:col`, which only a reference found wrong needs: reading
    the file's lines for each of the campaign's 400 references was a tenth of its check.
    """

    scenes: frozenset[str]
    what: str  # the field, as messages name it ("the text", "the outcome")
    display: str
    where: Callable[[], Mark]

    @property
    def mark(self) -> Mark:
        return self.where()


class Fingerprint:
    """The story's fingerprint (saves record it): a digest of every file's name and text,
    in the order the load read them."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()

    def add(self, name: str, payload: bytes) -> None:
        self._digest.update(name.encode() + b"\0" + payload + b"\0")

    def text(self) -> str:
        return self._digest.hexdigest()[:16]


@dataclass
class LoadContext:
    root: Path
    diags: Diagnostics = field(default_factory=Diagnostics)
    # Each file read, by the SHA-256 of its text as read (story/checked.py compares them),
    # and the story's fingerprint over all of them as they are read: keeping the texts'
    # bytes for both until the end of the load held the campaign's 720 KB twice.
    texts: list[tuple[Path, bytes]] = field(default_factory=list)
    fingerprint: Fingerprint = field(default_factory=Fingerprint)
    types: dict[str, str] = field(default_factory=dict)
    stats: dict[str, StatDef] = field(default_factory=dict)
    flags: dict[str, FlagDef] = field(default_factory=dict)
    scene_ids: dict[str, Location] = field(default_factory=dict)
    choice_ids: set[str] = field(default_factory=set)
    notes: dict[str, Note] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    duplicate_choices: set[int] = field(default_factory=set)
    history: bool = True  # the manifest's `history:`: notes and ending kinds are required
    # Candidate comparisons left for "did you mean" hints (see references.suggestion).
    suggestion_budget: int = 20_000
    sources: dict[str, str] = field(default_factory=dict)  # display path -> text, for positions
    # Scenes each prose condition names (by visits(), visited() or chosen()), with the
    # field and the condition's place: tunnels.py checks them against the called scenes.
    prose_references: list[ProseReference] = field(default_factory=list)
    # Compiled conditions and effects shared by place (see `compiled_once`).
    compiled: dict[tuple[object, ...], Expression] = field(default_factory=dict)

    def compiled_once(
        self, key: tuple[object, ...], chapter_id: str, compile: Callable[[], Expression]
    ) -> Expression:
        """The expression `key` names, compiled by `compile` the first time. Stories repeat
        their conditions, and only the scene and choice names in one vary by place: one
        naming no choice is shared within its chapter, or everywhere if it names no scene
        either. What `compile` raises is the caller's to report; nothing is kept then."""
        shared = self.compiled.get(key) or self.compiled.get((*key, chapter_id))
        if shared is not None:
            return shared
        compiled = compile()
        if not compiled.choices:
            self.compiled[(*key, chapter_id) if compiled.scenes else key] = compiled
        return compiled

    def report(
        self,
        display: str,
        mark: Mark,
        problem: Problem,
        /,
        *,
        hint: str | None = None,
        **values: object,
    ) -> None:
        self.diags.report(display, mark, problem, hint=hint, **values)

    def read(self, path: Path) -> tuple[str, YamlValue]:
        """Read and parse one story file; remember its text for the fingerprint."""
        display = display_path(path)
        text = read_text(path, display, self.diags)
        if text is None:
            return display, None
        payload = text.encode("utf-8")
        self.texts.append((path, file_digest(payload)))
        self.fingerprint.add(path.name, payload)
        self.sources[display] = text
        before = len(self.diags.items)
        doc = parse_text(text, display, self.diags)
        if doc is None and len(self.diags.items) == before:
            self.report(display, (1, 1), codes.EMPTY_FILE)
        return display, doc

    def story_file(self, name: str, field: str, display: str, mark: Mark) -> Path | None:
        """The regular file `name` names inside the story folder, or None (reported where the
        manifest names it): never a path outside the folder, a FIFO, a device or a folder."""
        problem = None
        reason = ""
        try:
            if "\0" in name:
                problem = codes.FILE_NOT_A_NAME
            else:
                path = (self.root / name).resolve()
                if not path.is_relative_to(self.root.resolve()):
                    problem = codes.FILE_OUTSIDE
                elif not path.exists():
                    problem = codes.FILE_MISSING
                elif not path.is_file():
                    problem = codes.FILE_NOT_REGULAR
        except RuntimeError:  # pathlib's word for a symlink loop
            problem, reason = codes.FILE_UNFOLLOWABLE, "a symlink loop"
        except OSError as exc:
            problem, reason = codes.FILE_UNFOLLOWABLE, exc.strerror or str(exc)
        if problem is None:
            return path
        self.report(display, mark, problem, field=field, name=name, reason=reason)
        return None

    def check_fields(self, data: YamlMap, spec: dict[str, Field], display: str, what: str) -> bool:
        """Report unknown, missing and mistyped fields; True when all required are usable.

        Walks the fields given, not every field there could be (a choice may have twenty
        and usually has five); diagnostics are sorted by place, so the order is free.
        """
        ok = True
        wrong = []
        for key, value in data.items():
            f = spec.get(key)  # type: ignore[call-overload]
            if f is None:
                close = difflib.get_close_matches(str(key), list(spec), n=1)
                hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(spec)
                self.report(
                    display, data.key_mark(key), codes.UNKNOWN_FIELD, hint=hint, key=key, what=what
                )
                continue
            types = f.types
            if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
                wrong.append((key, value, f))
        for name in fields.needed_names(spec):
            if name not in data:
                self.report(display, data.mark, codes.MISSING_FIELD, what=what, name=name)
                ok = False
        for key, value, f in wrong:
            self.report(
                display,
                data.value_mark(key),
                codes.WRONG_TYPE,
                what=what,
                name=key,
                expected=fields.expected(f.types),
                actual=fields.type_name(value),
            )
            if f.needed:
                ok = False
            data.pop(key)
        return ok

    def expect_map(self, value: object, display: str, mark: Mark, what: str) -> TypeGuard[YamlMap]:
        if isinstance(value, YamlMap):
            return True
        self.report(display, mark, codes.NOT_A_MAPPING, what=what, actual=fields.type_name(value))
        return False

    def check_id(
        self,
        value: object,
        display: str,
        mark: Mark,
        what: str,
        pattern: re.Pattern[str] = fields.ID,
    ) -> TypeGuard[str]:
        if isinstance(value, str) and pattern.fullmatch(value):
            return True
        rule = fields.ID_RULE if pattern is fields.ID else fields.NAME_RULE
        self.report(display, mark, codes.INVALID_ID, what=what, value=value, rule=rule)
        return False

    def date(self, spec: YamlMap, display: str) -> str:
        date = str(spec["date"])
        if not fields.DATE.fullmatch(date):
            self.report(display, spec.value_mark("date"), codes.INVALID_DATE, date=date)
        return date

    def strings(self, spec: YamlMap, name: str, display: str, what: str) -> list[str]:
        values = spec.get(name, YamlList())
        result = []
        for index, value in enumerate(values):
            if isinstance(value, str) and value.strip():
                result.append(value)
            else:
                self.report(display, values.item_mark(index), codes.NOT_TEXT, what=what, name=name)
        return result


def file_digest(payload: bytes) -> bytes:
    """What a check remembers of a file it read (story/checked.py)."""
    return hashlib.sha256(payload).digest()
