"""Prose that answers back: author text that changes with the game state.

A prose field is a string or a list of parts. Inside any string:

- `{name}` shows a stat's value; `{{` and `}}` are literal braces.
- `{if COND: when true}` and `{if COND: when true | when false}`, COND in the
  expression language of conditions.
- `{seq: a | b | c}` (1st visit a, 2nd b, later c), `{cycle: a | b}` (wraps) and
  `{once: a | b}` (1st visit a, 2nd b, then nothing), counted in visits to the current
  scene, so the text is a function of the choice log and replays exactly.
- Variants nest up to `MAX_DEPTH`. Inside a variant every `}` closes it, so a literal
  brace or bar there is `\\}`, `\\{` or `\\|` (`{{` still works for an opening brace).

A part of the list form is a string or a mapping: `{if: COND, text: PROSE, else: PROSE}`
(an `else` that is itself an `if` mapping makes an elif chain) or `{seq|cycle|once:
[PROSE, ...]}`. Parts are paragraphs: joined by a blank line, and a part that comes out
empty leaves none behind.

Everything is parsed and compiled into closures when the story loads; resolving is
a few calls per variant and never reads anything but the `Context` it is given. Parsing
never raises: every problem comes back as a `Problem` with where it is (`Spot`), and
every limit (depth, branches, variants per field) keeps hostile text cheap to refuse.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Mapping
from typing import TypeGuard

from game.story import codes, fields
from game.story.expressions import NONE_NAMED, Expression, ExpressionError, named
from game.story.prose_compile import as_resolver, compile_node
from game.story.prose_tree import (
    Alternatives,
    ConditionSite,
    Context,
    If,
    Line,
    Node,
    Paragraphs,
    Problem,
    Prose,
    Spot,
    Stat,
    Text,
    VariantSite,
    resolve,
)

__all__ = ["Context", "Problem", "Prose", "Spot", "parse_prose", "resolve"]

MAX_DEPTH = 8  # variants inside variants (inline and list form together)
MAX_BRANCHES = 100  # branches of one seq, cycle or once
MAX_VARIANTS = 1_000  # variants and substitutions in one prose field

VARIANT_KINDS = ("seq", "cycle", "once")

_SPECIAL = re.compile(r"[{}|\\]")
# Literal text: outside variants '}}' is a brace and '|' is itself; inside, both end a branch.
_RUN_TOP = re.compile(r"(?:[^{}\\]++|\{\{|\}\}|\\[{}|]|\\)*+")
_RUN_INNER = re.compile(r"(?:[^{}|\\]++|\{\{|\\[{}|]|\\)*+")
_ESCAPES = re.compile(r"\{(\{)|\}(\})|\\([{}|])")
_HEAD = re.compile(r"[ \t]*(?:(if)\s+|(seq|cycle|once)[ \t]*:)")
_CONDITION_END = re.compile(r"[:{}|]")
_BRACE = re.compile(r"[{}]")
_KEYWORD = re.compile(r"[ \t]*([A-Za-z_]\w*)[ \t]*:")
_LINE_BEFORE = re.compile(r"(?:^|\n)[ \t]*\Z")
_LINE_AFTER = re.compile(r"[ \t]*\n(?:[ \t]*\n)*")
_CLOSING = ("", ".", ",", ";", ":", "!", "?", ")", "\n")


# ---------------------------------------------------------------------------- parsing


class _Stop(Exception):
    """A problem after which the rest of one string cannot be read."""


class _Parser:
    """Reads one prose field, collecting its problems, sites and the names it uses."""

    def __init__(
        self,
        compile_condition: Callable[[str], Expression],
        stats: Collection[str],
        flags: Collection[str],
        variants: bool = True,
        what: str = "the text",
    ):
        self.compile_condition = compile_condition
        self.stats = stats
        self.flags = flags
        self.allow_variants = variants
        self.what = what
        self.problems: list[Problem] = []
        self.conditions: list[ConditionSite] = []
        self.variants: list[VariantSite | None] = []
        self.names: set[str] = set()
        self.count = 0
        self.sources: list[str] = []
        # Per string being read:
        self.text = ""
        self.pos = 0
        self.path: tuple[int | str, ...] = ()
        self.parents: list[tuple[int, int]] = []

    # ----------------------------------------------------------------- problems

    def problem(self, kind: codes.Problem, spot: Spot, /, **values: object) -> None:
        self.problems.append(Problem(kind, spot, tuple(values.items())))

    def stop(self, offset: int, kind: codes.Problem, /, **values: object) -> _Stop:
        """Report a problem that ends the reading of this string, and the exception to raise."""
        self.problem(kind, Spot(self.path, offset), **values)
        return _Stop()

    def condition(self, source: str, spot: Spot) -> ConditionSite | None:
        try:
            expression = self.compile_condition(source)
        except ExpressionError as exc:
            offset = spot.offset + _leading(source) + exc.offset
            self.problem(
                codes.EXPRESSION_PROBLEMS[exc.kind],
                Spot(spot.path, offset),
                what=f"condition {exc.excerpt(source.strip())!r}",
                message=str(exc),
                position=exc.offset + 1,
                source=exc.excerpt(source.strip()),
            )
            return None
        site = ConditionSite(expression, Spot(spot.path, spot.offset + _leading(source)))
        self.conditions.append(site)
        return site

    def reserve(self) -> int:
        """A variant's id, taken before its branches are read so ids run in text order."""
        self.variants.append(None)
        return len(self.variants) - 1

    def place(
        self, variant: int, kind: str, branches: int, spot: Spot, pick: Callable[[Context], int]
    ) -> None:
        parent = self.parents[-1] if self.parents else (None, None)
        self.variants[variant] = VariantSite(
            variant, kind, branches, spot, parent[0], parent[1], pick
        )

    def counted(self, offset: int) -> None:
        self.count += 1
        if self.count > MAX_VARIANTS:
            raise self.stop(offset, codes.PROSE_TOO_MANY_VARIANTS, limit=MAX_VARIANTS)

    # ------------------------------------------------------------ list form

    def prose(self, value: object, path: tuple[int | str, ...], depth: int, blocks: bool) -> Node:
        if isinstance(value, str):
            return self.string(value, path, depth)
        if blocks and isinstance(value, Mapping):
            return Paragraphs((self.part(value, path, depth),))
        if blocks and isinstance(value, list):
            return Paragraphs(
                tuple(self.part(item, path + (i,), depth) for i, item in enumerate(value))
            )
        self.problem(
            codes.PROSE_SHAPE,
            Spot(path),
            what=self.what if not path else "a part",
            expected="text or a list of parts" if blocks else "text",
            actual=_type_name(value),
        )
        return Text("")

    def part(self, value: object, path: tuple[int | str, ...], depth: int) -> Node:
        if self.count > MAX_VARIANTS:
            return Text("")
        if not isinstance(value, Mapping):
            return self.prose(value, path, depth, True)
        self.count += 1
        if self.count > MAX_VARIANTS:
            self.problem(codes.PROSE_TOO_MANY_VARIANTS, Spot(path), limit=MAX_VARIANTS)
            return Text("")
        if depth >= MAX_DEPTH:
            self.problem(codes.PROSE_TOO_DEEP, Spot(path), what="parts", limit=MAX_DEPTH)
            return Text("")
        kinds = [key for key in VARIANT_KINDS if key in value]
        allowed: tuple[str, ...]
        if "if" in value:
            allowed = ("if", "text", "else")
        elif len(kinds) == 1:
            allowed = (kinds[0],)
        else:
            has = " and ".join(kinds) if kinds else "neither 'if' nor seq, cycle or once"
            self.problem(codes.PROSE_PART, Spot(path), has=has)
            return Text("")
        for key in value:
            if key not in allowed:
                self.problem(codes.PROSE_UNKNOWN_FIELD, Spot(path + (key,), key=True), key=key)
        if "if" in value:
            return self.if_part(value, path, depth)
        return self.alternatives_part(value, kinds[0], path, depth)

    def if_part(
        self, value: Mapping[object, object], path: tuple[int | str, ...], depth: int
    ) -> Node:
        source = value["if"]
        if isinstance(source, bool):
            source = str(source).lower()
        variant = self.reserve()
        site = None
        if isinstance(source, str):
            site = self.condition(source, Spot(path + ("if",)))
        else:
            self.problem(
                codes.PROSE_CONDITION_TYPE, Spot(path + ("if",)), actual=_type_name(source)
            )
        if "text" not in value:
            self.problem(codes.PROSE_NO_TEXT, Spot(path))
        self.parents.append((variant, 0))
        then = self.prose(value.get("text", ""), path + ("text",), depth + 1, True)
        self.parents[-1] = (variant, 1)
        otherwise = (
            self.prose(value["else"], path + ("else",), depth + 1, True)
            if "else" in value
            else None
        )
        self.parents.pop()
        self.place(variant, "if", 2, Spot(path + ("if",)), _if_pick(site))
        return If(variant, site, then, otherwise)

    def alternatives_part(
        self, value: Mapping[object, object], kind: str, path: tuple[int | str, ...], depth: int
    ) -> Node:
        items = value[kind]
        spot = Spot(path + (kind,))
        if not isinstance(items, list) or not items:
            self.problem(codes.PROSE_LIST, spot, kind=kind)
            return Text("")
        if len(items) > MAX_BRANCHES:
            self.problem(codes.PROSE_TOO_MANY_BRANCHES, spot, kind=kind, limit=MAX_BRANCHES)
            return Text("")
        variant = self.reserve()
        branches = []
        for index, item in enumerate(items):
            self.parents.append((variant, index))
            branches.append(self.prose(item, path + (kind, index), depth + 1, True))
            self.parents.pop()
        self.place(variant, kind, len(branches), spot, _ALTERNATIVE_PICKS[kind](len(branches)))
        return Alternatives(variant, kind, tuple(branches))

    # -------------------------------------------------------------- inline

    def string(self, text: str, path: tuple[int | str, ...], depth: int) -> Node:
        self.sources.append(text)
        if _SPECIAL.search(text) is None:
            return Text(text)
        self.text, self.pos, self.path = text, 0, path
        marks = (len(self.variants), len(self.conditions), set(self.names), len(self.parents))
        try:
            parts, _ = self.body(depth, None)
        except _Stop:
            # The string is shown as written (the story will not load): forget its sites.
            del self.variants[marks[0] :], self.conditions[marks[1] :], self.parents[marks[3] :]
            self.names = marks[2]
            return Text(text)
        return _line(parts)

    def body(self, depth: int, opened: int | None) -> tuple[list[Node], str]:
        """Text and variants up to the '|' or '}' that ends this branch (at depth 0, the end).

        Runs of literal text, escapes included, are matched by one regular expression and
        unescaped by another, so a megabyte of `{{` or `\\|` costs no Python loop.
        """
        text = self.text
        run = _RUN_TOP if opened is None else _RUN_INNER
        parts: list[Node] = []
        literal = ""
        while True:
            match = run.match(text, self.pos)
            assert match is not None, "a run matches anywhere, if only the empty string"
            if match.end() > self.pos:
                literal += _unescape(match.group())
                self.pos = match.end()
            if self.pos == len(text):
                if opened is not None:
                    raise self.stop(opened, codes.PROSE_UNCLOSED)
                break
            char = text[self.pos]
            if char == "{":
                if literal:
                    parts.append(Text(literal))
                    literal = ""
                parts.append(self.brace(self.pos, depth))
                continue
            if opened is None:  # a '}' that is not doubled
                raise self.stop(self.pos, codes.PROSE_STRAY)
            self.pos += 1  # the '}' or '|' that ends this branch
            break
        if literal:
            parts.append(Text(literal))
        return parts, char if opened is not None else ""

    def brace(self, start: int, depth: int) -> Node:
        """What follows a single '{': a variant or a substitution."""
        self.counted(start)
        head = _HEAD.match(self.text, start + 1)
        if head is None:
            return self.substitution(start)
        if not self.allow_variants:
            raise self.stop(start, codes.PROSE_NO_VARIANTS, what=self.what)
        if depth >= MAX_DEPTH:
            raise self.stop(start, codes.PROSE_TOO_DEEP, what="variants", limit=MAX_DEPTH)
        self.pos = head.end()
        if head.group(1):
            return self.inline_if(start, depth)
        return self.inline_alternatives(start, head.group(2), depth)

    def inline_if(self, start: int, depth: int) -> Node:
        text = self.text
        end = _CONDITION_END.search(text, self.pos)
        if end is None or text[end.start()] != ":":
            raise self.stop(start, codes.PROSE_NO_COLON)
        site = self.condition(text[self.pos : end.start()], Spot(self.path, self.pos))
        self.pos = end.end()
        variant = self.reserve()
        self.parents.append((variant, 0))
        then, stop = self.body(depth + 1, start)
        otherwise = None
        if stop == "|":
            self.parents[-1] = (variant, 1)
            otherwise, stop = self.body(depth + 1, start)
            if stop == "|":
                raise self.stop(self.pos - 1, codes.PROSE_IF_BRANCHES)
        self.parents.pop()
        self.place(variant, "if", 2, Spot(self.path, start), _if_pick(site))
        return If(variant, site, _branch(then), None if otherwise is None else _branch(otherwise))

    def inline_alternatives(self, start: int, kind: str, depth: int) -> Node:
        variant = self.reserve()
        branches: list[Node] = []
        stop = "|"
        while stop == "|":
            if len(branches) == MAX_BRANCHES:
                raise self.stop(start, codes.PROSE_TOO_MANY_BRANCHES, kind=kind, limit=MAX_BRANCHES)
            self.parents.append((variant, len(branches)))
            body, stop = self.body(depth + 1, start)
            self.parents.pop()
            branches.append(_branch(body))
        self.place(
            variant,
            kind,
            len(branches),
            Spot(self.path, start),
            _ALTERNATIVE_PICKS[kind](len(branches)),
        )
        return Alternatives(variant, kind, tuple(branches))

    def substitution(self, start: int) -> Node:
        text = self.text
        end = _BRACE.search(text, start + 1)
        if end is None or text[end.start()] != "}":
            raise self.stop(start, codes.PROSE_UNCLOSED)
        inside = text[start + 1 : end.start()]
        self.pos = end.end()
        keyword = _KEYWORD.match(inside)
        if keyword is not None:
            raise self.stop(start, codes.PROSE_UNKNOWN_VARIANT, keyword=keyword.group(1))
        if "|" in inside:
            raise self.stop(start, codes.PROSE_NO_KEYWORD)
        name = inside.strip()
        spot = Spot(self.path, start)
        if name not in self.stats:
            what = "a flag; only stats" if name in self.flags else "not a declared stat"
            self.problem(codes.SUBSTITUTION, spot, name=name, what=what)
            return Text("")
        self.names.add(name)
        return Stat(name, spot)


