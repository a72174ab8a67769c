"""Where a character of a YAML string stands in its file, for messages that point inside text.

The YAML reader keeps where each value starts. A problem found at a character offset of a
parsed string (a condition inside prose, say) needs the line and column of that
character, which differ from the start by the scalar's style: a block scalar (`|`, `>`)
starts on the line after its indicator and drops its indentation; a folded or multi-line
plain or quoted scalar joins its lines with a space and turns blank lines into line
breaks. This module walks the file's lines the way YAML folded them. Escapes in
double-quoted strings are not undone, so a column there may be off by the escapes before
it; the line is right.
"""

from __future__ import annotations

import functools

Mark = tuple[int, int]


@functools.lru_cache(maxsize=4)
def _lines(source: str) -> list[str]:
    """A file's lines, split once for the many places asked in one file (never changed)."""
    return source.splitlines()


def locate(source: str, mark: Mark, offset: int, exact: bool = False) -> Mark:
    """The `line:col` (1-based) of character `offset` of the string whose value starts at `mark`.

    Offset 0 is the value's start (`mark`), unless `exact` asks for its first character.
    """
    lines = _lines(source)
    line, col = mark
    if not 0 < line <= len(lines) or offset < 0 or (offset == 0 and not exact):
        return mark
    first = lines[line - 1]
    indicator = first[col - 1 : col]
    if indicator in ("|", ">"):
        segments = _block(lines, line)
        return _walk(segments, offset, folded=indicator == ">") or mark
    quote = 1 if indicator in ("'", '"') else 0
    return _walk(_flow_lines(lines, line, col + quote, offset), offset, folded=True) or mark


def _flow_lines(lines: list[str], line: int, col: int, offset: int) -> list[tuple[int, int, str]]:
    """The lines of a plain or quoted scalar starting at `line:col`, as far as the walk to
    `offset` reads them: up to the line holding it, then any blank lines after it and the
    next line of text (a folded walk looks past blank lines for the separator). Reading
    every line to the end of the file instead made each call as long as the file: the
    lint's few hundred calls on the campaign took a fifth of `deniable check`."""
    segments = [(line, col, lines[line - 1][col - 1 :].rstrip())]
    chars = len(segments[0][2])  # the characters of text read, never more than the walk's
    for number in range(line + 1, len(lines) + 1):
        text = lines[number - 1]
        stripped = text.lstrip()
        segments.append((number, len(text) - len(stripped) + 1, stripped.rstrip()))
        if chars >= offset and stripped:  # past the offset, and the line after it read
            break
        chars += len(segments[-1][2])
    return segments


def _block(lines: list[str], header: int) -> list[tuple[int, int, str]]:
    """The content lines of a block scalar whose indicator stands on line `header`."""
    indent = None
    segments: list[tuple[int, int, str]] = []
    for number in range(header + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            segments.append((number, 1, ""))
            continue
        depth = len(text) - len(text.lstrip(" "))
        if indent is None:
            indent = depth
        elif depth < indent:
            break
        segments.append((number, indent + 1, text[indent:]))
    return segments


def _walk(segments: list[tuple[int, int, str]], offset: int, folded: bool) -> Mark | None:
    """Step through the lines as the parsed string joined them until `offset` is reached.

    A literal scalar joins lines with one line break each. A folded one joins two text
    lines with a space, and a run of k blank lines between them with k line breaks.
    """
    position = 0
    index = 0
    while index < len(segments):
        number, col, text = segments[index]
        if offset <= position + len(text):
            return number, col + offset - position
        position += len(text)
        following = index + 1
        if folded:
            while following < len(segments) and not segments[following][2]:
                following += 1
            separator = max(1, following - index - 1)
        else:
            separator = 1
        if offset < position + separator:
            return number, col + len(text)
        position += separator
        index = following
    return None
