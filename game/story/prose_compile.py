"""Compiles a prose tree into closures over a Context, once, when the story loads.

A node compiles to its text when nothing in it varies, else to one closure. Closures are
specialised by shape (static branches are indexed, not called; static pieces of a line
are slotted around the dynamic ones) because every call costs: a scene of 50 conditional
paragraphs resolves in a few dozen microseconds.
"""

from __future__ import annotations

from game.story.expressions import Evaluator
from game.story.prose_tree import (
    Alternatives,
    Context,
    If,
    Line,
    Node,
    Paragraphs,
    Resolver,
    Stat,
    Text,
    VariantSite,
)

Compiled = str | Resolver
# A row of a paragraphs plan, (test, then, otherwise, fn): an if with plain texts has a
# test; plain text is `then` alone; anything else is `fn`, called with the Context.
_Row = tuple[Evaluator | None, str, str, Resolver | None]


def compile_node(node: Node, sites: list[VariantSite | None], strip: bool) -> Compiled:
    """`strip`: the result is a paragraph, so whitespace at its ends is not shown."""
    if isinstance(node, Text):
        return node.text.strip() if strip else node.text
    if isinstance(node, Stat):
        name = node.name
        return lambda c: str(c.values[name])
    if isinstance(node, Line):
        return _compile_line(node, sites, strip)
    if isinstance(node, Paragraphs):
        return _compile_paragraphs(node, sites)
    if isinstance(node, If):
        return _compile_if(node, sites, strip)
    return _compile_alternatives(node, sites, strip)


def _compile_if(node: If, sites: list[VariantSite | None], strip: bool) -> Compiled:
    then = compile_node(node.then, sites, strip)
    otherwise = "" if node.otherwise is None else compile_node(node.otherwise, sites, strip)
    if node.condition is None:  # the story does not load; keep the tree whole regardless
        return otherwise
    test = node.condition.expression.evaluate
    if isinstance(then, str) and isinstance(otherwise, str):
        return lambda c: then if test(c.values, c.visits, c) else otherwise
    yes, no = as_resolver(then), as_resolver(otherwise)
    return lambda c: yes(c) if test(c.values, c.visits, c) else no(c)


def _compile_alternatives(
    node: Alternatives, sites: list[VariantSite | None], strip: bool
) -> Compiled:
    branches = [compile_node(branch, sites, strip) for branch in node.branches]
    n = len(branches)
    texts = tuple(branch for branch in branches if isinstance(branch, str))
    if len(texts) == n:
        if node.kind == "seq":
            return lambda c: texts[min(c.here, n) - 1]
        if node.kind == "cycle":
            return lambda c: texts[(c.here - 1) % n]
        return lambda c: texts[c.here - 1] if c.here <= n else ""
    fns = tuple(as_resolver(branch) for branch in branches) + (as_resolver(""),)
    site = sites[node.variant]
    assert site is not None, "a variant in a tree was filled in when its braces closed"
    pick = site.pick  # -1, a spent once, is the empty text at the end
    return lambda c: fns[pick(c)](c)


