"""Builds a Story from a folder of YAML files, reporting every problem at once.

Two passes: the first reads every file and registers ids (scenes, choices, notes,
facts, places); the second resolves references and compiles expressions, so a goto or
a `visited()` may name a scene in any chapter.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from game.story.diagnostics import Diagnostics, StoryError
from game.story.expressions import BOOL, INT, ExpressionError, compile_expression
from game.story.model import (
    Branch,
    Chapter,
    Choice,
    Effect,
    Ending,
    Fact,
    FlagDef,
    Location,
    Note,
    Place,
    Scene,
    StatDef,
    Story,
    Template,
)
from game.story.yamlfile import YamlList, YamlMap, parse_text, read_text

FORMAT_VERSION = 1
MANIFEST = "story.yaml"

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_SUBST = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")

NOTE_KINDS = ("history", "counterfactual")
ENDING_KINDS = ("historical", "counterfactual")

# Field specs: name -> (required, expected type or types, description for messages).
_STR = (str,)
_INT = (int,)
_BOOL = (bool,)
_MAP = (YamlMap,)
_LIST = (YamlList,)
_DATEISH = (str, int)


def _fields(**spec):
    return spec


STORY_FIELDS = _fields(
    id=(True, _STR),
    title=(True, _STR),
    subtitle=(False, _STR),
    version=(False, _INT),
    format=(True, _INT),
    start=(True, _STR),
    intro=(False, _STR),
    stats=(False, _MAP),
    flags=(False, (YamlMap, YamlList)),
    chapters=(True, _LIST),
    facts=(False, _STR),
    places=(False, _STR),
)
STAT_FIELDS = _fields(label=(True, _STR), start=(True, _INT), min=(True, _INT), max=(True, _INT))
CHAPTER_FIELDS = _fields(
    id=(True, _STR),
    title=(True, _STR),
    place=(True, _STR),
    date=(True, _DATEISH),
    viewpoint=(True, _STR),
)
CHAPTER_FILE_FIELDS = _fields(
    chapter=(True, _MAP), scenes=(True, _MAP), notes=(False, _MAP), facts=(False, _MAP)
)
SCENE_FIELDS = _fields(
    title=(False, _STR),
    text=(False, _STR),
    key=(False, _BOOL),
    history=(False, _STR),
    choices=(False, _LIST),
    ending=(False, _MAP),
)
CHOICE_FIELDS = _fields(
    id=(True, _STR),
    text=(True, _STR),
    outcome=(True, _STR),
    note=(True, _STR),
    goto=(False, _STR),
    random=(False, _LIST),
    effects=(False, _MAP),
    historical=(False, _BOOL),
    once=(False, _BOOL),
    locked=(False, _STR),
    **{"if": (False, _STR)},
)
BRANCH_FIELDS = _fields(
    weight=(True, _INT), goto=(True, _STR), outcome=(False, _STR), effects=(False, _MAP)
)
ENDING_FIELDS = _fields(title=(True, _STR), kind=(True, _STR), epilogue=(True, _STR))
NOTE_FIELDS = _fields(
    title=(True, _STR),
    kind=(True, _STR),
    text=(True, _STR),
    sources=(True, _LIST),
    facts=(False, _LIST),
)
FACT_FIELDS = _fields(claim=(True, _STR), date=(True, _DATEISH), source=(True, _STR))
PLACE_FIELDS = _fields(
    name=(True, _STR), lat=(True, (int, float)), lon=(True, (int, float)), label=(False, _STR)
)

_TYPE_NAMES = {
    str: "text",
    int: "an integer",
    bool: "true or false",
    float: "a number",
    YamlMap: "a mapping",
    YamlList: "a list",
}


def _type_name(value) -> str:
    if value is None:
        return "nothing"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working folder when they can be."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@dataclass
class _RawChapter:
    data: YamlMap
    display: str
    chapter_id: str
    header: YamlMap
    scenes: YamlMap
    order: int


@dataclass
class _Loader:
    root: Path
    diags: Diagnostics = field(default_factory=Diagnostics)
    texts: list[tuple[str, bytes]] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)
    stats: dict[str, StatDef] = field(default_factory=dict)
    flags: dict[str, FlagDef] = field(default_factory=dict)
    scene_ids: dict[str, Location] = field(default_factory=dict)
    choice_ids: set[str] = field(default_factory=set)
    notes: dict[str, Note] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    duplicate_choices: set[int] = field(default_factory=set)

    # ----------------------------------------------------------------- helpers

    def error(self, display, mark, code, message, hint="") -> None:
        self.diags.add(display, mark, code, message, hint=hint)

    def read(self, path: Path):
        display = display_path(path)
        text = read_text(path, display, self.diags)
        if text is None:
            return display, None
        self.texts.append((path.name, text.encode("utf-8")))
        before = len(self.diags.items)
        doc = parse_text(text, display, self.diags)
        if doc is None and len(self.diags.items) == before:
            self.error(display, (1, 1), "D012", "the file is empty", "see docs/writing-scenes.md")
        return display, doc

    def check_fields(self, data: YamlMap, spec: dict, display: str, what: str) -> bool:
        """Report unknown, missing and mistyped fields; True when all required are usable."""
        ok = True
        for key in data:
            if key not in spec:
                close = difflib.get_close_matches(str(key), list(spec), n=1)
                hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(spec)
                self.error(
                    display, data.key_mark(key), "D010", f"unknown field {key!r} in {what}", hint
                )
        for name, (required, types) in spec.items():
            if name not in data:
                if required:
                    self.error(
                        display,
                        data.mark,
                        "D011",
                        f"{what} is missing the field {name!r}",
                        f"add '{name}:'",
                    )
                    ok = False
                continue
            value = data[name]
            if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
                expected = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
                self.error(
                    display,
                    data.value_mark(name),
                    "D012",
                    f"{what}: {name!r} should be {expected}, not {_type_name(value)}",
                )
                if required:
                    ok = False
                data.pop(name)
        return ok

    def expect_map(self, value, display, mark, what) -> bool:
        if isinstance(value, YamlMap):
            return True
        self.error(display, mark, "D012", f"{what} should be a mapping, not {_type_name(value)}")
        return False

    def check_id(self, value, display, mark, what, pattern=_ID) -> bool:
        if isinstance(value, str) and pattern.match(value):
            return True
        rule = (
            "letters, digits, '-' and '_'"
            if pattern is _ID
            else "letters, digits and '_', not starting with a digit"
        )
        self.error(display, mark, "D012", f"{what} {value!r} is not a valid id: use {rule}")
        return False

    def template(self, text: str, display: str, mark, stats_only: bool = True) -> Template:
        parts: list = []
        names: set[str] = set()
        buffer: list[str] = []
        pos = 0
        for match in _SUBST.finditer(text):
            buffer.append(text[pos : match.start()])
            token = match.group(0)
            pos = match.end()
            if token == "{{":
                buffer.append("{")
            elif token == "}}":
                buffer.append("}")
            elif match.group(1) is not None:
                name = match.group(1).strip()
                if name in self.stats:
                    parts.append("".join(buffer))
                    buffer = []
                    parts.append((name,))
                    names.add(name)
                else:
                    what = "a flag; only stats" if name in self.flags else "not a declared stat"
                    self.error(
                        display,
                        mark,
                        "D021",
                        f"text substitution {{{name}}} is {what} can be shown",
                        "write {{ and }} for literal braces",
                    )
            else:
                self.error(
                    display,
                    mark,
                    "D012",
                    f"unmatched {token!r} in text",
                    "write {{ and }} for literal braces",
                )
        buffer.append(text[pos:])
        parts.append("".join(buffer))
        parts = [p for p in parts if p != ""] or [""]
        if not names:
            return Template(("".join(parts),))
        return Template(tuple(parts), frozenset(names))

    # --------------------------------------------------------------- manifest

    def load(self) -> Story | None:
        root = self.root
        manifest_path = root / MANIFEST if root.is_dir() else root
        if root.is_file():
            root = root.parent
            self.root = root
        if not manifest_path.exists():
            self.error(
                display_path(manifest_path),
                (1, 1),
                "D014",
                f"no {MANIFEST} here",
                "point at a story folder that holds story.yaml",
            )
            return None
        display, doc = self.read(manifest_path)
        if doc is None:
            return None
        if not self.expect_map(doc, display, (1, 1), "the manifest") or "story" not in doc:
            self.error(display, (1, 1), "D011", "the manifest needs a top-level 'story:' mapping")
            return None
        data = doc["story"]
        if not self.expect_map(data, display, doc.value_mark("story"), "'story'"):
            return None
        for key in doc:
            if key != "story":
                self.error(display, doc.key_mark(key), "D010", f"unknown top-level field {key!r}")
        if not self.check_fields(data, STORY_FIELDS, display, "the story"):
            return None
        if data["format"] > FORMAT_VERSION:
            self.error(
                display,
                data.value_mark("format"),
                "D012",
                f"format {data['format']} is newer than this game reads ({FORMAT_VERSION})",
                "update the game",
            )
            return None
        self.check_id(data["id"], display, data.value_mark("id"), "story id")
        self.load_stats(data, display)
        self.load_flags(data, display)
        for table, loader in (("places", self.load_places), ("facts", self.load_facts_file)):
            if table in data:
                loader(root / data[table], data, table, display)

        raw_chapters = self.read_chapters(data, display)
        chapters, scenes, choices = self.build_chapters(raw_chapters)
        start = data["start"]
        loaded = {chapter.chapter_id for chapter in raw_chapters}
        cascade = self.diags.errors and start.partition(".")[0] not in loaded
        if start not in self.scene_ids and not cascade:
            self.error(
                display,
                data.value_mark("start"),
                "D020",
                f"start names no scene {start!r}",
                "write chapter.scene",
            )
        if self.diags.errors:
            return None
        self.check_reach_endings(scenes)
        if self.diags.errors:
            return None
        digest = hashlib.sha256()
        for name, payload in self.texts:
            digest.update(name.encode() + b"\0" + payload + b"\0")
        story = Story(
            id=data["id"],
            title=data["title"],
            subtitle=data.get("subtitle", ""),
            version=data.get("version", 1),
            format=data["format"],
            start=start,
            intro=data.get("intro", "").strip(),
            stats=self.stats,
            flags=self.flags,
            chapters=chapters,
            scenes=scenes,
            choices=choices,
            notes=self.notes,
            facts=self.facts,
            places=self.places,
            root=root,
            files=[display_path(root / name) for name, _ in self.texts],
            fingerprint=digest.hexdigest()[:16],
        )
        story.chapter_index = {chapter.id: chapter for chapter in chapters}
        return story

    def load_stats(self, data: YamlMap, display: str) -> None:
        stats = data.get("stats", YamlMap())
        for name, spec in stats.items():
            mark = stats.key_mark(name)
            if not self.check_id(name, display, mark, "stat name", _NAME):
                continue
            if not self.expect_map(spec, display, stats.value_mark(name), f"stat {name!r}"):
                continue
            if not self.check_fields(spec, STAT_FIELDS, display, f"stat {name!r}"):
                continue
            low, high, start = spec["min"], spec["max"], spec["start"]
            if low > high or not low <= start <= high:
                self.error(
                    display,
                    stats.value_mark(name),
                    "D012",
                    f"stat {name!r} needs min <= start <= max (got {low}, {start}, {high})",
                )
                continue
            self.stats[name] = StatDef(name, spec["label"], start, low, high)
            self.types[name] = INT

    def load_flags(self, data: YamlMap, display: str) -> None:
        flags = data.get("flags", YamlMap())
        if isinstance(flags, YamlList):
            entries = [(name, name, flags.item_mark(i)) for i, name in enumerate(flags)]
        else:
            entries = [(name, label, flags.key_mark(name)) for name, label in flags.items()]
        for name, label, mark in entries:
            if not self.check_id(name, display, mark, "flag name", _NAME):
                continue
            if name in self.stats:
                self.error(display, mark, "D013", f"{name!r} is declared as both a stat and a flag")
                continue
            if not isinstance(label, str):
                self.error(display, mark, "D012", f"flag {name!r}: the label should be text")
                continue
            self.flags[name] = FlagDef(name, label)
            self.types[name] = BOOL

    def table(self, path: Path, key: str, manifest: YamlMap, field_name: str, display: str):
        if not path.exists():
            self.error(
                display,
                manifest.value_mark(field_name),
                "D014",
                f"{field_name} file {path.name!r} does not exist",
            )
            return None, None
        table_display, doc = self.read(path)
        if doc is None:
            return None, None
        if not isinstance(doc, YamlMap) or key not in doc:
            self.error(
                table_display, (1, 1), "D011", f"the file needs a top-level '{key}:' mapping"
            )
            return None, None
        for extra in doc:
            if extra != key:
                self.error(
                    table_display, doc.key_mark(extra), "D010", f"unknown top-level field {extra!r}"
                )
        entries = doc[key]
        if not self.expect_map(entries, table_display, doc.value_mark(key), f"'{key}'"):
            return None, None
        return table_display, entries

    def load_places(self, path: Path, manifest: YamlMap, field_name: str, display: str) -> None:
        table_display, entries = self.table(path, "places", manifest, field_name, display)
        if entries is None:
            return
        for place_id, spec in entries.items():
            mark = entries.key_mark(place_id)
            if not self.check_id(place_id, table_display, mark, "place id"):
                continue
            if not self.expect_map(spec, table_display, entries.value_mark(place_id), "a place"):
                continue
            if not self.check_fields(spec, PLACE_FIELDS, table_display, f"place {place_id!r}"):
                continue
            loc = Location(table_display, *mark)
            self.places[place_id] = Place(
                place_id,
                spec["name"],
                float(spec["lat"]),
                float(spec["lon"]),
                spec.get("label", spec["name"]),
                loc,
            )

    def load_facts_file(self, path: Path, manifest: YamlMap, field_name: str, display: str) -> None:
        table_display, entries = self.table(path, "facts", manifest, field_name, display)
        if entries is not None:
            self.load_facts(entries, table_display)

    def load_facts(self, entries: YamlMap, display: str) -> None:
        for fact_id, spec in entries.items():
            mark = entries.key_mark(fact_id)
            if not self.check_id(fact_id, display, mark, "fact id"):
                continue
            if fact_id in self.facts:
                first = self.facts[fact_id].loc
                self.error(display, mark, "D013", f"fact {fact_id!r} is already defined at {first}")
                continue
            if not self.expect_map(spec, display, entries.value_mark(fact_id), "a fact"):
                continue
            if not self.check_fields(spec, FACT_FIELDS, display, f"fact {fact_id!r}"):
                continue
            date = self.date(spec, display)
            self.facts[fact_id] = Fact(
                fact_id, spec["claim"], date, spec["source"], Location(display, *mark)
            )

    def date(self, spec: YamlMap, display: str) -> str:
        date = str(spec["date"])
        if not _DATE.match(date):
            self.error(
                display,
                spec.value_mark("date"),
                "D012",
                f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
            )
        return date

    # --------------------------------------------------------------- chapters

    def read_chapters(self, data: YamlMap, display: str) -> list[_RawChapter]:
        chapters_list = data["chapters"]
        raw: list[_RawChapter] = []
        seen_chapters: dict[str, str] = {}
        for index, name in enumerate(chapters_list):
            mark = chapters_list.item_mark(index)
            if not isinstance(name, str):
                self.error(display, mark, "D012", "a chapter entry should be a file name")
                continue
            path = (self.root / name).resolve()
            if not path.is_relative_to(self.root.resolve()):
                self.error(
                    display, mark, "D014", f"chapter file {name!r} is outside the story folder"
                )
                continue
            if not path.exists():
                self.error(display, mark, "D014", f"chapter file {name!r} does not exist")
                continue
            chapter_display, doc = self.read(path)
            if doc is None:
                continue
            if not self.expect_map(doc, chapter_display, (1, 1), "a chapter file"):
                continue
            if not self.check_fields(doc, CHAPTER_FILE_FIELDS, chapter_display, "the chapter file"):
                continue
            header = doc["chapter"]
            if not self.check_fields(header, CHAPTER_FIELDS, chapter_display, "the chapter"):
                continue
            chapter_id = header["id"]
            if not self.check_id(
                chapter_id, chapter_display, header.value_mark("id"), "chapter id"
            ):
                continue
            if chapter_id in seen_chapters:
                self.error(
                    chapter_display,
                    header.value_mark("id"),
                    "D013",
                    f"chapter id {chapter_id!r} is already used by {seen_chapters[chapter_id]}",
                )
                continue
            seen_chapters[chapter_id] = chapter_display
            raw.append(_RawChapter(doc, chapter_display, chapter_id, header, doc["scenes"], index))
            if "facts" in doc:
                self.load_facts(doc["facts"], chapter_display)
            for scene_id in doc["scenes"]:
                mark = doc["scenes"].key_mark(scene_id)
                if self.check_id(scene_id, chapter_display, mark, "scene id"):
                    self.scene_ids[f"{chapter_id}.{scene_id}"] = Location(chapter_display, *mark)
        for chapter in raw:
            self.register_choices(chapter)
            if "notes" in chapter.data:
                self.load_notes(chapter)
        self.check_note_facts()
        return raw

    def check_note_facts(self) -> None:
        for note in self.notes.values():
            for fact_id in note.facts:
                if fact_id not in self.facts:
                    close = difflib.get_close_matches(fact_id, list(self.facts), n=1)
                    self.error(
                        note.loc.path,
                        (note.loc.line, note.loc.col),
                        "D026",
                        f"note {note.id!r} cites an unknown fact {fact_id!r}",
                        f"did you mean {close[0]!r}?" if close else "add it to the facts registry",
                    )

    def register_choices(self, chapter: _RawChapter) -> None:
        for scene_id, scene in chapter.scenes.items():
            if not isinstance(scene, YamlMap) or not isinstance(scene.get("choices"), YamlList):
                continue
            seen: dict[str, Location] = {}
            for choice in scene["choices"]:
                if not isinstance(choice, YamlMap) or not isinstance(choice.get("id"), str):
                    continue
                choice_id = choice["id"]
                mark = choice.value_mark("id")
                if choice_id in seen:
                    self.error(
                        chapter.display,
                        mark,
                        "D013",
                        f"choice id {choice_id!r} is already used in this scene at line "
                        f"{seen[choice_id].line}",
                        "choice ids are stable names: give each its own",
                    )
                    self.duplicate_choices.add(id(choice))
                    continue
                seen[choice_id] = Location(chapter.display, *mark)
                self.choice_ids.add(f"{chapter.chapter_id}.{scene_id}.{choice_id}")

    def load_notes(self, chapter: _RawChapter) -> None:
        display = chapter.display
        notes = chapter.data["notes"]
        for note_id, spec in notes.items():
            mark = notes.key_mark(note_id)
            if not self.check_id(note_id, display, mark, "note id"):
                continue
            if note_id in self.notes:
                first = self.notes[note_id].loc
                self.error(display, mark, "D013", f"note {note_id!r} is already defined at {first}")
                continue
            if not self.expect_map(spec, display, notes.value_mark(note_id), "a note"):
                continue
            if not self.check_fields(spec, NOTE_FIELDS, display, f"note {note_id!r}"):
                continue
            kind = spec["kind"]
            if kind not in NOTE_KINDS:
                self.error(
                    display,
                    spec.value_mark("kind"),
                    "D012",
                    f"note kind {kind!r} should be history or counterfactual",
                )
            sources = self.strings(spec, "sources", display, f"note {note_id!r}")
            if not sources:
                self.error(
                    display,
                    spec.value_mark("sources"),
                    "D012",
                    f"note {note_id!r} needs at least one source",
                )
            facts = self.strings(spec, "facts", display, f"note {note_id!r}")
            self.notes[note_id] = Note(
                note_id,
                spec["title"],
                kind,
                spec["text"].strip(),
                tuple(sources),
                tuple(facts),
                chapter.chapter_id,
                Location(display, *mark),
            )

    def strings(self, spec: YamlMap, name: str, display: str, what: str) -> list[str]:
        values = spec.get(name, YamlList())
        result = []
        for index, value in enumerate(values):
            if isinstance(value, str) and value.strip():
                result.append(value)
            else:
                self.error(
                    display, values.item_mark(index), "D012", f"{what}: {name} should be text"
                )
        return result

    def build_chapters(self, raw_chapters: list[_RawChapter]):
        chapters: list[Chapter] = []
        scenes: dict[str, Scene] = {}
        choices: dict[str, Choice] = {}
        for raw in raw_chapters:
            header = raw.header
            place = header["place"]
            if self.places and place not in self.places:
                close = difflib.get_close_matches(place, list(self.places), n=1)
                self.error(
                    raw.display,
                    header.value_mark("place"),
                    "D025",
                    f"unknown place {place!r}",
                    f"did you mean {close[0]!r}?" if close else "add it to the places table",
                )
            date = self.date(header, raw.display)
            scene_order = []
            for scene_id, spec in raw.scenes.items():
                full_id = f"{raw.chapter_id}.{scene_id}"
                if full_id not in self.scene_ids:
                    continue
                scene = self.build_scene(raw, scene_id, spec)
                if scene is not None:
                    scenes[full_id] = scene
                    scene_order.append(full_id)
                    for choice in scene.choices:
                        choices[choice.full_id] = choice
            loc = Location(raw.display, *raw.data.key_mark("chapter"))
            chapters.append(
                Chapter(
                    raw.chapter_id,
                    header["title"],
                    place,
                    date,
                    header["viewpoint"],
                    raw.display,
                    tuple(scene_order),
                    loc,
                )
            )
            if not raw.scenes:
                self.error(
                    raw.display, raw.data.value_mark("scenes"), "D011", "the chapter has no scenes"
                )
        return chapters, scenes, choices

    def resolve_scene(self, chapter_id: str, ref: str) -> str | None:
        full = ref if "." in ref else f"{chapter_id}.{ref}"
        return full if full in self.scene_ids else None

    def resolve_choice(self, chapter_id: str, scene_id: str, ref: str) -> str | None:
        dots = ref.count(".")
        if dots == 0:
            full = f"{chapter_id}.{scene_id}.{ref}"
        elif dots == 1:
            full = f"{chapter_id}.{ref}"
        else:
            full = ref
        return full if full in self.choice_ids else None

    def expression(self, source, display, mark, chapter_id, scene_id, want, what):
        if not isinstance(source, str):
            source = str(source).lower() if isinstance(source, bool) else str(source)
        try:
            return compile_expression(
                source,
                self.types,
                lambda ref: self.resolve_scene(chapter_id, ref),
                lambda ref: self.resolve_choice(chapter_id, scene_id, ref),
                want=want,
            )
        except ExpressionError as exc:
            message = str(exc)
            code = "D027" if "names no" in message else "D022"
            if code == "D022" and "unknown name" in message:
                hint = "declare it under stats or flags in story.yaml"
            else:
                hint = f"at character {exc.offset + 1} of {source!r}"
            self.error(display, mark, code, f"{what}: {message}", hint)
            return None

    def build_scene(self, raw: _RawChapter, scene_id: str, spec) -> Scene | None:
        display = raw.display
        mark = raw.scenes.key_mark(scene_id)
        full_id = f"{raw.chapter_id}.{scene_id}"
        if not self.expect_map(
            spec, display, raw.scenes.value_mark(scene_id), f"scene {scene_id!r}"
        ):
            return None
        self.check_fields(spec, SCENE_FIELDS, display, f"scene {scene_id!r}")
        text = self.template(spec.get("text", "").strip(), display, spec.value_mark("text"))
        has_choices = "choices" in spec
        ending = None
        if "ending" in spec:
            if has_choices:
                self.error(
                    display,
                    spec.key_mark("ending"),
                    "D012",
                    f"scene {scene_id!r} has both choices and an ending",
                    "a scene either offers choices or ends the story",
                )
            ending = self.build_ending(spec["ending"], display, f"scene {scene_id!r}")
        elif not has_choices or not spec["choices"]:
            self.error(
                display,
                mark,
                "D011",
                f"scene {scene_id!r} has neither choices nor an ending",
                "add 'choices:' or 'ending:'",
            )
        choices = []
        for index, choice_spec in enumerate(spec.get("choices", ())):
            choice_mark = spec["choices"].item_mark(index)
            choice = self.build_choice(raw, scene_id, choice_spec, choice_mark)
            if choice is not None:
                choices.append(choice)
        historical = [c for c in choices if c.historical]
        if spec.get("key") and len(historical) != 1:
            self.error(
                display,
                spec.key_mark("key"),
                "D012",
                f"key scene {scene_id!r} needs exactly one historical choice, "
                f"has {len(historical)}",
                "mark the choice history took with 'historical: true'",
            )
        return Scene(
            full_id,
            scene_id,
            raw.chapter_id,
            spec.get("title", ""),
            text,
            bool(spec.get("key", False)),
            spec.get("history", "").strip(),
            tuple(choices),
            ending,
            Location(display, *mark),
        )

    def build_ending(self, spec, display: str, what: str) -> Ending | None:
        if not self.expect_map(spec, display, (1, 1), f"{what}: ending"):
            return None
        if not self.check_fields(spec, ENDING_FIELDS, display, f"{what}: ending"):
            return None
        kind = spec["kind"]
        if kind not in ENDING_KINDS:
            self.error(
                display,
                spec.value_mark("kind"),
                "D012",
                f"ending kind {kind!r} should be historical or counterfactual",
            )
        epilogue = self.template(spec["epilogue"].strip(), display, spec.value_mark("epilogue"))
        return Ending(spec["title"], kind, epilogue)

    def build_choice(self, raw: _RawChapter, scene_id: str, spec, mark) -> Choice | None:
        display = raw.display
        if not self.expect_map(spec, display, mark, "a choice"):
            return None
        if not self.check_fields(spec, CHOICE_FIELDS, display, "a choice"):
            return None
        choice_id = spec["id"]
        if id(spec) in self.duplicate_choices or not self.check_id(
            choice_id, display, spec.value_mark("id"), "choice id"
        ):
            return None
        what = f"choice {choice_id!r}"
        full_id = f"{raw.chapter_id}.{scene_id}.{choice_id}"
        condition = None
        if "if" in spec:
            condition = self.expression(
                spec["if"],
                display,
                spec.value_mark("if"),
                raw.chapter_id,
                scene_id,
                BOOL,
                f"{what} if",
            )
        elif "locked" in spec:
            self.error(
                display,
                spec.key_mark("locked"),
                "D012",
                f"{what} has a locked reason but no 'if' condition",
                "add the condition under which the choice is open",
            )
        goto = None
        branches: tuple[Branch, ...] = ()
        if "goto" in spec and "random" in spec:
            self.error(display, spec.key_mark("random"), "D012", f"{what} has both goto and random")
        elif "goto" in spec:
            goto = self.target(spec["goto"], raw.chapter_id, display, spec.value_mark("goto"), what)
        elif "random" in spec:
            branches = self.build_branches(raw, scene_id, spec["random"], what)
        else:
            self.error(display, mark, "D011", f"{what} needs 'goto' or 'random'")
        note = spec["note"]
        if note not in self.notes:
            close = difflib.get_close_matches(note, list(self.notes), n=1)
            self.error(
                display,
                spec.value_mark("note"),
                "D024",
                f"{what} names an unknown note {note!r}",
                f"did you mean {close[0]!r}?" if close else "define it under 'notes:'",
            )
        effects = self.build_effects(spec.get("effects"), raw, scene_id, display, what)
        return Choice(
            id=choice_id,
            full_id=full_id,
            scene=f"{raw.chapter_id}.{scene_id}",
            text=self.template(spec["text"].strip(), display, spec.value_mark("text")),
            condition=condition,
            locked=spec.get("locked"),
            once=bool(spec.get("once", False)),
            effects=effects,
            outcome=self.template(spec["outcome"].strip(), display, spec.value_mark("outcome")),
            note=note,
            goto=goto,
            branches=branches,
            historical=bool(spec.get("historical", False)),
            loc=Location(display, *mark),
        )

    def target(self, ref: str, chapter_id: str, display: str, mark, what: str) -> str | None:
        full = self.resolve_scene(chapter_id, ref)
        if full is None:
            wanted = ref if "." in ref else f"{chapter_id}.{ref}"
            close = difflib.get_close_matches(wanted, list(self.scene_ids), n=1)
            self.error(
                display,
                mark,
                "D020",
                f"{what}: goto names no scene {ref!r}",
                f"did you mean {close[0]!r}?" if close else "write scene or chapter.scene",
            )
        return full

    def build_branches(self, raw: _RawChapter, scene_id: str, items: YamlList, what: str):
        display = raw.display
        branches = []
        if not items:
            self.error(display, items.mark, "D012", f"{what}: random needs at least one branch")
        for index, spec in enumerate(items):
            mark = items.item_mark(index)
            if not self.expect_map(spec, display, mark, "a random branch"):
                continue
            if not self.check_fields(spec, BRANCH_FIELDS, display, f"{what}: a random branch"):
                continue
            if spec["weight"] <= 0:
                self.error(
                    display, spec.value_mark("weight"), "D012", "a branch weight must be positive"
                )
                continue
            goto = self.target(spec["goto"], raw.chapter_id, display, spec.value_mark("goto"), what)
            outcome = None
            if "outcome" in spec:
                outcome = self.template(
                    spec["outcome"].strip(), display, spec.value_mark("outcome")
                )
            effects = self.build_effects(spec.get("effects"), raw, scene_id, display, what)
            branches.append(
                Branch(spec["weight"], goto, outcome, effects, Location(display, *mark))
            )
        return tuple(branches)

    def build_effects(self, spec, raw: _RawChapter, scene_id: str, display: str, what: str):
        if not spec:
            return ()
        effects = []
        for name, value in spec.items():
            mark = spec.value_mark(name)
            loc = Location(display, *mark)
            if name in self.flags:
                if not isinstance(value, bool):
                    self.error(
                        display,
                        mark,
                        "D023",
                        f"{what}: flag {name!r} takes true or false, not {value!r}",
                    )
                    continue
                effects.append(Effect(name, "flag", None, value, loc))
            elif name in self.stats:
                if isinstance(value, bool) or not isinstance(value, (int, str)):
                    self.error(
                        display,
                        mark,
                        "D023",
                        f"{what}: stat {name!r} takes a number or an expression, not {value!r}",
                        'write 1, -2, "= 5" or "+ other_stat"',
                    )
                    continue
                if isinstance(value, int):
                    effects.append(Effect(name, "add", None, value, loc))
                    continue
                text = value.strip()
                kind = "set" if text.startswith("=") else "add"
                body = text[1:] if text[:1] in "=+" else text
                if text.startswith("-"):
                    body = f"-({text[1:]})"
                expr = self.expression(
                    body, display, mark, raw.chapter_id, scene_id, INT, f"{what} effect on {name}"
                )
                if expr is not None:
                    effects.append(Effect(name, kind, expr, 0, loc))
            else:
                close = difflib.get_close_matches(name, list(self.types), n=1)
                self.error(
                    display,
                    spec.key_mark(name),
                    "D021",
                    f"{what}: effect on unknown stat or flag {name!r}",
                    f"did you mean {close[0]!r}?" if close else "declare it in story.yaml",
                )
        return tuple(effects)

    # ----------------------------------------------------------- graph checks

    def check_reach_endings(self, scenes: dict[str, Scene]) -> None:
        """A scene from which no ending can be reached, whatever the conditions, is an error."""
        incoming: dict[str, list[str]] = {scene_id: [] for scene_id in scenes}
        for scene in scenes.values():
            for choice in scene.choices:
                for target in choice.targets:
                    if target in incoming:
                        incoming[target].append(scene.id)
        good = {scene_id for scene_id, scene in scenes.items() if scene.ending is not None}
        queue = deque(good)
        while queue:
            for source in incoming[queue.popleft()]:
                if source not in good:
                    good.add(source)
                    queue.append(source)
        for scene_id, scene in scenes.items():
            if scene_id not in good and scene.choices:
                self.error(
                    scene.loc.path,
                    (scene.loc.line, scene.loc.col),
                    "D030",
                    f"no ending can be reached from scene {scene_id!r}",
                    "every path needs a way out: add a goto towards an ending",
                )


def _settle_as_long_lived() -> None:
    """Move what loading made straight to the collector's oldest generation.

    A story lives as long as the game, so scanning its objects as young ones, as the first
    collection after loading would, is wasted work that grows faster than the story (a
    cache-missing pass over every object: 0.28 s of a 10,000-scene load). Freezing and
    unfreezing moves every tracked object into the oldest generation, which only full
    collections scan; nothing is made immortal.
    """
    gc.freeze()
    gc.unfreeze()


def check_story(path: Path | str) -> tuple[Story | None, list]:
    """Load a story folder; return the story (or None) and every diagnostic."""
    loader = _Loader(Path(path))
    # Loading allocates many small objects and frees none: the cyclic collector would only
    # rescan them again and again (it made a 10,000-scene load 60% slower).
    collecting = gc.isenabled()
    gc.disable()
    try:
        story = loader.load()
    finally:
        if collecting:
            _settle_as_long_lived()
            gc.enable()
    return story, loader.diags.sorted()


def load_story(path: Path | str) -> Story:
    story, diagnostics = check_story(path)
    if story is None:
        raise StoryError(diagnostics)
    return story
