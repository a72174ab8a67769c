"""The expression language of conditions and effects.

A small recursive-descent parser of our own, never `eval`: the grammar only has
integers, booleans, declared names, arithmetic, comparisons, `and`/`or`/`not`,
`visited()`/`chosen()`, in prose `visits()`/`diverged()`, and `random(a, b)` in effects
(the loader turns each of its values into a weighted branch, so the engine never draws
it itself). Expressions are
type-checked and compiled into closures when the story loads, so evaluating one during
play is a few function calls.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from game.frozen import frozen

if TYPE_CHECKING:
    from game.story.prose_tree import Context

MAX_LENGTH = 500
MAX_DEPTH = 32

INT = "int"
BOOL = "bool"

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<call>(?:visited|chosen|visits|diverged|random)\s*\(\s*(?P<arg>[^()]*?)\s*\))
    | (?P<int>\d+)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|\(|\))
    )""",
    re.VERBOSE,
)

_KEYWORDS = {"and", "or", "not", "true", "false"}
COMPARISONS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul}


EXCERPT_WIDTH = 80


class ExpressionError(ValueError):
    """A problem in an expression; `offset` is the character where it was found.

    `kind` says what went wrong, so the loader files it under its code without reading
    the message: invalid (syntax, type, size), an unknown name, or a `visited()` or
    `chosen()` that names nothing.
    """

    INVALID = "invalid"
    UNKNOWN_NAME = "unknown name"
    UNRESOLVED = "unresolved"

    def __init__(self, message: str, offset: int = 0, kind: str = INVALID):
        super().__init__(message)
        self.offset = offset
        self.kind = kind

    def excerpt(self, source: str, width: int = EXCERPT_WIDTH) -> str:
        """The expression as a message quotes it: whole when short, else the stretch
        around the fault, so a 5,000-character condition is not echoed in full."""
        return excerpt(source, self.offset, width)


