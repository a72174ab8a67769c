"""Text variants glued to the words beside them (W045).

A branch of an inline variant is trimmed of the spaces at its ends, and a variant that
shows nothing takes the gap after it along (game/story/variants.py), so the spaces
around a variant are the text's outside the braces. A writer who puts a needed space
inside a branch, or none outside, gets a join that reads wrong in one branch only:

- `patient.{if x: He waits.}` reads "patient.He waits." (no space after a sentence);
- `the {if x: old man}walks` reads "the old manwalks" (a branch of words glued to a word);
- `Then {if a: x} {if b: y} go` reads "Then  go" when neither shows (a double space).

Each line of prose is rendered for every combination of what its variants can show (a
stat as a number, at most `MAX_COMBINATIONS` of them; past that one variant at a time),
and every place where a variant's text, or the gap a hidden variant leaves, meets its
neighbour is checked. A one-word branch glued to a word is taken as written on purpose
(`word{if plural: s}`); a sentence's end glued to a letter, and two spaces, never are.
"""

from __future__ import annotations

import itertools

from game.frozen import frozen
from game.story.prose_tree import Alternatives, If, Line, Node, Paragraphs, Prose, Stat, Text

MAX_COMBINATIONS = 64
MAX_SAMPLES = 8  # texts kept per variant: enough to differ at every end that matters
SENTENCE_MARKS = ".,;:!?"
GLUED = "glues a sentence's end to the next word"
WORDS_GLUED = "glues its words to the word beside it"
DOUBLE_SPACE = "leaves a double space"


@frozen
class BadJoin:
    """A join that reads wrong: the variant next to it, why, and the words around it."""

    variant: int
    why: str
    reads: str


def bad_joins(prose: Prose) -> list[BadJoin]:
    """Every variant of the prose whose join reads wrong in some branch, once each."""
    found: dict[int, BadJoin] = {}
    stack: list[tuple[Node, bool]] = [(prose.tree, True)]
    while stack:
        node, top = stack.pop()
        if isinstance(node, Line):
            for join in _line_joins(node, top):
                found.setdefault(join.variant, join)
            stack.extend((part, False) for part in node.parts)
        elif isinstance(node, If):
            stack.append((node.then, True))
            if node.otherwise is not None:
                stack.append((node.otherwise, True))
        elif isinstance(node, (Alternatives, Paragraphs)):
            stack.extend((part, True) for part in _children(node))
    return [found[variant] for variant in sorted(found)]


def _children(node: Alternatives | Paragraphs) -> tuple[Node, ...]:
    return node.branches if isinstance(node, Alternatives) else node.parts


def samples(node: Node) -> list[str]:
    """Texts the node can show, a few per shape (first and last character, words or not)."""
    if isinstance(node, Text):
        return [node.text]
    if isinstance(node, Stat):
        return ["0"]
    if isinstance(node, If):
        otherwise = [""] if node.otherwise is None else samples(node.otherwise)
        return _distinct(samples(node.then) + otherwise)
    if isinstance(node, Alternatives):
        spent = [""] if node.kind == "once" else []
        return _distinct([text for branch in node.branches for text in samples(branch)] + spent)
    if isinstance(node, Line):
        return _distinct([_render(node, combo)[0] for combo in _combinations(node)])
    return ["x"]  # parts of the list form stand apart as paragraphs


def _distinct(texts: list[str]) -> list[str]:
    kept: dict[tuple[str, str, bool], str] = {}
    for text in texts:
        kept.setdefault((text[:1], text[-1:], " " in text.strip()), text)
    return list(kept.values())[:MAX_SAMPLES]


def _is_variant(node: Node) -> bool:
    return isinstance(node, (If, Alternatives))


def _combinations(line: Line) -> list[tuple[str, ...]]:
    """What each part shows, for every combination of the variants' texts (or, past
    MAX_COMBINATIONS, each variant's texts with the others at their first)."""
    options = [samples(part) for part in line.parts]
    count = 1
    for texts in options:
        count *= len(texts)
    if count <= MAX_COMBINATIONS:
        return list(itertools.product(*options))
    first = tuple(texts[0] for texts in options)
    combos = [first]
    for index, texts in enumerate(options):
        for text in texts[1:]:
            combos.append(first[:index] + (text,) + first[index + 1 :])
    return combos


def _render(line: Line, combo: tuple[str, ...]) -> tuple[str, list[tuple[int, int, bool]]]:
    """The line as shown for `combo`, and each join: (offset, variant next to it, whether
    a variant's own text is on one side of it)."""
    out: list[str] = []
    joins: list[tuple[int, int, bool]] = []
    length = 0
    hidden: int | None = None  # a variant that showed nothing since the last text
    last_variant: int | None = None  # the variant whose text ends the output so far
    for part, lead, absorb, text in zip(line.parts, line.leads, line.absorbs, combo, strict=True):
        variant = part.variant if isinstance(part, (If, Alternatives)) else None
        if variant is not None and text:
            text = lead + text + absorb
        if not text:
            if variant is not None:
                hidden = variant
            continue
        if length:
            if variant is not None:
                joins.append((length, variant, True))
            elif last_variant is not None:
                joins.append((length, last_variant, True))
            elif hidden is not None:
                joins.append((length, hidden, False))
        out.append(text)
        length += len(text)
        hidden = None
        last_variant = variant
    return "".join(out), joins


def _line_joins(line: Line, top: bool) -> list[BadJoin]:
    if not any(_is_variant(part) for part in line.parts):
        return []
    found = []
    for combo in _combinations(line):
        text, joins = _render(line, combo)
        start = len(text) - len(text.lstrip()) if top else 0
        end = len(text.rstrip()) if top else len(text)
        for offset, variant, own in joins:
            if offset <= start or offset >= end:
                continue  # a paragraph's ends are trimmed when it is shown
            why = _why(text, offset, own, combo, line, variant)
            if why is not None:
                reads = text[max(start, offset - 20) : min(end, offset + 20)]
                found.append(BadJoin(variant, why, reads.replace("\n", " ")))
    return found


def _why(
    text: str, offset: int, own: bool, combo: tuple[str, ...], line: Line, variant: int
) -> str | None:
    before, after = text[offset - 1], text[offset]
    if before == " " and after == " ":
        return DOUBLE_SPACE
    if before in SENTENCE_MARKS and after.isalpha():
        return GLUED
    if own and before.isalnum() and after.isalnum():
        shown = next(
            shown
            for part, shown in zip(line.parts, combo, strict=True)
            if isinstance(part, (If, Alternatives)) and part.variant == variant
        )
        if " " in shown.strip():
            return WORDS_GLUED
    return None
