"""What a browser tab may send: terminal sizes and textual-serve's JSON messages, checked.

Anyone who can open the page can open its websocket and send anything, so every size is
clamped to a sane terminal (a 100000x100000 screen once grew a game to 3.7 GB) and every
message is checked for shape and type before it reaches a game.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

MAX_WIDTH = 500
MAX_HEIGHT = 200
DEFAULT_WIDTH = 80
DEFAULT_HEIGHT = 24
MAX_MESSAGE_BYTES = 64 * 1024  # a long paste fits; aiohttp refuses bigger frames itself
MAX_PING_CHARS = 64  # the page sends the time in milliseconds


class BadMessage(Exception):
    """A tab sent something the page never sends; the message is the close reason."""


@dataclass(frozen=True)
class Size:
    width: int
    height: int


def clamp_size(width: int, height: int) -> Size:
    """A requested size within 1..MAX_WIDTH by 1..MAX_HEIGHT."""
    return Size(min(max(width, 1), MAX_WIDTH), min(max(height, 1), MAX_HEIGHT))


def _whole_number(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadMessage(f"{name} must be a whole number of cells, not {value!r}"[:120])
    return value


def size_from_query(query: Mapping[str, str]) -> Size:
    """The first size, from `/ws?width=W&height=H` (missing: 80x24), clamped.

    Raises BadMessage for anything but digits: negatives, floats and words are mistakes
    or probes, never what the page sends.
    """
    numbers = []
    for name, default in (("width", DEFAULT_WIDTH), ("height", DEFAULT_HEIGHT)):
        text = query.get(name)
        if text is None:
            numbers.append(default)
        elif text.isascii() and text.isdigit() and len(text) <= 9:
            numbers.append(int(text))
        elif text.isascii() and text.isdigit():
            numbers.append(10**9)  # clamped below like any other large number
        else:
            raise BadMessage(f"{name} must be a whole number of cells, not {text[:20]!r}")
    return clamp_size(*numbers)


@dataclass(frozen=True)
class Keys:
    text: str


@dataclass(frozen=True)
class Resize:
    size: Size


@dataclass(frozen=True)
class Ping:
    data: str


@dataclass(frozen=True)
class Focus:
    focused: bool


Message = Keys | Resize | Ping | Focus


def parse_message(text: str) -> Message:
    """One text frame from the page, checked: `["stdin", str]`, `["resize", {width, height}]`,
    `["ping", str]`, `["focus"]` or `["blur"]`; anything else raises BadMessage."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise BadMessage("not JSON") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise BadMessage("expected a list that starts with a message type")
    kind, args = envelope[0], envelope[1:]
    if kind in ("focus", "blur") and not args:
        return Focus(kind == "focus")
    if kind == "stdin" and len(args) == 1 and isinstance(args[0], str):
        return Keys(args[0])
    if kind == "ping" and len(args) == 1 and isinstance(args[0], str):
        if len(args[0]) > MAX_PING_CHARS:
            raise BadMessage("ping data too long")
        return Ping(args[0])
    if kind == "resize" and len(args) == 1 and isinstance(args[0], dict):
        size = args[0]
        if set(size) != {"width", "height"}:
            raise BadMessage("resize needs width and height only")
        width = _whole_number(size["width"], "width")
        height = _whole_number(size["height"], "height")
        return Resize(clamp_size(width, height))
    raise BadMessage(f"unexpected message {kind[:20]!r}")