def excerpt(source: str, offset: int, width: int = EXCERPT_WIDTH) -> str:
    """`source` whole if it is at most `width` characters, else `width` of them around
    `offset` with '...' where text was left out."""
    if len(source) <= width:
        return source
    start = max(0, min(offset - width // 2, len(source) - width))
    cut = source[start : start + width]
    return ("..." if start else "") + cut + ("..." if start + width < len(source) else "")


@frozen
class Token:
    kind: str  # int, name, op, call, end
    text: str
    offset: int
    arg: str = ""


# ----------------------------------------------------------------- the parse tree
# Each node keeps `offset`, the character it starts at, for messages.


class _Node:
    __slots__ = ()

    @property
    def children(self) -> tuple[Node, ...]:
        """The node's operands, left to right (none for a leaf)."""
        kind = type(self)
        names = _FIELD_NAMES.get(kind)
        if names is None:
            node = cast("Node", self)  # every concrete node is one of the dataclasses of Node
            names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(node))
        return tuple(value for name in names if _is_node(value := getattr(self, name)))


# Each node class's fields, found once: `dataclasses.fields` builds its tuple on every call,
# and the linter asks for the children of every node of every condition.
_FIELD_NAMES: dict[type[_Node], tuple[str, ...]] = {}


def _is_node(value: object) -> TypeGuard[Node]:
    return isinstance(value, _Node)


@frozen
class Constant(_Node):
    """An integer, or `true`/`false`."""

    offset: int
    value: int | bool


@frozen
class Name(_Node):
    """A declared stat or flag, read by name."""

    offset: int
    name: str


@frozen
class Visited(_Node):
    """`visited(ref)`: true once the scene `ref` names has been entered."""

    offset: int
    ref: str


@frozen
class Chosen(_Node):
    """`chosen(ref)`: true once the choice `ref` names has been made."""

    offset: int
    ref: str


@frozen
class Visits(_Node):
    """`visits(ref)`, in prose only: how many times the scene `ref` names was entered."""

    offset: int
    ref: str


@frozen
class Diverged(_Node):
    """`diverged()`, in prose only: the world has left history."""

    offset: int


@frozen
class Not(_Node):
    offset: int
    operand: Node


@frozen
class Negate(_Node):
    """Unary minus."""

    offset: int
    operand: Node


@frozen
class And(_Node):
    offset: int
    left: Node
    right: Node


@frozen
class Or(_Node):
    offset: int
    left: Node
    right: Node


@frozen
class Arith(_Node):
    """`+`, `-` or `*` on integers."""

    offset: int
    op: str
    left: Node
    right: Node


@frozen
class Compare(_Node):
    """One of `== != < <= > >=`; comparisons do not chain."""

    offset: int
    op: str
    left: Node
    right: Node


@frozen
class Random(_Node):
    """`random(low, high)`: an integer from low to high inclusive, drawn once per step."""

    offset: int
    low: int
    high: int


Node = (
    Constant | Name | Visited | Chosen | Visits | Diverged | Random
    | Not | Negate | And | Or | Arith | Compare
)  # fmt: skip

# Values an expression reads: names to ints/bools (a bool is an int); the scenes behind
# visited() (in prose, the visit counts by scene, which visits() reads); and the choices
# behind chosen() (in prose, the Context, which also carries diverged()). It gives an int
# or a bool.
Evaluator = Callable[[Mapping[str, int], Container[str], Container[str]], int]


# One empty set for every expression and prose field that names nothing: CPython makes a new
# 216-byte object for each `frozenset()`, and the campaign's load made some 3,500 of them,
# 0.75 MB of its peak memory.
NONE_NAMED: frozenset[str] = frozenset()


def named(items: Iterable[str]) -> frozenset[str]:
    """The names as a frozenset, sharing NONE_NAMED when there are none."""
    found = frozenset(items)
    return found if found else NONE_NAMED


@dataclass(slots=True)
class Expression:
    source: str
    type: str
    evaluate: Evaluator
    tree: Node
    names: frozenset[str] = NONE_NAMED
    scenes: frozenset[str] = NONE_NAMED
    choices: frozenset[str] = NONE_NAMED


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"expression is longer than {MAX_LENGTH} characters")
    tokens: list[Token] = []
    pos = 0
    end = len(source.rstrip())
    while pos < end:
        match = _TOKEN.match(source, pos)
        if match is None or match.end() == pos:
            bad = len(source) - len(source[pos:].lstrip())
            raise ExpressionError(f"unexpected character {source[bad]!r}", bad)
        start = match.start(match.lastgroup or 0)
        if match.group("call"):
            name = match.group("call").split("(")[0].strip()
            arg = match.group("arg").strip().strip("'\"")
            tokens.append(Token("call", name, match.start("call"), arg))
        elif match.group("int") is not None:
            tokens.append(Token("int", match.group("int"), start))
        elif match.group("name") is not None:
            tokens.append(Token("name", match.group("name"), start))
        else:
            tokens.append(Token("op", match.group("op"), start))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


