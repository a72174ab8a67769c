"""Author text with `{stat}` substitutions, split into parts once, at load time."""

from __future__ import annotations

import re

from game.story import codes
from game.story.context import LoadContext
from game.story.model import Template
from game.story.yamlfile import Mark

_SUBST = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def build_template(ctx: LoadContext, text: str, display: str, mark: Mark) -> Template:
    """Split `text` at its `{stat}` substitutions; report flags, unknown names, stray braces."""
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
            if name in ctx.stats:
                parts.append("".join(buffer))
                buffer = []
                parts.append((name,))
                names.add(name)
            else:
                what = "a flag; only stats" if name in ctx.flags else "not a declared stat"
                ctx.report(display, mark, codes.SUBSTITUTION, name=name, what=what)
        else:
            ctx.report(display, mark, codes.UNMATCHED_BRACE, token=token)
    buffer.append(text[pos:])
    parts.append("".join(buffer))
    parts = [p for p in parts if p != ""] or [""]
    if not names:
        return Template(("".join(parts),))
    return Template(tuple(parts), frozenset(names))
