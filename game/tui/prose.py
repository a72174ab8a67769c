"""Author prose as Textual Content, drawn from the one parse in game.presentation.prose.

Textual's Markdown widget mounts a widget per block, which costs milliseconds per
paragraph and made a journal of a hundred notes take seconds to open; a Static showing
this Content draws the same text at once. The blocks come from markdown-it, so anything
it does not style, square brackets included, is shown exactly as written: author text is
never read as Textual markup.
"""

from __future__ import annotations

from textual.content import Content

from game.presentation.prose import Block, Span, parse, parse_inline, together

STYLES = {"em": "italic", "strong": "bold", "strike": "strike", "code": "bold"}


def _pieces(spans: tuple[Span, ...]) -> list[str | tuple[str, str]]:
    return [
        (span.text, " ".join(sorted(STYLES[s] for s in span.styles))) if span.styles else span.text
        for span in spans
    ]


def inline_content(text: str) -> Content:
    """A choice or a cell: inline Markdown only, so '1951. ' stays a year, not a list."""
    return Content.assemble(*_pieces(parse_inline(text)))


def _line(block: Block) -> Content:
    prefix = "▌ " * block.quote
    if block.kind == "rule":
        return Content(prefix + "───")
    if block.kind == "code":
        return Content(prefix + block.text)
    marker = ""
    if block.kind == "item":
        marker = f"{block.marker} " if block.marker else "• "
    line = Content.assemble(prefix, marker, *_pieces(block.spans))
    return line.stylize("bold") if block.kind == "heading" else line


def prose_content(text: str) -> Content:
    """Paragraphs apart by a blank line, list items one to a line, quotes marked."""
    lines: list[Content] = []
    before = None
    for block in parse(text):
        line = _line(block)
        if together(before, block):
            lines[-1] = Content.assemble(lines[-1], "\n", line)
        else:
            lines.append(line)
        before = block
    return Content("\n\n").join(lines)