class _Parser:
    """Recursive descent into a tree of the node types above."""

    def __init__(self, source: str):
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect_word(self, word: str) -> bool:
        token = self.peek()
        if token.kind == "name" and token.text == word:
            self.pos += 1
            return True
        return False

    def expect_op(self, *ops: str) -> str | None:
        token = self.peek()
        if token.kind == "op" and token.text in ops:
            self.pos += 1
            return token.text
        return None

    def nest(self, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested deeper than {MAX_DEPTH}", offset)

    def parse(self) -> Node:
        tree = self.parse_or()
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(f"unexpected {token.text!r}", token.offset)
        return tree

    def parse_or(self) -> Node:
        left = self.parse_and()
        while True:
            offset = self.peek().offset
            if not self.expect_word("or"):
                return left
            left = Or(offset, left, self.parse_and())

    def parse_and(self) -> Node:
        left = self.parse_not()
        while True:
            offset = self.peek().offset
            if not self.expect_word("and"):
                return left
            left = And(offset, left, self.parse_not())

    def parse_not(self) -> Node:
        offset = self.peek().offset
        if self.expect_word("not"):
            self.nest(offset)
            inner = self.parse_not()
            self.depth -= 1
            return Not(offset, inner)
        return self.parse_compare()

    def parse_compare(self) -> Node:
        left = self.parse_sum()
        offset = self.peek().offset
        op = self.expect_op(*COMPARISONS)
        if op is None:
            return left
        right = self.parse_sum()
        if self.peek().kind == "op" and self.peek().text in COMPARISONS:
            raise ExpressionError("comparisons cannot be chained; use 'and'", self.peek().offset)
        return Compare(offset, op, left, right)

    def parse_sum(self) -> Node:
        left = self.parse_product()
        while True:
            offset = self.peek().offset
            op = self.expect_op("+", "-")
            if op is None:
                return left
            left = Arith(offset, op, left, self.parse_product())

    def parse_product(self) -> Node:
        left = self.parse_unary()
        while True:
            offset = self.peek().offset
            if self.expect_op("*") is None:
                return left
            left = Arith(offset, "*", left, self.parse_unary())

    def parse_unary(self) -> Node:
        offset = self.peek().offset
        if self.expect_op("-"):
            self.nest(offset)
            inner = self.parse_unary()
            self.depth -= 1
            return Negate(offset, inner)
        return self.parse_atom()

    def parse_atom(self) -> Node:
        token = self.take()
        if token.kind == "int":
            return Constant(token.offset, int(token.text))
        if token.kind == "call":
            if token.text == "diverged":
                if token.arg:
                    raise ExpressionError("diverged() takes nothing in its brackets", token.offset)
                return Diverged(token.offset)
            if token.text == "random":
                return _random(token)
            if not token.arg:
                raise ExpressionError(f"{token.text}() needs a name", token.offset)
            return _CALLS[token.text](token.offset, token.arg)
        if token.kind == "name":
            if token.text == "true":
                return Constant(token.offset, True)
            if token.text == "false":
                return Constant(token.offset, False)
            if token.text in _KEYWORDS:
                raise ExpressionError(f"unexpected {token.text!r}", token.offset)
            if self.peek().kind == "op" and self.peek().text == "(":
                raise ExpressionError(
                    f"unknown function {token.text!r}; only visited(), chosen(), visits(), "
                    "diverged() and random() exist",
                    token.offset,
                )
            return Name(token.offset, token.text)
        if token.kind == "op" and token.text == "(":
            self.nest(token.offset)
            inner = self.parse_or()
            self.depth -= 1
            if self.expect_op(")") is None:
                raise ExpressionError("missing ')'", self.peek().offset)
            return inner
        if token.kind == "end":
            raise ExpressionError("expression ends too early", token.offset)
        raise ExpressionError(f"unexpected {token.text!r}", token.offset)


_CALLS: dict[str, Callable[[int, str], Visited | Chosen | Visits]] = {
    "visited": Visited,
    "chosen": Chosen,
    "visits": Visits,
}
_RANDOM_ARGS = re.compile(r"(-?\d{1,9})\s*,\s*(-?\d{1,9})")


def _random(token: Token) -> Random:
    found = _RANDOM_ARGS.fullmatch(token.arg)
    if found is None:
        raise ExpressionError("random() takes two whole numbers: random(1, 6)", token.offset)
    low, high = int(found.group(1)), int(found.group(2))
    if low > high:
        raise ExpressionError(f"random({low}, {high}) needs low <= high", token.offset)
    return Random(token.offset, low, high)


def random_sites(node: Node) -> list[Random]:
    """Every `random()` in a tree, left to right."""
    if isinstance(node, Random):
        return [node]
    return [site for child in node.children for site in random_sites(child)]


def fix_draws(node: Node, draws: dict[int, int]) -> Node:
    """The tree with each `random()` replaced by the constant `draws` gives its offset."""
    if isinstance(node, Random):
        return Constant(node.offset, draws[node.offset])
    changes = {
        f.name: fix_draws(value, draws)
        for f in dataclasses.fields(node)
        if _is_node(value := getattr(node, f.name))
    }
    if not changes:
        return node
    # mypy checks replace() against every member of the Node union at once; `changes`
    # holds only fields of this node's own class whose values are nodes.
    return dataclasses.replace(node, **changes)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=4096)
