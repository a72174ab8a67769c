"""The expression language: what it accepts, what it refuses, and how it evaluates."""

from __future__ import annotations

import pytest

from game.story.expressions import BOOL, INT, ExpressionError, compile_expression

TYPES = {"secrecy": INT, "escalation": INT, "heard": BOOL}
VALUES = {"secrecy": 7, "escalation": 2, "heard": False}


def evaluate(source, values=VALUES, visited=frozenset(), chosen=frozenset()):
    expr = compile_expression(source, TYPES, lambda ref: f"ch.{ref}", lambda ref: f"ch.s.{ref}")
    return expr.evaluate(values, set(visited), set(chosen))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("secrecy > 5", True),
        ("secrecy - escalation * 2 == 3", True),
        ("(secrecy - escalation) * 2", 10),
        ("-secrecy + 10", 3),
        ("not heard and secrecy >= 7", True),
        ("heard or escalation < 2", False),
        ("heard == false", True),
        ("true", True),
        ("not (secrecy != 7)", True),
    ],
)
def test_evaluation(source, expected):
    assert evaluate(source) == expected


def test_visited_and_chosen():
    assert evaluate("visited(start)", visited={"ch.start"}) is True
    assert evaluate("chosen(go) or visited(start)") is False
    assert evaluate("chosen('go')", chosen={"ch.s.go"}) is True


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("secrecy >", "ends too early"),
        ("secrecy and heard", "'and' needs bool"),
        ("heard < 1", "cannot compare"),
        ("1 < 2 < 3", "cannot be chained"),
        ("__import__('os')", "unexpected character"),
        ("open(1)", "unknown function"),
        ("spies > 1", "unknown name"),
        ("secrecy $ 1", "unexpected character"),
        ("(" * 40 + "1" + ")" * 40, "nested deeper"),
        ("1 + " * 200 + "1", "longer than"),
        ("", "empty"),
    ],
)
def test_refusals(source, fragment):
    with pytest.raises(ExpressionError, match=fragment.replace("(", r"\(")):
        evaluate(source)


def test_want_type_is_enforced():
    with pytest.raises(ExpressionError, match="expected a bool"):
        compile_expression("secrecy + 1", TYPES, want=BOOL)


def test_names_read_are_recorded():
    expr = compile_expression("secrecy > escalation or heard", TYPES)
    assert expr.names == {"secrecy", "escalation", "heard"}


def test_the_parse_tree_is_made_of_named_nodes():
    from game.story.expressions import (
        And,
        Arith,
        Compare,
        Constant,
        Name,
        Not,
        Visited,
        parse,
    )

    tree = parse("not visited(start) and nerve + 1 > 2")
    assert tree == And(
        19,
        Not(0, Visited(4, "start")),
        Compare(33, ">", Arith(29, "+", Name(23, "nerve"), Constant(31, 1)), Constant(35, 2)),
    )
    assert tree.left.operand.ref == "start"
    assert tree.right.children == (tree.right.left, tree.right.right)
