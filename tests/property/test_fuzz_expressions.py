"""Random expressions parse or give a diagnostic; evaluating one touches nothing else."""

from __future__ import annotations

import builtins

from hypothesis import given, settings
from hypothesis import strategies as st

from game.story.expressions import BOOL, INT, ExpressionError, compile_expression

TYPES = {"secrecy": INT, "escalation": INT, "heard": BOOL, "seen": BOOL}
VALUES = {"secrecy": 3, "escalation": 9, "heard": True, "seen": False}

atoms = st.sampled_from(
    ["secrecy", "escalation", "heard", "seen", "0", "7", "true", "false", "visited(a)"]
    + ["chosen(b.c)", "__import__", "os", "x.y", "'s'", "1e3", "0x1f", "None", "lambda"]
)
operators = st.sampled_from(
    [" and ", " or ", " + ", " - ", " * ", " == ", " != ", " < ", " >= ", " ** ", " // ", ".", ","]
)


@st.composite
def expressions(draw):
    parts = [draw(atoms)]
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(["not ", "-", "("])))
        parts.append(draw(operators))
        parts.append(draw(atoms))
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from([")", "", "]"])))
    return "".join(parts)


def compile_or_none(source):
    try:
        return compile_expression(source, TYPES, lambda ref: f"ch.{ref}", lambda ref: f"ch.s.{ref}")
    except ExpressionError as exc:
        assert str(exc)
        assert 0 <= exc.offset <= len(source)
        return None


@settings(max_examples=400, deadline=None)
@given(source=st.one_of(expressions(), st.text(max_size=60)))
def test_random_expressions_parse_or_refuse(source):
    expression = compile_or_none(source)
    if expression is None:
        return
    guarded = {name: getattr(builtins, name) for name in ("__import__", "open", "eval", "exec")}

    def forbidden(*args, **kwargs):
        raise AssertionError("an expression reached outside the language")

    for name in guarded:
        setattr(builtins, name, forbidden)
    try:
        result = expression.evaluate(dict(VALUES), {"ch.a"}, set())
    finally:
        for name, original in guarded.items():
            setattr(builtins, name, original)
    assert isinstance(result, bool) if expression.type == BOOL else type(result) is int