def parse(source: str) -> Node:
    """Parse to a tree; stories repeat conditions, so trees are cached by source text."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("empty expression")
    return _Parser(source).parse()


class _Compiler:
    """Type-checks a tree and turns it into closures."""

    def __init__(
        self,
        types: dict[str, str],
        resolve_scene: Callable[[str], str | None],
        resolve_choice: Callable[[str], str | None],
        prose: bool = False,
        draws: dict[int, int] | None = None,
    ):
        self.types = types
        self.draws = draws  # random() at each offset -> the value this branch fixes
        self.resolve_scene = resolve_scene
        self.resolve_choice = resolve_choice
        self.prose = prose
        self.names: set[str] = set()
        self.scenes: set[str] = set()
        self.choices: set[str] = set()

    def compile(self, node: Node) -> tuple[str, Evaluator]:
        """The node's type and closure, by one lookup of its class (a `match` over twelve
        class patterns tried them in turn, a fifth of a large story's load)."""
        rule = _RULES.get(type(node))
        if rule is None:  # pragma: no cover - every node class has its rule
            raise ExpressionError(f"unknown expression {node!r}", node.offset)
        return rule(self, node)

    def constant(self, node: Constant) -> tuple[str, Evaluator]:
        value = node.value
        return (BOOL if isinstance(value, bool) else INT), lambda v, s, c: value

    def name(self, node: Name) -> tuple[str, Evaluator]:
        name = node.name
        typ = self.types.get(name)
        if typ is None:
            raise ExpressionError(
                f"unknown name {name!r}: not a declared stat or flag",
                node.offset,
                ExpressionError.UNKNOWN_NAME,
            )
        self.names.add(name)
        return typ, lambda v, s, c: v[name]

    def scene(self, node: Visited | Visits) -> tuple[str, Evaluator]:
        name = "visited" if isinstance(node, Visited) else "visits"
        if name == "visits" and not self.prose:
            raise ExpressionError(f"{name}() works in prose conditions only", node.offset)
        target = self.resolve_scene(node.ref)
        if target is None:
            raise ExpressionError(
                f"{name}() names no scene {node.ref!r}", node.offset, ExpressionError.UNRESOLVED
            )
        self.scenes.add(target)
        if name == "visits":  # s: visit counts by scene (see prose_tree)
            return INT, lambda v, s, c: cast("Mapping[str, int]", s).get(target, 0)
        return BOOL, lambda v, s, c: target in s

    def diverged(self, node: Diverged) -> tuple[str, Evaluator]:
        if not self.prose:
            raise ExpressionError("diverged() works in prose conditions only", node.offset)
        # c: the prose Context, which carries it
        return BOOL, lambda v, s, c: cast("Context", c).diverged

    def chosen(self, node: Chosen) -> tuple[str, Evaluator]:
        target = self.resolve_choice(node.ref)
        if target is None:
            raise ExpressionError(
                f"chosen() names no choice {node.ref!r}", node.offset, ExpressionError.UNRESOLVED
            )
        self.choices.add(target)
        return BOOL, lambda v, s, c: target in c

    def random(self, node: Random) -> tuple[str, Evaluator]:
        if self.draws is None:
            raise ExpressionError("random() belongs in effects, not in conditions", node.offset)
        drawn = self.draws[node.offset]
        return INT, lambda v, s, c: drawn

    def not_(self, node: Not) -> tuple[str, Evaluator]:
        inner = self.operand(node.operand, BOOL, "not")
        return BOOL, lambda v, s, c: not inner(v, s, c)

    def negate(self, node: Negate) -> tuple[str, Evaluator]:
        inner = self.operand(node.operand, INT, "-")
        return INT, lambda v, s, c: -inner(v, s, c)

    def and_(self, node: And) -> tuple[str, Evaluator]:
        left = self.operand(node.left, BOOL, "and")
        right = self.operand(node.right, BOOL, "and")
        return BOOL, lambda v, s, c: left(v, s, c) and right(v, s, c)

    def or_(self, node: Or) -> tuple[str, Evaluator]:
        left = self.operand(node.left, BOOL, "or")
        right = self.operand(node.right, BOOL, "or")
        return BOOL, lambda v, s, c: left(v, s, c) or right(v, s, c)

    def arith(self, node: Arith) -> tuple[str, Evaluator]:
        fn = ARITHMETIC[node.op]
        left = self.operand(node.left, INT, node.op)
        right = self.operand(node.right, INT, node.op)
        return INT, lambda v, s, c: fn(left(v, s, c), right(v, s, c))

    def compare(self, node: Compare) -> tuple[str, Evaluator]:
        op, left_node, right_node = node.op, node.left, node.right
        fn = COMPARISONS[op]
        left_type, left = self.compile(left_node)
        right_type, right = self.compile(right_node)
        if left_type != right_type:
            raise ExpressionError(
                f"cannot compare {left_type} with {right_type} using {op!r}", node.offset
            )
        if left_type == BOOL and op not in ("==", "!="):
            raise ExpressionError(f"{op!r} compares integers, not booleans", node.offset)
        if type(left_node) is Name and type(right_node) is Constant:
            # `trust > 2`, the usual shape: one call, not three.
            name, constant = left_node.name, right_node.value
            return BOOL, lambda v, s, c: fn(v[name], constant)
        return BOOL, lambda v, s, c: fn(left(v, s, c), right(v, s, c))

    def operand(self, node: Node, want: str, op: str) -> Evaluator:
        typ, fn = self.compile(node)
        if typ != want:
            raise ExpressionError(f"{op!r} needs {want} operands, got {typ}", node.offset)
        return fn


