"""JSON Schemas of the story files, for editors running yaml-language-server.

Built from the one field table the loader validates from (`game.story.fields`), so a
field the loader learns shows up here with its description and shape. The loader stays
the judge (it checks ids across files, expressions and gotos); the schema gives
completion and catches typos and wrong types as the writer types.
"""

from __future__ import annotations

import json

from game.story import fields
from game.story.variants import VARIANT_KINDS
from game.story.yamlfile import YamlList, YamlMap

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID = fields.ID_PATTERN
NAME = fields.NAME_PATTERN
DATE = fields.DATE_PATTERN

# The mappings that get a $defs entry (a chapter file's top level is the chapter document).
TABLES = {name: table for name, table in fields.TABLES.items() if name != "chapter file"}

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
    for field in TABLES[name].values():
        shape = dict(field.shape or _plain(field.types))
        shape["description"] = field.description
        properties[field.name] = shape
        if field.needed:
            required.append(field.name)
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
    defs["prose"] = {
        "description": (
            "Prose: text, or a list of parts, each a text or {if: COND, text: PROSE, "
            "else: PROSE} or {seq|cycle|once: [PROSE, ...]}."
        ),
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"$ref": "#/$defs/prose"}},
            {
                "type": "object",
                "properties": {
                    "if": {"type": ["string", "boolean"]},
                    "text": {"$ref": "#/$defs/prose"},
                    "else": {"$ref": "#/$defs/prose"},
                },
                "required": ["if", "text"],
                "additionalProperties": False,
            },
            *(
                {
                    "type": "object",
                    "properties": {
                        kind: {"type": "array", "items": {"$ref": "#/$defs/prose"}, "minItems": 1}
                    },
                    "required": [kind],
                    "additionalProperties": False,
                }
                for kind in VARIANT_KINDS
            ),
        ],
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
