"""Text from a file, made safe to print: control characters shown, never sent to the terminal.

A save's slot name, a chapter title or a story's title is text someone else may have
written. Printed raw, `\\x1b]0;...\\x07\\x1b[2J` would retitle the terminal and clear it;
bidirectional overrides would reorder what the reader sees. `visible` writes each such
character as a Python-style escape (`\\x1b`, `\\u202e`) and leaves all other text alone.
Any front end that prints author or save text uses it (`visible_lines` for whole pages).
"""

from __future__ import annotations

import unicodedata

_SHOWN: dict[str, str] = {}


def _escape(char: str) -> str:
    shown = _SHOWN.get(char)
    if shown is None:
        code = ord(char)
        if code < 0x100:
            shown = f"\\x{code:02x}"
        elif code < 0x10000:
            shown = f"\\u{code:04x}"
        else:
            shown = f"\\U{code:08x}"
        _SHOWN[char] = shown
    return shown


def _hidden(char: str) -> bool:
    """Controls, formatting marks (bidi overrides), surrogates, private use, unassigned, breaks."""
    category = unicodedata.category(char)
    return category[0] == "C" or category in ("Zl", "Zp")


def visible(text: str) -> str:
    """`text` with every control or formatting character written as an escape."""
    if text.isprintable():
        return text
    return "".join(_escape(char) if _hidden(char) else char for char in text)


def visible_lines(text: str) -> str:
    """`visible`, keeping line breaks and tabs: for whole pages of text (a scene, a
    transcript, a report) whose lines are laid out already."""
    if text.isprintable():
        return text
    return "\n".join("\t".join(map(visible, line.split("\t"))) for line in text.split("\n"))


def cut_short(text: str, limit: int) -> str:
    """What someone typed or pasted, quoted in a message: cut to `limit` characters with
    '...', so a pasted page is not echoed back whole."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
