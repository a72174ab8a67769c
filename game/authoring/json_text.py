"""A report as JSON text: the same text as `json.dumps(data, indent=2)`, faster.

With an indent, the standard library writes JSON in pure Python, a generator per
container and a call per value: 2.2 s for the 230,000 items a partial proof of a
50,000-scene story leaves undecided. Without one, it writes in C. Here a list of flat
objects (the undecided items, the choices of a path) is written by the C encoder with
a line break as its separator, which no JSON string can hold unescaped, and the breaks
are then indented; other containers are one join each.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any

INDENT = "  "
# no separator of the C encoder's output is a raw line break but these
_FLAT = json.JSONEncoder(separators=(",\n", ": "))


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


# The text of each scalar type; bool before int, as True is an int.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring_ascii,
    int: int.__repr__,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
    float: _float,
}


def dumps(data: object) -> str:
    """`json.dumps(data, indent=2)`, to the character."""
    parts: list[str] = []
    _write(data, 0, parts)
    return "".join(parts)


def _key(key: object) -> str:
    if isinstance(key, str):
        return encode_basestring_ascii(key)
    # what json.dumps makes of a key that is not a string
    return encode_basestring_ascii(json.dumps(key).strip('"'))


def _write(value: object, level: int, parts: list[str]) -> None:
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        parts.append(scalar(value))
        return
    inner = "\n" + INDENT * (level + 1)
    close = "\n" + INDENT * level
    scalars = _SCALARS
    if isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        if all(type(item) in scalars for item in value.values()):
            parts.append(
                "{"
                + ",".join(
                    f"{inner}{_key(key)}: {scalars[type(item)](item)}"
                    for key, item in value.items()
                )
                + close
                + "}"
            )
            return
        parts.append("{")
        first = True
        for key, item in value.items():
            parts.append(f"{inner}{_key(key)}: " if first else f",{inner}{_key(key)}: ")
            first = False
            _write(item, level + 1, parts)
        parts.append(close + "}")
        return
    if isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        if all(
            type(item) is dict and item and all(type(v) in scalars for v in item.values())
            for item in value
        ):
            parts.append(_flat_objects(value, level))
            return
        if all(type(item) in scalars for item in value):
            items = ",".join(f"{inner}{scalars[type(item)](item)}" for item in value)
            parts.append(f"[{items}{close}]")
            return
        parts.append("[")
        first = True
        for item in value:
            parts.append(inner if first else "," + inner)
            first = False
            _write(item, level + 1, parts)
        parts.append(close + "]")
        return
    # anything else (a subclass of a scalar, say): as the standard library writes it
    parts.append(json.dumps(value, indent=2).replace("\n", close))


def _flat_objects(objects: list[Any] | tuple[Any, ...], level: int) -> str:
    """A list of objects none empty, whose values are all scalars, as `json.dumps` with
    an indent writes it: written by the C encoder, then indented. Within an object, the
    separator ",\\n" follows a scalar; between objects it follows the "}" that ends one
    and comes before the "{" that starts the next, which no scalar's text holds."""
    item = "\n" + INDENT * (level + 1)
    key = "\n" + INDENT * (level + 2)
    text = _FLAT.encode(list(objects))[2:-2]  # less the outer "[{" and "}]"
    text = text.replace("},\n{", "\x00").replace(",\n", "," + key)
    text = text.replace("\x00", f"{item}}},{item}{{{key}")
    return f"[{item}{{{key}{text}{item}}}\n{INDENT * level}]"
