"""Author prose, parsed once with markdown-it, rendered as plain text or HTML.

Scenes, notes and endings are written in light Markdown: *emphasis*, **strong**, lists,
quotes, the odd heading. `parse` turns a text into a flat list of blocks of styled spans;
`plain_text` and `html` draw those blocks, and the TUI draws the same blocks as Textual
content (game/tui/prose.py), so every interface shows the same words. The renderers take
a resolved `str` (the text as the player reads it in this game state), never a story
object. Anything markdown-it does not treat as Markdown (square brackets, braces, raw
HTML, which is off) stays as written, and HTML output escapes every character of it.
"""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache
from typing import TYPE_CHECKING

from game.frozen import frozen

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

WIDTH = 78
INLINE = {"em": "em", "strong": "strong", "s": "strike"}


@frozen
class Span:
    """A run of text with its styles: any of 'em', 'strong', 'strike', 'code'."""

    text: str
    styles: frozenset[str] = frozenset()


@frozen
class Block:
    """One paragraph, list item, heading, code block or rule, in reading order.

    `quote` is how many quotes it sits in; a list item has a `marker` ('1.' or '' for a
    bullet) and the `list_id` it shares with the other items of its list.
    """

    kind: str  # "paragraph", "item", "heading", "code" or "rule"
    spans: tuple[Span, ...] = ()
    quote: int = 0
    marker: str | None = None
    list_id: int | None = None
    level: int = 0  # a heading's level

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def _spans(token: Token) -> tuple[Span, ...]:
    spans: list[Span] = []
    active: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in INLINE:
            active.append(INLINE[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in INLINE:
            if active:
                active.pop()
        elif kind == "softbreak":
            spans.append(Span(" "))
        elif kind == "hardbreak":
            spans.append(Span("\n"))
        elif kind == "code_inline":
            spans.append(Span(child.content, frozenset(active) | {"code"}))
        elif kind in ("link_open", "link_close"):
            continue  # a link shows its words; the address is not part of the story
        elif child.content:
            spans.append(Span(child.content, frozenset(active)))
    return tuple(spans)


# A character some Markdown rule could read as more than a word: emphasis, code, links,
# autolinks, entities, escapes; tabs, carriage returns and NULs, which it rewrites.
_MARKUP = re.compile(r"[*_`\[\]<>&\\~\t\r\x00]")


def _plain_paragraphs(text: str) -> tuple[Block, ...] | None:
    """The blocks markdown-it makes of `text` when it holds only paragraphs of words, else
    None. A line that starts with a letter, not indented four spaces, with no space at its
    end (two make a line break) and no markup character anywhere, can only be paragraph
    text, and markdown-it joins a paragraph's lines with a space. So the title shows a
    plain introduction without importing markdown-it first (about 25 ms)."""
    if _MARKUP.search(text):
        return None
    paragraphs: list[list[str]] = []
    lines: list[str] = []
    for line in text.split("\n"):
        words = line.lstrip(" ")
        if not words:
            if line:  # spaces alone: a blank line to Markdown too, but keep it simple
                return None
            if lines:
                paragraphs.append(lines)
                lines = []
            continue
        if len(line) - len(words) >= 4 or not words[0].isalpha() or words[-1].isspace():
            return None
        lines.append(words)
    if lines:
        paragraphs.append(lines)
    blocks = []
    for paragraph in paragraphs:
        spans = [Span(paragraph[0])]
        for line in paragraph[1:]:
            spans += [Span(" "), Span(line)]
        blocks.append(Block("paragraph", tuple(spans)))
    return tuple(blocks)


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Block, ...]:
    """The blocks of `text` in order; cached, since a journal draws the same notes often."""
    if not text.strip():
        return ()
    plain = _plain_paragraphs(text)
    return plain if plain is not None else _parsed_by_markdown_it(text)


def _parsed_by_markdown_it(text: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    lists: list[list[int]] = []  # [list id, next number or 0 for bullets] per open list
    list_count = 0
    quote = 0
    item_open = False
    heading = 0
    for token in _parser().parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_count += 1
            start = int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 0
            lists.append([list_count, start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_open = True
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "heading_close":
            heading = 0
        elif kind == "inline":
            spans = _spans(token)
            if item_open and lists:
                list_id, number = lists[-1]
                marker = f"{number}." if number else ""
                if number:
                    lists[-1][1] += 1
                blocks.append(Block("item", spans, quote, marker, list_id))
                item_open = False
            elif heading:
                blocks.append(Block("heading", spans, quote, level=heading))
            else:
                blocks.append(Block("paragraph", spans, quote))
        elif kind in ("fence", "code_block"):
            blocks.append(Block("code", (Span(token.content.rstrip("\n")),), quote))
        elif kind == "hr":
            blocks.append(Block("rule", (), quote))
    return tuple(blocks)


def together(before: Block | None, block: Block) -> bool:
    """Items of one list sit on consecutive lines; every other block gets a blank line."""
    return (
        before is not None
        and block.kind == "item"
        and before.kind == "item"
        and before.list_id == block.list_id
    )


# ------------------------------------------------------------------------------ plain


def wrap_line(line: str, width: int = WIDTH, indent: str = "", hang: str = "  ") -> str:
    """One line of plain text wrapped at `width`: continuation lines start `indent + hang`
    in, so a list of long lines stays readable; words are never broken."""
    return textwrap.fill(
        line,
        width,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_long_words=False,
        break_on_hyphens=False,
    )


def wrap_lines(text: str, width: int = WIDTH) -> str:
    """Wrap each line of `text`, hanging continuations under the line's own first word."""
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        lead = line[: len(line) - len(stripped)]
        first = stripped.split(" ", 1)[0]
        hang = (
            " " * (len(first) + 1)
            if first in ("-", ">", "*", "##") or first[:-1].isdigit()
            else "  "
        )
        out.append(wrap_line(stripped, width, lead, hang) if stripped else "")
    return "\n".join(out)


@lru_cache(maxsize=4096)
def parse_inline(text: str) -> tuple[Span, ...]:
    """A short piece of author text (a choice, a table cell) as spans: only inline
    Markdown counts, so a choice that starts '1951. ' or '- ' keeps those words."""
    return tuple(span for token in _parser().parseInline(text.strip()) for span in _spans(token))


def plain_inline(text: str) -> str:
    """A short piece of author text without its markup, on one line."""
    return " ".join("".join(span.text for span in parse_inline(text)).split())


def plain_text(text: str, width: int = WIDTH, indent: str = "") -> str:
    """The text without its markup, wrapped at `width`: for the plain player and
    `replay --plain`. Bullets become '- ', numbered items keep their numbers, quotes
    start with '> ' and headings stand alone."""
    out: list[str] = []
    before = None
    for block in parse(text):
        lead = indent + "> " * block.quote
        if block.kind == "code":
            body = "\n".join(lead + line for line in block.text.splitlines())
        elif block.kind == "rule":
            body = lead + "* * *"
        else:
            first = lead
            rest = lead
            if block.kind == "item":
                marker = (block.marker or "-") + " "
                first, rest = lead + marker, lead + " " * len(marker)
            lines = []
            for i, piece in enumerate(block.text.split("\n")):
                lines.append(
                    textwrap.fill(
                        " ".join(piece.split()),
                        width,
                        initial_indent=first if i == 0 else rest,
                        subsequent_indent=rest,
                        break_long_words=False,
                        break_on_hyphens=False,
                    )
                )
            body = "\n".join(lines)
        if together(before, block):
            out[-1] += "\n" + body
        else:
            out.append(body)
        before = block
    return "\n\n".join(out)


# ------------------------------------------------------------------------------- HTML

_TAGS = {"em": "em", "strong": "strong", "strike": "s", "code": "code"}


def _html_spans(spans: tuple[Span, ...]) -> str:
    from html import escape  # here: the html module's import is a millisecond of the title's

    out = []
    for span in spans:
        if span.text == "\n":
            out.append("<br>")
            continue
        piece = escape(span.text, quote=True)
        for style in sorted(span.styles):
            tag = _TAGS[style]
            piece = f"<{tag}>{piece}</{tag}>"
        out.append(piece)
    return "".join(out)


def html_inline(text: str) -> str:
    """A short piece of author text (a choice, a table cell) as inline HTML, no <p>."""
    return _html_spans(parse_inline(text))


def html(text: str, cls: str = "") -> str:
    """The text as HTML blocks: <p>, <ul>/<ol>, <blockquote>, headings as <h4>; every
    character of author text escaped, so a story cannot inject markup or script."""
    from html import escape

    attr = f' class="{escape(cls)}"' if cls else ""
    out: list[str] = []
    quote = 0
    open_list: tuple[int | None, str] | None = None  # (list id, tag)

    def close_list() -> None:
        nonlocal open_list
        if open_list is not None:
            out.append(f"</{open_list[1]}>")
            open_list = None

    for block in parse(text):
        if block.kind != "item" or (open_list and open_list[0] != block.list_id):
            close_list()
        if block.quote != quote:
            close_list()
            out.extend(["<blockquote>"] * (block.quote - quote))
            out.extend(["</blockquote>"] * (quote - block.quote))
            quote = block.quote
        inner = _html_spans(block.spans)
        if block.kind == "item":
            if open_list is None:
                tag = "ol" if block.marker else "ul"
                start = block.marker[:-1] if block.marker and block.marker != "1." else ""
                out.append(f"<{tag}{attr}" + (f' start="{start}"' if start else "") + ">")
                open_list = (block.list_id, tag)
            out.append(f"<li>{inner}</li>")
        elif block.kind == "heading":
            out.append(f"<h4{attr}>{inner}</h4>")
        elif block.kind == "code":
            out.append(f"<pre{attr}>{inner}</pre>")
        elif block.kind == "rule":
            out.append("<hr>")
        else:
            out.append(f"<p{attr}>{inner}</p>")
    close_list()
    out.extend(["</blockquote>"] * quote)
    return "\n".join(out)