def _compile_line(node: Line, sites: list[VariantSite | None], strip: bool) -> Compiled:
    pieces: list[Compiled] = []
    for part, lead, absorb in zip(node.parts, node.leads, node.absorbs, strict=True):
        piece = compile_node(part, sites, False)
        if (lead or absorb) and isinstance(piece, str):
            piece = lead + piece + absorb if piece else ""
        elif (lead or absorb) and not isinstance(piece, str):
            piece = _absorbing(piece, lead, absorb)
        if isinstance(piece, str) and pieces and isinstance(pieces[-1], str):
            pieces[-1] += piece
        elif not isinstance(piece, str) or piece:
            pieces.append(piece)
    if strip and pieces and isinstance(pieces[0], str):
        pieces[0] = pieces[0].lstrip()
    if strip and pieces and isinstance(pieces[-1], str):
        pieces[-1] = pieces[-1].rstrip()
    pieces = [piece for piece in pieces if not isinstance(piece, str) or piece]
    if not pieces:
        return ""
    if len(pieces) == 1:
        line = pieces[0]
    elif len(pieces) == 2:
        line = _pair(*pieces)
    elif (
        len(pieces) == 3
        and isinstance(before := pieces[0], str)
        and isinstance(after := pieces[2], str)
        and not isinstance(fn := pieces[1], str)  # texts side by side were merged above
    ):
        line = lambda c: before + fn(c) + after  # noqa: E731 - the closure is the point
    else:
        line = _slotted(pieces)
    if (
        strip
        and not isinstance(line, str)
        and not (isinstance(pieces[0], str) and isinstance(pieces[-1], str))
    ):
        return _stripped(line)
    return line


def _pair(first: Compiled, second: Compiled) -> Resolver:
    if isinstance(second, str):
        assert not isinstance(first, str), "texts side by side are merged before pairing"
        return lambda c: first(c) + second
    if isinstance(first, str):
        return lambda c: first + second(c)
    return lambda c: first(c) + second(c)


def _slotted(pieces: list[Compiled]) -> Resolver:
    """Static pieces stay in place; only the dynamic ones are called."""
    template = [piece if isinstance(piece, str) else "" for piece in pieces]
    slots = tuple((i, piece) for i, piece in enumerate(pieces) if not isinstance(piece, str))

    def resolve(c: Context) -> str:
        out = template.copy()
        for i, fn in slots:
            out[i] = fn(c)
        return "".join(out)

    return resolve


def _absorbing(fn: Resolver, lead: str, tail: str) -> Resolver:
    def resolve(c: Context) -> str:
        text = fn(c)
        return lead + text + tail if text else ""

    return resolve


def _compile_paragraphs(node: Paragraphs, sites: list[VariantSite | None]) -> Compiled:
    """Paragraphs joined by blank lines, dropping empty ones.

    The usual part, `{if: COND, text: ..., else: ...}` with plain texts, is not a closure
    of its own but a row `(test, then, otherwise)` read in one loop: a call fewer each.
    """
    plan: list[_Row] = []
    for part in node.parts:
        row = _static_if(part, sites)
        if row is not None:
            plan.append(row)
            continue
        piece = compile_node(part, sites, True)
        if not isinstance(piece, str):
            plan.append((None, "", "", piece))
        elif piece:
            plan.append((None, piece, "", None))
    if all(test is None and fn is None for test, _, _, fn in plan):
        return "\n\n".join(text for _, text, _, _ in plan)
    if len(plan) == 1 and plan[0][0] is None and (only := plan[0][3]) is not None:
        return only
    rows = tuple(plan)

    def resolve(c: Context) -> str:
        values, visits = c.values, c.visits
        out = []
        for test, then, other, fn in rows:
            if test is not None:
                text = then if test(values, visits, c) else other
            elif fn is None:
                text = then
            else:
                text = fn(c)
            if text:
                out.append(text)
        return "\n\n".join(out)

    return resolve


def _static_if(node: Node, sites: list[VariantSite | None]) -> _Row | None:
    """An if with a compiled condition and plain-text branches, as a row of a plan."""
    if not isinstance(node, If) or node.condition is None:
        return None
    then = compile_node(node.then, sites, True)
    otherwise = "" if node.otherwise is None else compile_node(node.otherwise, sites, True)
    if isinstance(then, str) and isinstance(otherwise, str):
        return (node.condition.expression.evaluate, then, otherwise, None)
    return None


def _stripped(fn: Resolver) -> Resolver:
    return lambda c: fn(c).strip()


def as_resolver(piece: Compiled) -> Resolver:
    """A compiled piece as a closure, a constant one for plain text."""
    if isinstance(piece, str):
        return lambda c: piece
    return piece
