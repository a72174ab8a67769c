"""Author prose in light Markdown, turned into Textual Content: fast, and never markup.

The scene format allows *emphasis*, **strong**, lists and quotes. Textual's Markdown
widget mounts a widget per block, which costs milliseconds per paragraph and made a
journal of a hundred notes take seconds to open; a Static showing this Content draws
the same text at once. markdown-it (Textual's own parser) reads the text, so anything
it does not style, square brackets included, is shown exactly as written.
"""

from __future__ import annotations

from functools import lru_cache

from textual.content import Content

INLINE_STYLES = {"em": "italic", "strong": "bold", "s": "strike"}


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def _inline(token) -> list:
    """The pieces of one inline token: plain strings and (text, style) pairs."""
    pieces: list = []
    active: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in INLINE_STYLES:
            active.append(INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in INLINE_STYLES:
            if active:
                active.pop()
        elif kind == "softbreak":
            pieces.append(" ")
        elif kind == "hardbreak":
            pieces.append("\n")
        elif kind == "code_inline":
            pieces.append((child.content, "bold"))
        elif kind in ("link_open", "link_close", "image"):
            if kind == "image":
                pieces.append(child.content)
        else:
            text = child.content
            pieces.append((text, " ".join(active)) if active else text)
    return pieces


def prose_content(text: str) -> Content:
    """Paragraphs apart by a blank line, list items one to a line, quotes marked."""
    if not text.strip():
        return Content("")
    blocks: list[tuple[Content, bool]] = []  # (block, is a list item)
    prefixes: list[str] = []  # list and quote markers for the current block
    numbers: list[int] = []
    in_item = False
    heading = False
    for token in _parser().parse(text):
        kind = token.type
        if kind == "bullet_list_open":
            numbers.append(0)
        elif kind == "ordered_list_open":
            numbers.append(int(token.attrs.get("start", 1) or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif kind == "list_item_open":
            in_item = True
        elif kind == "blockquote_open":
            prefixes.append("▌ ")
        elif kind == "blockquote_close":
            prefixes.pop()
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "inline":
            marker = ""
            if in_item and numbers:
                if numbers[-1]:
                    marker = f"{numbers[-1]}. "
                    numbers[-1] += 1
                else:
                    marker = "• "
                in_item = False
            pieces = _inline(token)
            line = Content.assemble("".join(prefixes), marker, *pieces)
            if heading:
                line = line.stylize("bold")
            # Items of one list sit on consecutive lines; other blocks get a blank line.
            if marker and blocks and blocks[-1][1]:
                blocks[-1] = (Content.assemble(blocks[-1][0], "\n", line), True)
            else:
                blocks.append((line, bool(marker)))
        elif kind in ("fence", "code_block"):
            blocks.append((Content(token.content.rstrip("\n")), False))
        elif kind == "hr":
            blocks.append((Content("───"), False))
    return Content("\n\n").join(block for block, _ in blocks)
