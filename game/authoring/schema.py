"""JSON Schemas of the story files, for editors running yaml-language-server.

Built from the loader's own field tables, so a field the loader learns shows up here;
the descriptions are the guide's, shortened. The loader stays the judge (it checks ids
across files, expressions and gotos); the schema gives completion and catches typos and
wrong types as the writer types.
"""

from __future__ import annotations

import json

from game.story import loader
from game.story.yamlfile import YamlList, YamlMap

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

DESCRIPTIONS = {
    "story": {
        "id": "Stable id of the story: saves name the story they belong to.",
        "title": "The story's title, shown on the title screen.",
        "subtitle": "A line under the title.",
        "version": "The story's own version, for saves.",
        "format": "The scene-format version this folder is written in (1).",
        "start": "chapter.scene where a new game begins.",
        "intro": "Shown on the title screen and before play.",
        "stats": "Bounded integers the player sees: name -> {label, start, min, max}.",
        "flags": "Booleans, false at the start: name -> label (or a list of names).",
        "chapters": "Chapter files, in play order.",
        "facts": "The facts registry file (optional).",
        "places": "The places table file (optional).",
    },
    "stat": {
        "label": "What the player sees.",
        "start": "The value at the start.",
        "min": "Effects never take it below this.",
        "max": "Effects never take it above this.",
    },
    "chapter": {
        "id": "Letters, digits, '-' and '_'; unique in the story.",
        "title": "The chapter's title.",
        "place": "An id from the places table.",
        "date": "YYYY, YYYY-MM or YYYY-MM-DD.",
        "viewpoint": "Who the player is in this chapter ('a MiG-15 pilot of ...').",
    },
    "scene": {
        "title": "Shown above the scene's text (optional).",
        "text": "Prose in plain text with light Markdown; {stat} shows a stat.",
        "key": "A key decision: the ending compares the player's choice with history.",
        "history": "What history did here (key scenes).",
        "choices": "What the player can do; a scene has choices or an ending.",
        "ending": "Ends the story here; a scene has choices or an ending.",
    },
    "choice": {
        "id": "Stable id, unique in its scene: saves depend on it, never renumber.",
        "text": "What the player picks.",
        "outcome": "What follows the choice.",
        "note": "The id of the note shown after the outcome and unlocked in the journal.",
        "goto": "The next scene: scene (same chapter) or chapter.scene.",
        "random": "Weighted branches instead of goto.",
        "effects": "Changes to stats and flags, applied in order.",
        "historical": "true on the choice history took.",
        "once": "true: gone from the scene after it has been chosen.",
        "locked": "The reason shown beside the choice while its condition is false.",
        "if": "A condition; when false the choice is hidden, or locked if 'locked' is given.",
    },
    "branch": {
        "weight": "A positive integer: the branch's share of the draw.",
        "goto": "The next scene: scene or chapter.scene.",
        "outcome": "Shown after the choice's outcome.",
        "effects": "Applied after the choice's own effects.",
    },
    "ending": {
        "title": "The ending's title.",
        "kind": "historical or counterfactual.",
        "epilogue": "What became of the people, and what history did instead.",
    },
    "note": {
        "title": "The note's title in the journal.",
        "kind": "history (what really happened) or counterfactual (what might have).",
        "text": "About 120 words at most.",
        "sources": "One or more named sources.",
        "facts": "Ids from the facts registry that a history note cites.",
    },
    "fact": {
        "claim": "The dated claim.",
        "date": "YYYY, YYYY-MM or YYYY-MM-DD.",
        "source": "The best source for it.",
    },
    "place": {
        "name": "The place's name.",
        "lat": "Latitude in degrees.",
        "lon": "Longitude in degrees.",
        "label": "A short label for the map (default: the name).",
    },
}

# Value shapes beyond the plain type, by (table, field).
SHAPES = {
    ("story", "id"): {"type": "string", "pattern": ID},
    ("story", "start"): {"type": "string", "pattern": r"^[^.]+\.[^.]+$"},
    ("story", "format"): {"type": "integer", "minimum": 1, "maximum": loader.FORMAT_VERSION},
    ("story", "stats"): {
        "type": "object",
        "propertyNames": {"pattern": NAME},
        "additionalProperties": {"$ref": "#/$defs/stat"},
    },
    ("story", "flags"): {
        "oneOf": [
            {
                "type": "object",
                "propertyNames": {"pattern": NAME},
                "additionalProperties": {"type": "string"},
            },
            {"type": "array", "items": {"type": "string", "pattern": NAME}},
        ]
    },
    ("story", "chapters"): {"type": "array", "items": {"type": "string"}, "minItems": 1},
    ("chapter", "id"): {"type": "string", "pattern": ID},
    ("chapter", "place"): {"type": "string", "pattern": ID},
    ("chapter", "date"): {"$ref": "#/$defs/date"},
    ("scene", "choices"): {"type": "array", "items": {"$ref": "#/$defs/choice"}, "minItems": 1},
    ("scene", "ending"): {"$ref": "#/$defs/ending"},
    ("choice", "id"): {"type": "string", "pattern": ID},
    ("choice", "note"): {"type": "string", "pattern": ID},
    ("choice", "random"): {"type": "array", "items": {"$ref": "#/$defs/branch"}, "minItems": 1},
    ("choice", "effects"): {"$ref": "#/$defs/effects"},
    ("branch", "weight"): {"type": "integer", "minimum": 1},
    ("branch", "effects"): {"$ref": "#/$defs/effects"},
    ("ending", "kind"): {"enum": list(loader.ENDING_KINDS)},
    ("note", "kind"): {"enum": list(loader.NOTE_KINDS)},
    ("note", "sources"): {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "minItems": 1,
    },
    ("note", "facts"): {"type": "array", "items": {"type": "string", "pattern": ID}},
    ("fact", "date"): {"$ref": "#/$defs/date"},
    ("place", "lat"): {"type": "number", "minimum": -90, "maximum": 90},
    ("place", "lon"): {"type": "number", "minimum": -180, "maximum": 180},
}

