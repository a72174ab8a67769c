"""What values a condition can see, and what it can be over all of them.

Used by the linter to prove a condition constant, or to find values under which every
choice of a scene is closed. Each stat ranges over [min, max] if any effect changes it
(else it keeps its start value); each flag over false and the values effects give it;
`visited()` and `chosen()` over true and false, except that the scene a choice stands
in, and the start, are always visited. These are supersets of what play can reach, so
"always true" or "always false" over them is a proof; a dead end found here is only a
possibility, which `deniable playtest` settles.

A stat the expressions only compare with numbers (`nerve > 2`, `nerve`) is tried at one
value of each run between the numbers, which is as good as every value and does not grow
with its range; one read any other way (`nerve + trust > 9`) is tried at every value,
or, past MAX_SPELLED values, at those runs' values only and never counted as a proof.

Small products are enumerated; large ones are sampled, which can show that a condition
is not constant but never claims that it is.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator
from typing import TypeAlias

from game.frozen import frozen
from game.story.expressions import (
    And,
    Compare,
    Constant,
    Expression,
    Name,
    Negate,
    Node,
    Not,
    Or,
)
from game.story.model import Effect, Story

# An input a condition reads: (kind, name, its possible values); kind is "v" (a stat or
# flag), "s" (visited() of a scene) or "c" (chosen() of a choice). A bool is an int.
Axis: TypeAlias = tuple[str, str, tuple[int, ...]]
Combo: TypeAlias = tuple[int, ...]  # one value per axis

MAX_ENUMERATED = 20_000
SAMPLES = 2_000
MAX_SPELLED = 1001  # a stat read in arithmetic is tried at every value up to this many


class _Some(tuple[int, ...]):
    """Values that stand in for a stat's range without covering every case it tells apart."""


@frozen
class Finding:
    """The values a condition took; `proved` is False when they come from sampling."""

    values: frozenset[bool]
    proved: bool


