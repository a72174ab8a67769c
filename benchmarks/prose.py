"""Prose that answers back: resolving a scene of 50 conditional paragraphs.

Run: `python -m benchmarks prose`. The baseline is the floor under any resolver: the
same 50 conditions evaluated bare, one call each, in the same run.
"""

from __future__ import annotations

import timeit

from benchmarks.table import BenchRow
from game.story.expressions import BOOL, INT, compile_expression
from game.story.variants import Context, parse_prose

TYPES = {"trust": INT, "brave": BOOL}
PARTS = 50
NUMBER = 2000


def _condition(source: str):
    return compile_expression(source, TYPES, want=BOOL)


def scene() -> list:
    """50 paragraphs, each shown or replaced by another as trust stands."""
    return [
        {"if": f"trust > {i % 5}", "text": f"Paragraph {i}, when true.", "else": f"Paragraph {i}."}
        for i in range(PARTS)
    ]


def _best(fn) -> float:
    """Microseconds per call, the best of five rounds (the least disturbed by the machine)."""
    return min(timeit.repeat(fn, number=NUMBER, repeat=5)) / NUMBER * 1e6


def rows() -> list[BenchRow]:
    prose, problems = parse_prose(scene(), _condition, {"trust"}, {"brave"})
    assert not problems, problems
    context = Context({"trust": 3, "brave": False}, frozenset(), frozenset(), here=2)
    tests = [site.expression.evaluate for site in prose.conditions]
    values, visits = context.values, context.visits

    def bare() -> None:
        for test in tests:
            test(values, visits, context)

    return [
        BenchRow(
            f"resolve a scene of {PARTS} conditional paragraphs",
            _best(lambda: prose.resolve(context)),
            "us",
            _best(bare),
            f"its {PARTS} conditions evaluated bare",
            "<= 50 us",
            50.0,
        )
    ]