# The compiler's rule for each node class (methods taking the node they are given).
_RULES: dict[type, Callable[[_Compiler, Any], tuple[str, Evaluator]]] = {
    Constant: _Compiler.constant,
    Name: _Compiler.name,
    Visited: _Compiler.scene,
    Visits: _Compiler.scene,
    Diverged: _Compiler.diverged,
    Chosen: _Compiler.chosen,
    Random: _Compiler.random,
    Not: _Compiler.not_,
    Negate: _Compiler.negate,
    And: _Compiler.and_,
    Or: _Compiler.or_,
    Arith: _Compiler.arith,
    Compare: _Compiler.compare,
}


def compile_expression(
    source: str,
    types: dict[str, str],
    resolve_scene: Callable[[str], str | None] = lambda ref: None,
    resolve_choice: Callable[[str], str | None] = lambda ref: None,
    want: str | None = None,
    prose: bool = False,
    draws: dict[int, int] | None = None,
) -> Expression:
    """Parse and type-check `source`; raise ExpressionError with an offset on any problem.

    With `prose`, the condition is one in prose and may use `visits(scene)` (times the
    scene was entered) and `diverged()` (the world has left history); it is then evaluated
    with a mapping of visit counts for the scenes and, for the choices, a
    game.story.prose_tree.Context (which answers `in` and carries `diverged`).

    `draws` fixes the value of the `random()` at each offset (effects only); without it a
    `random()` is an error.
    """
    tree = parse(source)
    compiler = _Compiler(types, resolve_scene, resolve_choice, prose, draws)
    typ, fn = compiler.compile(tree)
    if want is not None and typ != want:
        raise ExpressionError(f"expected a {want} expression, got {typ}")
    return Expression(
        source=source,
        type=typ,
        evaluate=fn,
        tree=tree if draws is None else fix_draws(tree, draws),
        names=named(compiler.names),
        scenes=named(compiler.scenes),
        choices=named(compiler.choices),
    )