class Domains:
    """The possible values of every stat and flag in a story, computed once."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.base = story.initial_values()
        self.names: dict[str, tuple[int, ...]] = {}
        self._changed: set[str] = set()
        self._set_names(_all_effects(story))
        self._cache: dict[tuple[object, ...], Finding] = {}

    def _set_names(self, effects: Iterable[Effect]) -> None:
        """Each stat's and flag's values, when only `effects` can change them."""
        changed: set[str] = set()
        flag_values: dict[str, set[bool]] = {}
        for effect in effects:
            changed.add(effect.target)
            if effect.kind == "flag":
                flag_values.setdefault(effect.target, set()).add(bool(effect.value))
        self._changed = {name for name in self.story.stats if name in changed}
        for name, stat in self.story.stats.items():
            if name in changed:
                self.names[name] = (stat.min, stat.max)  # the ends; axes() adds the rest
            else:
                self.names[name] = (stat.start,)
        for name in self.story.flags:
            self.names[name] = tuple(sorted({False} | flag_values.get(name, set())))

    def axes(self, expressions: list[Expression], scene: str) -> list[Axis]:
        """(kind, name, values) for every input the expressions read."""
        axes: list[Axis] = []
        names = sorted(set().union(*(e.names for e in expressions)))
        for name in names:
            if name in self._changed:
                axes.append(("v", name, self.stat_values(name, expressions)))
            else:
                axes.append(("v", name, self.names[name]))
        scenes = sorted(set().union(*(e.scenes for e in expressions)))
        for target in scenes:
            always = target == scene or target == self.story.start
            axes.append(("s", target, (True,) if always else (False, True)))
        for target in sorted(set().union(*(e.choices for e in expressions))):
            axes.append(("c", target, (False, True)))
        return axes

    def stat_values(self, name: str, expressions: list[Expression]) -> tuple[int, ...]:
        """Values of a stat that the expressions cannot tell apart from the rest of its
        range: one from each run between the numbers it is compared with."""
        stat = self.story.stats[name]
        points = {stat.min, stat.max}
        atomic = all(_comparisons(e.tree, name, points, True) for e in expressions)
        if not atomic and stat.max - stat.min < MAX_SPELLED:
            return tuple(range(stat.min, stat.max + 1))
        found = tuple(sorted(p for p in points if stat.min <= p <= stat.max))
        return found if atomic else _Some(found)

    def assignments(self, axes: list[Axis]) -> tuple[Iterator[Combo], bool]:
        """Every combination of axis values, or a fixed sample when there are too many."""
        size = 1
        for _, _, values in axes:
            size *= len(values)
        covered = not any(isinstance(values, _Some) for _, _, values in axes)
        if size <= MAX_ENUMERATED:
            return itertools.product(*(values for _, _, values in axes)), covered
        rng = random.Random(0)
        sample = (tuple(rng.choice(values) for _, _, values in axes) for _ in range(SAMPLES))
        return sample, False

    def environment(
        self, axes: list[Axis], combo: Combo
    ) -> tuple[dict[str, int | bool], set[str], set[str]]:
        values = dict(self.base)
        visited: set[str] = set()
        chosen: set[str] = set()
        for (kind, name, _), value in zip(axes, combo, strict=True):
            if kind == "v":
                values[name] = value
            elif value:
                (visited if kind == "s" else chosen).add(name)
        return values, visited, chosen

    def outcomes(self, expression: Expression, scene: str) -> Finding:
        """Every value the condition takes over the domains."""
        own = scene in expression.scenes
        key = (expression.source, expression.names, expression.scenes, expression.choices, own)
        found = self._cache.get(key)
        if found is not None:
            return found
        axes = self.axes([expression], scene)
        combos, proved = self.assignments(axes)
        seen: set[bool] = set()
        for combo in combos:
            seen.add(bool(expression.evaluate(*self.environment(axes, combo))))
            if len(seen) == 2:
                break
        found = Finding(frozenset(seen), proved)
        self._cache[key] = found
        return found

    def all_closed(
        self, gates: list[tuple[Expression | None, str | None]], scene: str
    ) -> str | None:
        """Values under which every gate is closed, or None if none was found.

        A gate is (condition, once_choice_id): it is closed when the condition is false,
        or when it is once-only and `chosen(once_choice_id)` is true.
        """
        expressions = [condition for condition, _ in gates if condition is not None]
        axes = self.axes(expressions, scene) if expressions else []
        once_ids = sorted({once for _, once in gates if once} - {a[1] for a in axes})
        axes += [("c", once, (False, True)) for once in once_ids]
        combos, _ = self.assignments(axes)
        for combo in combos:
            values, visited, chosen = self.environment(axes, combo)
            if all(
                (once is not None and once in chosen)
                or (condition is not None and not condition.evaluate(values, visited, chosen))
                for condition, once in gates
            ):
                return _describe(axes, combo)
        return None


def _comparisons(node: Node, name: str, points: set[int], truth: bool) -> bool:
    """Add to `points` where each comparison of `name` with a number changes its answer;
    False if the expression reads `name` any other way. `truth`: node is read as a test."""
    match node:
        case Name(name=found) if found == name:
            points |= {0, 1}
            return truth
        case Compare(left=Name(name=found), right=right) if found == name:
            number = _number(right)
            if number is not None:
                points |= {number, number + 1}
                return True
        case Compare(left=left, right=Name(name=found)) if found == name:
            number = _number(left)
            if number is not None:
                points |= {number, number + 1}
                return True
    keeps_truth = isinstance(node, (And, Or, Not))
    return all(_comparisons(child, name, points, keeps_truth) for child in node.children)


def _number(node: Node) -> int | None:
    match node:
        case Constant(value=int() as value):
            return int(value)
        case Negate(operand=Constant(value=int() as value)):
            return -int(value)
    return None


def _describe(axes: list[Axis], combo: Combo) -> str:
    parts: list[str] = []
    for (kind, name, values), value in zip(axes, combo, strict=True):
        if len(values) < 2:
            continue
        if kind == "v":
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            parts.append(f"{name}={shown}")
        elif kind == "s":
            parts.append(f"visited({name})={str(value).lower()}")
        else:
            parts.append(f"chosen({name})={str(value).lower()}")
    return ", ".join(parts) or "always"


def _all_effects(story: Story) -> Iterator[Effect]:
    for choice in story.choices.values():
        yield from choice.effects
        for branch in choice.branches:
            yield from branch.effects
