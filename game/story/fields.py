"""Every field of every story file, in one table.

The loader validates from it, `authoring/schema.py` builds the JSON Schemas from it and
the field reference in docs/writing-scenes.md is generated from it (a test keeps the
guide in step), so a field is specified once: name, type, whether it is required, what
it means and, where the type is not enough, the shape of its value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from game.frozen import frozen
from game.story.yamlfile import YamlList, YamlMap

FORMAT_VERSION = 1

# Ids (scenes, choices, chapters, notes, facts, places) and names (stats, flags), anchored
# as JSON Schema reads them. Python matches the bare forms with `fullmatch`: an anchored
# `re.match` would let a trailing newline through (`$` matches before a final newline).
ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]*$"
NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$"
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
ID = re.compile(ID_PATTERN[1:-1])
NAME = re.compile(NAME_PATTERN[1:-1])
DATE = re.compile(DATE_PATTERN[1:-1])
ID_RULE = "letters, digits, '-' and '_'"
NAME_RULE = "letters, digits and '_', not starting with a digit"

# A stat takes at most this many values (max - min + 1): the checker and the playtest
# reason over every value, and a player reads a stat as a small count.
MAX_STAT_VALUES = 1001
# Where a place can be: (low, high) in degrees.
COORDINATES = {"lat": (-90, 90), "lon": (-180, 180)}

NOTE_KINDS = ("history", "counterfactual")
ENDING_KINDS = ("historical", "counterfactual")

TEXT = (str,)
INTEGER = (int,)
BOOLEAN = (bool,)
MAPPING = (YamlMap,)
LIST = (YamlList,)
DATEISH = (str, int)
NUMBER = (int, float)
PROSE = (str, YamlList, YamlMap)  # text, or a list of parts (game/story/variants.py)
_PROSE_REF = {"$ref": "#/$defs/prose"}

TYPE_NAMES = {
    str: "text",
    int: "an integer",
    bool: "true or false",
    float: "a number",
    YamlMap: "a mapping",
    YamlList: "a list",
}


@frozen
class Field:
    """One field of a story file: what the loader accepts and the guide documents."""

    name: str
    types: tuple[type, ...]
    required: bool | str  # True, False, or "one of" (an alternative to a sibling field)
    description: str
    # JSON Schema of the value, where the type is not enough
    shape: Mapping[str, object] | None = None

    @property
    def needed(self) -> bool:
        return self.required is True

    @property
    def required_text(self) -> str:
        if self.required is True:
            return "yes"
        return self.required or "no"


def _table(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


_DATE_REF = {"$ref": "#/$defs/date"}
# What a choice's `note:` may say instead of a note id.
NOTE_OF_SCENE = "scene"
NO_NOTE = "none"
_DATE_TEXT = "YYYY, YYYY-MM or YYYY-MM-DD."

STORY = _table(
    Field("id", TEXT, True, "Stable id of the story: saves name the story they belong to.",
          {"type": "string", "pattern": ID_PATTERN}),
    Field("title", TEXT, True, "The story's title, shown on the title screen."),
    Field("subtitle", TEXT, False, "A line under the title."),
    Field("version", INTEGER, False, "The story's own version, for saves."),
    Field("format", INTEGER, True, "The scene-format version this folder is written in (1).",
          {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION}),
    Field("start", TEXT, True, "chapter.scene where a new game begins.",
          {"type": "string", "pattern": r"^[^.]+\.[^.]+$"}),
    Field("intro", TEXT, False, "Shown on the title screen and before play."),
    Field("history", BOOLEAN, False,
          "false: a story that is not history. Choices need no notes, endings no kind, and "
          "no 'what really happened' label is shown (default true)."),
    Field("stats", MAPPING, False,
          "Bounded integers the player sees: name -> {label, start, min, max}.",
          {"type": "object", "propertyNames": {"pattern": NAME_PATTERN},
           "additionalProperties": {"$ref": "#/$defs/stat"}}),
    Field("flags", (YamlMap, YamlList), False,
          "Booleans, false at the start: name -> label (or a list of names).",
          {"oneOf": [
              {"type": "object", "propertyNames": {"pattern": NAME_PATTERN},
               "additionalProperties": {"type": "string"}},
              {"type": "array", "items": {"type": "string", "pattern": NAME_PATTERN}},
          ]}),
    Field("chapters", LIST, True, "Chapter files, in play order.",
          {"type": "array", "items": {"type": "string"}, "minItems": 1}),
    Field("facts", TEXT, False, "The facts registry file (optional)."),
    Field("places", TEXT, False, "The places table file (optional)."),
)  # fmt: skip

STAT = _table(
    Field("label", TEXT, True, "What the player sees."),
    Field("start", INTEGER, True, "The value at the start."),
    Field("min", INTEGER, True, "Effects never take it below this."),
    Field("max", INTEGER, True, "Effects never take it above this."),
)

CHAPTER_FILE = _table(
    Field("chapter", MAPPING, True, "The chapter's header: id, title, place, date, viewpoint."),
    Field("scenes", MAPPING, True, "The chapter's scenes by id, the first is where it starts."),
    Field("notes", MAPPING, False, "Notes unlocked by this chapter's choices, by id."),
    Field("facts", MAPPING, False, "More facts, merged into the registry, by id."),
)

CHAPTER = _table(
    Field("id", TEXT, True, "Letters, digits, '-' and '_'; unique in the story.",
          {"type": "string", "pattern": ID_PATTERN}),
    Field("title", TEXT, True, "The chapter's title."),
    Field("place", TEXT, False, "An id from the places table (optional; lint hints at it).",
          {"type": "string", "pattern": ID_PATTERN}),
    Field("date", DATEISH, False, _DATE_TEXT + " Optional; lint hints at it.", _DATE_REF),
    Field("viewpoint", TEXT, False,
          "Who the player is in this chapter ('a MiG-15 pilot of ...'). Optional."),
    Field("recap", PROSE, False,
          "Looks back at the player's path when the chapter begins (prose: its conditions "
          "can ask what was chosen).", _PROSE_REF),
)  # fmt: skip

SCENE = _table(
    Field("title", TEXT, False, "Shown above the scene's text (optional)."),
    Field("text", PROSE, False,
          "Prose in plain text with light Markdown; {stat} shows a stat; variants and "
          "conditional parts make it answer back (see 'Prose that answers back').",
          _PROSE_REF),
    Field("date", DATEISH, False, "When the scene happens, if not on the chapter's date.",
          _DATE_REF),
    Field("key", BOOLEAN, False,
          "A key decision: the ending compares the player's choice with history."),
    Field("history", TEXT, False, "What history did here (key scenes)."),
    Field("note", TEXT, False, "The note of every choice here that says 'note: scene'.",
          {"type": "string", "pattern": ID_PATTERN}),
    Field("choices", LIST, "one of",
          "What the player can do; a scene has choices, a 'continue' or an ending.",
          {"type": "array", "items": {"$ref": "#/$defs/choice"}, "minItems": 1}),
    Field("continue", TEXT, "one of",
          "A page break: the scene offers only 'Continue', which goes to this scene. It is "
          "not a choice: no note, no step in the history."),
    Field("ending", MAPPING, "one of", "Ends the story here; a scene has choices or an ending.",
          {"$ref": "#/$defs/ending"}),
    Field("on_arrival", MAPPING, False,
          "Effects applied every time the story enters this scene, after the choice's own.",
          {"$ref": "#/$defs/effects"}),
    Field("on_first_arrival", MAPPING, False,
          "Effects applied the first time the story enters this scene, after 'on_arrival'.",
          {"$ref": "#/$defs/effects"}),
)  # fmt: skip

CHOICE = _table(
    Field("id", TEXT, True, "Stable id, unique in its scene: saves depend on it, never renumber.",
          {"type": "string", "pattern": ID_PATTERN}),
    Field("text", TEXT, True, "What the player picks."),
    Field("outcome", PROSE, True, "What follows the choice (prose).", _PROSE_REF),
    Field("note", TEXT, False,
          "The id of the note shown after the outcome and unlocked in the journal; 'scene' "
          "for the scene's note, 'none' for no note. A history story needs it on every choice.",
          {"type": "string", "pattern": ID_PATTERN}),
    Field("goto", TEXT, "one of",
          "The next scene: scene (same chapter) or chapter.scene. With 'call', where the "
          "story goes when the called scenes return."),
    Field("random", LIST, "one of", "Weighted branches instead of goto.",
          {"type": "array", "items": {"$ref": "#/$defs/branch"}, "minItems": 1}),
    Field("choices", LIST, "one of",
          "A follow-up choice written inline: after the outcome these choices are offered, "
          "as a scene of their own without a name.",
          {"type": "array", "items": {"$ref": "#/$defs/choice"}, "minItems": 1}),
    Field("call", TEXT, "one of",
          "A reusable scene (tunnel): play it until a choice with 'return: true', then go "
          "to 'goto', or back to this scene without one."),
    Field("return", BOOLEAN, "one of",
          "true: leave the called scenes and go back to where they were called from."),
    Field("effects", MAPPING, False, "Changes to stats and flags, applied in order.",
          {"$ref": "#/$defs/effects"}),
    Field("historical", BOOLEAN, False, "true on the choice history took."),
    Field("diverges", BOOLEAN, False,
          "true: taking it leaves history, as a key decision against history does "
          "(diverged() is true from then on)."),
    Field("once", BOOLEAN, False, "true: gone from the scene after it has been chosen."),
    Field("locked", TEXT, False,
          "The reason shown beside the choice while its condition is false."),
    Field("if", TEXT, False,
          "A condition; when false the choice is hidden, or locked if 'locked' is given."),
)  # fmt: skip

BRANCH = _table(
    Field("weight", INTEGER, True, "A positive integer: the branch's share of the draw.",
          {"type": "integer", "minimum": 1}),
    Field("goto", TEXT, True, "The next scene: scene or chapter.scene."),
    Field("outcome", PROSE, False, "Shown after the choice's outcome (prose).", _PROSE_REF),
    Field("effects", MAPPING, False, "Applied after the choice's own effects.",
          {"$ref": "#/$defs/effects"}),
)  # fmt: skip

ENDING = _table(
    Field("title", TEXT, True, "The ending's title."),
    Field(
        "kind",
        TEXT,
        False,
        "historical or counterfactual; required in a history story.",
        {"enum": list(ENDING_KINDS)},
    ),
    Field(
        "epilogue",
        PROSE,
        True,
        "What became of the people, and what history did instead (prose).",
        _PROSE_REF,
    ),
)

NOTE = _table(
    Field("title", TEXT, True, "The note's title in the journal."),
    Field("kind", TEXT, True,
          "history (what really happened) or counterfactual (what might have).",
          {"enum": list(NOTE_KINDS)}),
    Field("text", PROSE, True,
          "About 120 words at most. Prose like a scene's: its variants read the moment of "
          "the choice that unlocked the note.", _PROSE_REF),
    Field("sources", LIST, True, "One or more named sources.",
          {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}),
    Field("facts", LIST, False, "Ids from the facts registry that a history note cites.",
          {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}),
)  # fmt: skip

FACT = _table(
    Field("claim", TEXT, True, "The dated claim."),
    Field("date", DATEISH, True, _DATE_TEXT, _DATE_REF),
    Field("source", TEXT, True, "The best source for it."),
)

PLACE = _table(
    Field("name", TEXT, True, "The place's name."),
    Field("lat", NUMBER, True, "Latitude in degrees.",
          {"type": "number", "minimum": -90, "maximum": 90}),
    Field("lon", NUMBER, True, "Longitude in degrees.",
          {"type": "number", "minimum": -180, "maximum": 180}),
    Field("label", TEXT, False, "A short label for the map (default: the name)."),
)  # fmt: skip

# Every table by the name the schema's $defs and the guide's reference use.
TABLES: dict[str, dict[str, Field]] = {
    "story": STORY,
    "stat": STAT,
    "chapter file": CHAPTER_FILE,
    "chapter": CHAPTER,
    "scene": SCENE,
    "choice": CHOICE,
    "branch": BRANCH,
    "ending": ENDING,
    "note": NOTE,
    "fact": FACT,
    "place": PLACE,
}

# Where each table lives, as the guide's reference names it.
TITLES = {
    "story": "The manifest, `story.yaml`, under `story:`",
    "stat": "A stat, under `stats:` in the manifest",
    "chapter file": "A chapter file, at its top level",
    "chapter": "A chapter's header, under `chapter:`",
    "scene": "A scene, under `scenes:`",
    "choice": "A choice, under a scene's `choices:`",
    "branch": "A weighted random branch, under a choice's `random:`",
    "ending": "An ending, under a scene's `ending:`",
    "note": "A note, under `notes:`",
    "fact": "A fact, under `facts:` (the registry or a chapter file)",
    "place": "A place, under `places:` in the places table",
}


_NEEDED: dict[int, tuple[dict[str, Field], tuple[str, ...]]] = {}


def needed_names(table: dict[str, Field]) -> tuple[str, ...]:
    """The fields a table requires, in its order; worked out once per table (kept beside
    it, so its id stays its own)."""
    found = _NEEDED.get(id(table))
    if found is None or found[0] is not table:
        found = _NEEDED[id(table)] = (table, tuple(f.name for f in table.values() if f.needed))
    return found[1]


def type_name(value: object) -> str:
    """What a value is, in a writer's words: 'text', 'a list', 'nothing'."""
    if value is None:
        return "nothing"
    return TYPE_NAMES.get(type(value), type(value).__name__)


def expected(types: tuple[type, ...]) -> str:
    return " or ".join(TYPE_NAMES.get(t, t.__name__) for t in types)


def _type_words(types: tuple[type, ...]) -> str:
    words = {
        str: "text",
        int: "integer",
        bool: "true/false",
        float: "number",
        YamlMap: "mapping",
        YamlList: "list",
    }
    if types == NUMBER:
        return "number"
    if types == PROSE:
        return "prose"
    return " or ".join(words[t] for t in types)


def markdown_reference() -> str:
    """The guide's field reference: one table per kind of mapping, from this module."""
    lines: list[str] = []
    for name, table in TABLES.items():
        lines += [f"#### {TITLES[name]}", "", "| field | type | required | meaning |"]
        lines.append("|---|---|---|---|")
        for f in table.values():
            meaning = f.description.replace("|", "\\|")
            lines.append(f"| `{f.name}` | {_type_words(f.types)} | {f.required_text} | {meaning} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
