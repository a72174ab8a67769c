"""The expression language of conditions and effects.

A small recursive-descent parser of our own, never `eval`: the grammar only has
integers, booleans, declared names, arithmetic, comparisons, `and`/`or`/`not` and
`visited()`/`chosen()`. Expressions are type-checked and compiled into closures when
the story loads, so evaluating one during play is a few function calls.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_LENGTH = 500
MAX_DEPTH = 32

INT = "int"
BOOL = "bool"

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<call>(?:visited|chosen)\s*\(\s*(?P<arg>[^()]*?)\s*\))
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


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # int, name, op, call, end
    text: str
    offset: int
    arg: str = ""


# Values an expression reads: names to ints/bools, and the sets behind visited()/chosen().
Evaluator = Callable[[dict, set, set], object]


@dataclass(slots=True)
class Expression:
    source: str
    type: str
    evaluate: Evaluator
    tree: tuple
    names: frozenset[str] = field(default_factory=frozenset)
    scenes: frozenset[str] = field(default_factory=frozenset)
    choices: frozenset[str] = field(default_factory=frozenset)


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
        start = match.start(match.lastgroup)
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
    """Recursive descent into a tuple tree: ('int', n), ('name', x), ('op', sym, a, b)..."""

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

    def parse(self) -> tuple:
        tree = self.parse_or()
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(f"unexpected {token.text!r}", token.offset)
        return tree

    def parse_or(self) -> tuple:
        left = self.parse_and()
        while True:
            offset = self.peek().offset
            if not self.expect_word("or"):
                return left
            left = ("or", offset, left, self.parse_and())

    def parse_and(self) -> tuple:
        left = self.parse_not()
        while True:
            offset = self.peek().offset
            if not self.expect_word("and"):
                return left
            left = ("and", offset, left, self.parse_not())

    def parse_not(self) -> tuple:
        offset = self.peek().offset
        if self.expect_word("not"):
            self.nest(offset)
            inner = self.parse_not()
            self.depth -= 1
            return ("not", offset, inner)
        return self.parse_compare()

    def parse_compare(self) -> tuple:
        left = self.parse_sum()
        offset = self.peek().offset
        op = self.expect_op(*COMPARISONS)
        if op is None:
            return left
        right = self.parse_sum()
        if self.peek().kind == "op" and self.peek().text in COMPARISONS:
            raise ExpressionError("comparisons cannot be chained; use 'and'", self.peek().offset)
        return ("cmp", offset, op, left, right)

    def parse_sum(self) -> tuple:
        left = self.parse_product()
        while True:
            offset = self.peek().offset
            op = self.expect_op("+", "-")
            if op is None:
                return left
            left = ("arith", offset, op, left, self.parse_product())

    def parse_product(self) -> tuple:
        left = self.parse_unary()
        while True:
            offset = self.peek().offset
            if self.expect_op("*") is None:
                return left
            left = ("arith", offset, "*", left, self.parse_unary())

    def parse_unary(self) -> tuple:
        offset = self.peek().offset
        if self.expect_op("-"):
            self.nest(offset)
            inner = self.parse_unary()
            self.depth -= 1
            return ("neg", offset, inner)
        return self.parse_atom()

    def parse_atom(self) -> tuple:
        token = self.take()
        if token.kind == "int":
            return ("int", token.offset, int(token.text))
        if token.kind == "call":
            if not token.arg:
                raise ExpressionError(f"{token.text}() needs a name", token.offset)
            return (token.text, token.offset, token.arg)
        if token.kind == "name":
            if token.text == "true":
                return ("bool", token.offset, True)
            if token.text == "false":
                return ("bool", token.offset, False)
            if token.text in _KEYWORDS:
                raise ExpressionError(f"unexpected {token.text!r}", token.offset)
            if self.peek().kind == "op" and self.peek().text == "(":
                raise ExpressionError(
                    f"unknown function {token.text!r}; only visited() and chosen() exist",
                    token.offset,
                )
            return ("name", token.offset, token.text)
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


@functools.lru_cache(maxsize=4096)
def parse(source: str) -> tuple:
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
    ):
        self.types = types
        self.resolve_scene = resolve_scene
        self.resolve_choice = resolve_choice
        self.names: set[str] = set()
        self.scenes: set[str] = set()
        self.choices: set[str] = set()

    def compile(self, node: tuple) -> tuple[str, Evaluator]:
        kind = node[0]
        offset = node[1]
        if kind == "int":
            value = node[2]
            return INT, lambda v, s, c: value
        if kind == "bool":
            flag = node[2]
            return BOOL, lambda v, s, c: flag
        if kind == "name":
            name = node[2]
            typ = self.types.get(name)
            if typ is None:
                raise ExpressionError(
                    f"unknown name {name!r}: not a declared stat or flag",
                    offset,
                    ExpressionError.UNKNOWN_NAME,
                )
            self.names.add(name)
            return typ, lambda v, s, c: v[name]
        if kind == "visited":
            target = self.resolve_scene(node[2])
            if target is None:
                raise ExpressionError(
                    f"visited() names no scene {node[2]!r}", offset, ExpressionError.UNRESOLVED
                )
            self.scenes.add(target)
            return BOOL, lambda v, s, c: target in s
        if kind == "chosen":
            target = self.resolve_choice(node[2])
            if target is None:
                raise ExpressionError(
                    f"chosen() names no choice {node[2]!r}", offset, ExpressionError.UNRESOLVED
                )
            self.choices.add(target)
            return BOOL, lambda v, s, c: target in c
        if kind == "not":
            inner = self.operand(node[2], BOOL, "not")
            return BOOL, lambda v, s, c: not inner(v, s, c)
        if kind == "neg":
            inner = self.operand(node[2], INT, "-")
            return INT, lambda v, s, c: -inner(v, s, c)
        if kind in ("and", "or"):
            left = self.operand(node[2], BOOL, kind)
            right = self.operand(node[3], BOOL, kind)
            if kind == "and":
                return BOOL, lambda v, s, c: left(v, s, c) and right(v, s, c)
            return BOOL, lambda v, s, c: left(v, s, c) or right(v, s, c)
        if kind == "arith":
            fn = ARITHMETIC[node[2]]
            left = self.operand(node[3], INT, node[2])
            right = self.operand(node[4], INT, node[2])
            return INT, lambda v, s, c: fn(left(v, s, c), right(v, s, c))
        if kind == "cmp":
            op = node[2]
            fn = COMPARISONS[op]
            left_type, left = self.compile(node[3])
            right_type, right = self.compile(node[4])
            if left_type != right_type:
                raise ExpressionError(
                    f"cannot compare {left_type} with {right_type} using {op!r}", offset
                )
            if left_type == BOOL and op not in ("==", "!="):
                raise ExpressionError(f"{op!r} compares integers, not booleans", offset)
            return BOOL, lambda v, s, c: fn(left(v, s, c), right(v, s, c))
        raise ExpressionError(f"unknown expression {kind!r}", offset)  # pragma: no cover

    def operand(self, node: tuple, want: str, op: str) -> Evaluator:
        typ, fn = self.compile(node)
        if typ != want:
            raise ExpressionError(f"{op!r} needs {want} operands, got {typ}", node[1])
        return fn


def compile_expression(
    source: str,
    types: dict[str, str],
    resolve_scene: Callable[[str], str | None] = lambda ref: None,
    resolve_choice: Callable[[str], str | None] = lambda ref: None,
    want: str | None = None,
) -> Expression:
    """Parse and type-check `source`; raise ExpressionError with an offset on any problem."""
    tree = parse(source)
    compiler = _Compiler(types, resolve_scene, resolve_choice)
    typ, fn = compiler.compile(tree)
    if want is not None and typ != want:
        raise ExpressionError(f"expected a {want} expression, got {typ}")
    return Expression(
        source=source,
        type=typ,
        evaluate=fn,
        tree=tree,
        names=frozenset(compiler.names),
        scenes=frozenset(compiler.scenes),
        choices=frozenset(compiler.choices),
    )