def _unescape(run: str) -> str:
    """A literal run as shown: `{{` and `}}` as one brace, `\\{`, `\\}` and `\\|` as the char.

    The escapes were already matched left to right as whole tokens, so replacing left to
    right pairs them the same way; only a run mixing backslashes and braces needs the
    regular expression (its per-match cost is what a megabyte of escapes would feel).
    """
    if "\\" not in run:
        return run.replace("{{", "{").replace("}}", "}") if "{" in run or "}" in run else run
    if "{" not in run and "}" not in run:
        return run.replace("\\|", "|")
    return "".join(filter(None, _ESCAPES.split(run)))


def _leading(source: str) -> int:
    return len(source) - len(source.lstrip())


def _type_name(value: object) -> str:
    """What a value is, in a writer's words, for plain and YAML containers alike."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return fields.type_name(value)


def _branch(parts: list[Node]) -> Node:
    """An inline branch, with the spaces around it trimmed: `{if x: yes | no}`."""
    if parts and isinstance(parts[0], Text):
        parts[0] = Text(parts[0].text.lstrip())
    if parts and isinstance(parts[-1], Text):
        parts[-1] = Text(parts[-1].text.rstrip())
    return _line([p for p in parts if not (isinstance(p, Text) and not p.text)])


def _line(parts: list[Node]) -> Node:
    """Join inline parts; a variant takes along the gap after it when it shows nothing."""
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return Text("")
    parts = list(parts)
    leads = [""] * len(parts)
    absorbs = [""] * len(parts)
    for index, part in enumerate(parts):
        if not isinstance(part, (If, Alternatives)):
            continue
        before = parts[index - 1] if index else None
        after = parts[index + 1] if index + 1 < len(parts) else None
        if before is not None and not isinstance(before, Text):
            continue
        if after is None:
            after = Text("")
        elif not isinstance(after, Text):
            continue
        before_text = before.text if before is not None else ""
        gap = _LINE_AFTER.match(after.text)
        if gap is not None and (before is None or _LINE_BEFORE.search(before_text)):
            absorbs[index] = gap.group(0)
        elif before_text.endswith(" ") and after.text.startswith(" "):
            absorbs[index] = " "
        elif before_text.endswith(" ") and after.text[:1] in _CLOSING:
            leads[index] = " "
            parts[index - 1] = Text(before_text[:-1])
        if absorbs[index]:
            parts[index + 1] = Text(after.text[len(absorbs[index]) :])
    return Line(tuple(parts), tuple(leads), tuple(absorbs))


def _if_pick(site: ConditionSite | None) -> Callable[[Context], int]:
    if site is None:
        return lambda context: 1
    test = site.expression.evaluate
    return lambda context: 0 if test(context.values, context.visits, context) else 1


def _seq_pick(n: int) -> Callable[[Context], int]:
    return lambda context: min(context.here, n) - 1


def _cycle_pick(n: int) -> Callable[[Context], int]:
    return lambda context: (context.here - 1) % n


def _once_pick(n: int) -> Callable[[Context], int]:
    return lambda context: context.here - 1 if context.here <= n else -1


_ALTERNATIVE_PICKS = {"seq": _seq_pick, "cycle": _cycle_pick, "once": _once_pick}


# ------------------------------------------------------------------------ entry point


def parse_prose(
    value: object,
    compile_condition: Callable[[str], Expression],
    stats: Collection[str],
    flags: Collection[str] = (),
    blocks: bool = True,
    variants: bool = True,
    what: str = "the text",
) -> tuple[Prose, list[Problem]]:
    """Parse and compile a prose field; every problem is returned, nothing is raised.

    `value` is a string, or with `blocks` a list of parts or a single part mapping;
    without `variants` only `{name}` substitutions are allowed (choice text).
    `compile_condition` turns a condition's text into an Expression or raises
    ExpressionError. `{name}` may show any of `stats`; a name in `flags` or elsewhere is
    a D021 problem. `what` names the field in messages.
    """
    if is_plain(value):
        return plain_prose(value), []  # most fields: nothing to parse
    if isinstance(value, str):
        quick = substitutions_only(value, stats)
        if quick is not None:
            return quick, []
    parser = _Parser(compile_condition, stats, flags, variants, what)
    tree = parser.prose(value, (), 0, blocks)
    sites = [site for site in parser.variants if site is not None]
    compiled = compile_node(tree, parser.variants, True)
    reads: set[str] = set()
    for site in parser.conditions:
        reads |= site.expression.names
    prose = Prose(
        tree=tree,
        source="\n\n".join(parser.sources),
        names=named(parser.names),
        reads=named(reads),
        conditions=tuple(parser.conditions),
        variants=tuple(sites),
        static=compiled if isinstance(compiled, str) else None,
        resolver=as_resolver(compiled),
    )
    return prose, parser.problems


# `{name}` with nothing else between the braces: a substitution wherever it stands.
_SUBSTITUTION = re.compile(r"\{([A-Za-z_]\w*)\}")


def substitutions_only(text: str, stats: Collection[str]) -> Prose | None:
    """Text whose only braces are `{stat}` of declared stats (`Nerve is {nerve}.`), built
    without the parser: the tree, names and text the parser and compiler would make, for a
    sixth of the work (every scene of a large story may show a stat). Anything else (a
    variant, an escape, a bar, a stray brace, an unknown name, too many) is None, and the
    parser reads it and reports its problems.
    """
    if "|" in text or "\\" in text:
        return None
    pieces = _SUBSTITUTION.split(text)  # literal, name, literal, ..., literal
    names = pieces[1::2]
    literals = pieces[0::2]
    if len(names) > MAX_VARIANTS or not stats_only(literals, names, stats):
        return None
    parts: list[Node] = []
    offset = 0
    for literal, name in zip(literals, names):  # noqa: B905 - one literal more than names
        if literal:
            parts.append(Text(literal))
        offset += len(literal)
        parts.append(Stat(name, Spot((), offset)))
        offset += len(name) + 2
    if literals[-1]:
        parts.append(Text(literals[-1]))
    blank = ("",) * len(parts)
    tree = parts[0] if len(parts) == 1 else Line(tuple(parts), blank, blank)
    # As the compiled line shows it: the field's ends stripped (a stat's value has no
    # space at either end), each stat as str() of its value, which format() also gives.
    shown = list(literals)
    shown[0] = shown[0].lstrip()
    shown[-1] = shown[-1].rstrip()
    return Prose(
        tree=tree,
        source=text,
        names=named(names),
        reads=NONE_NAMED,
        conditions=(),
        variants=(),
        static=None,
        resolver=_substituting(shown, names),
    )


def stats_only(literals: list[str], names: list[str], stats: Collection[str]) -> bool:
    """No brace left between the substitutions, and each names a declared stat."""
    return all("{" not in lit and "}" not in lit for lit in literals) and all(
        name in stats for name in names
    )


def _substituting(literals: list[str], names: list[str]) -> Callable[[Context], str]:
    if len(names) == 1:
        before, name, after = literals[0], names[0], literals[1]
        return lambda c: before + str(c.values[name]) + after
    form = "{}".join(literals)  # no literal holds a brace
    return lambda c: form.format(*[c.values[name] for name in names])


def is_plain(value: object) -> TypeGuard[str]:
    """A string with no brace, bar or backslash: nothing in it to parse (most fields).

    Four substring tests, not a regular expression: a seventh of the time on every
    field of every story loaded.
    """
    return (
        isinstance(value, str)
        and "{" not in value
        and "}" not in value
        and "|" not in value
        and "\\" not in value
    )


def plain_prose(text: str) -> Prose:
    """Prose with nothing in it that varies. Short fields with the same words share one
    (a Prose is never changed once built): outcomes like "You wait." recur."""
    return _shared_plain(text) if len(text) <= SHARED_UP_TO else _plain(text)


SHARED_UP_TO = 200  # characters: the cache below never holds long text


@functools.lru_cache(maxsize=4096)
def _shared_plain(text: str) -> Prose:
    return _plain(text)


def _plain(text: str) -> Prose:
    shown = text.strip()
    return Prose(
        tree=Text(text),
        source=text,
        names=NONE_NAMED,
        reads=NONE_NAMED,
        conditions=(),
        variants=(),
        static=shown,
        resolver=as_resolver(shown),
    )