TABLES = {
    "story": loader.STORY_FIELDS,
    "stat": loader.STAT_FIELDS,
    "chapter": loader.CHAPTER_FIELDS,
    "scene": loader.SCENE_FIELDS,
    "choice": loader.CHOICE_FIELDS,
    "branch": loader.BRANCH_FIELDS,
    "ending": loader.ENDING_FIELDS,
    "note": loader.NOTE_FIELDS,
    "fact": loader.FACT_FIELDS,
    "place": loader.PLACE_FIELDS,
}

_PLAIN = {str: "string", int: "integer", bool: "boolean", float: "number"}


def _plain(types) -> dict:
    names = []
    for kind in types:
        if kind is YamlMap:
            names.append("object")
        elif kind is YamlList:
            names.append("array")
        else:
            names.append(_PLAIN[kind])
    if names == ["integer", "number"]:
        names = ["number"]
    return {"type": names[0] if len(names) == 1 else names}


def _table(name: str) -> dict:
    properties = {}
    required = []
    for field, (needed, types) in TABLES[name].items():
        shape = dict(SHAPES.get((name, field)) or _plain(types))
        shape["description"] = DESCRIPTIONS[name][field]
        properties[field] = shape
        if needed:
            required.append(field)
    table = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        table["required"] = required
    return table


def _defs() -> dict:
    defs = {name: _table(name) for name in TABLES}
    defs["date"] = {
        "oneOf": [
            {"type": "string", "pattern": DATE},
            {"type": "integer", "minimum": 1, "maximum": 9999},
        ],
        "description": "YYYY, YYYY-MM or YYYY-MM-DD.",
    }
    defs["effects"] = {
        "type": "object",
        "description": (
            "stat: 1 or -2 (added), '= expr' (set), '+ expr' or '- expr'; flag: true or false."
        ),
        "propertyNames": {"pattern": NAME},
        "additionalProperties": {"type": ["integer", "boolean", "string"]},
    }
    scene = defs["scene"]
    scene["oneOf"] = [
        {"required": ["choices"], "not": {"required": ["ending"]}},
        {"required": ["ending"], "not": {"required": ["choices"]}},
    ]
    choice = defs["choice"]
    choice["oneOf"] = [
        {"required": ["goto"], "not": {"required": ["random"]}},
        {"required": ["random"], "not": {"required": ["goto"]}},
    ]
    choice["dependentRequired"] = {"locked": ["if"]}
    return defs


def _document(kind: str, title: str, properties: dict, required: list[str]) -> dict:
    return {
        "$schema": DRAFT,
        "$id": f"https://deniable.invalid/schema/{kind}.schema.json",
        "title": title,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        "$defs": _defs(),
    }


def _entries(ref: str, pattern: str = ID) -> dict:
    return {
        "type": "object",
        "propertyNames": {"pattern": pattern},
        "additionalProperties": {"$ref": ref},
    }


def schemas() -> dict[str, dict]:
    """Every schema by kind: story (the manifest), chapter, facts and places."""
    return {
        "story": _document(
            "story",
            "Deniable story manifest (story.yaml)",
            {"story": {"$ref": "#/$defs/story"}},
            ["story"],
        ),
        "chapter": _document(
            "chapter",
            "Deniable chapter file",
            {
                "chapter": {"$ref": "#/$defs/chapter"},
                "scenes": _entries("#/$defs/scene") | {"minProperties": 1},
                "notes": _entries("#/$defs/note"),
                "facts": _entries("#/$defs/fact"),
            },
            ["chapter", "scenes"],
        ),
        "facts": _document(
            "facts",
            "Deniable facts registry",
            {"facts": _entries("#/$defs/fact")},
            ["facts"],
        ),
        "places": _document(
            "places",
            "Deniable places table",
            {"places": _entries("#/$defs/place")},
            ["places"],
        ),
    }


def render(kind: str) -> str:
    return json.dumps(schemas()[kind], indent=2, ensure_ascii=False) + "\n"


def kind_of(document) -> str | None:
    """Which schema a parsed story file answers to, by its top-level keys."""
    if not isinstance(document, dict):
        return None
    for kind in ("story", "chapter", "places", "facts"):
        if kind in document:
            return kind
    return None
