"""JSON Schemas of the story files, for editors running yaml-language-server.

Built from the one field table the loader validates from (`game.story.fields`), so a
field the loader learns shows up here with its description and shape. The loader stays
the judge (it checks ids across files, expressions and gotos); the schema gives
completion and catches typos and wrong types as the writer types.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

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


def _plain(types: Iterable[type]) -> dict[str, object]:
    names: list[str] = []
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


def _table(name: str) -> dict[str, object]:
    properties: dict[str, dict[str, object]] = {}
    required: list[str] = []
    for field in TABLES[name].values():
        shape = dict(field.shape or _plain(field.types))
        shape["description"] = field.description
        properties[field.name] = shape
        if field.needed:
            required.append(field.name)
    table: dict[str, object] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        table["required"] = required
    return table


def _any(*names: str) -> list[dict[str, object]]:
    return [{"required": [name]} for name in names]


def _exactly_one(*names: str) -> list[dict[str, object]]:
    """One schema per name: it is present and none of the others is."""
    return [
        {"required": [name], "not": {"anyOf": _any(*(n for n in names if n != name))}}
        for name in names
    ]


def _defs(history: bool = True) -> dict[str, dict[str, object]]:
    """The shared definitions; a history story's choices need a note, its endings a kind."""
    defs = {name: _table(name) for name in TABLES}
    if history:  # required in a history story only: the field table says "no"
        defs["choice"]["allOf"] = [{"required": ["note"]}]
        defs["ending"]["allOf"] = [{"required": ["kind"]}]
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
            "stat: 1 or -2 (added), '= expr' (set), '+ expr' or '- expr', where expr may "
            "use random(a, b); flag: true or false; {value: ..., quiet: true} changes it "
            "without telling the player."
        ),
        "propertyNames": {"pattern": NAME},
        "additionalProperties": {
            "oneOf": [
                {"type": ["integer", "boolean", "string"]},
                {
                    "type": "object",
                    "properties": {
                        "value": {"type": ["integer", "boolean", "string"]},
                        "quiet": {"type": "boolean"},
                    },
                    "required": ["value"],
                    "additionalProperties": False,
                },
            ]
        },
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
    defs["scene"]["oneOf"] = _exactly_one("choices", "continue", "ending")
    choice = defs["choice"]
    # Where a choice leads: exactly one of these, except that 'call' may take a 'goto'.
    choice["oneOf"] = [
        {"required": ["call"], "not": {"anyOf": _any("random", "choices", "return")}},
        *(
            {"required": [name], "not": {"anyOf": _any(*others)}}
            for name, others in {
                "goto": ("random", "choices", "call", "return"),
                "random": ("goto", "choices", "call", "return"),
                "choices": ("goto", "random", "call", "return"),
                "return": ("goto", "random", "choices", "call"),
            }.items()
        ),
    ]
    choice["dependentRequired"] = {"locked": ["if"]}
    return defs


def _document(
    kind: str, title: str, properties: dict[str, object], required: list[str], history: bool = True
) -> dict[str, object]:
    return {
        "$schema": DRAFT,
        "title": title,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        "$defs": _defs(history),
    }


def _entries(ref: str, pattern: str = ID) -> dict[str, object]:
    return {
        "type": "object",
        "propertyNames": {"pattern": pattern},
        "additionalProperties": {"$ref": ref},
    }


def schemas(history: bool = True) -> dict[str, dict[str, object]]:
    """Every schema by kind: story (the manifest), chapter, facts and places.

    `history=False` is for a story that declares it is not history (notes optional)."""
    documents = {
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
    if not history:
        for document in documents.values():
            document["$defs"] = _defs(history=False)
    return documents


def render(kind: str, history: bool = True) -> str:
    return json.dumps(schemas(history)[kind], indent=2, ensure_ascii=False) + "\n"


def kind_of(document: object) -> str | None:
    """Which schema a parsed story file answers to, by its top-level keys."""
    if not isinstance(document, dict):
        return None
    for kind in ("story", "chapter", "places", "facts"):
        if kind in document:
            return kind
    return None
