"""Playthroughs steered at the `if` branches no other playthrough showed.

The exhaustive proof keeps only what choices read, so it plays no path for what prose
alone reads, and random playthroughs rarely line up a flag, a choice and an ending at
once. For each branch still unshown, a few playthroughs are steered at it: towards the
scenes its text shows in (only through choices from which a chain of gotos still leads
there), taking the choices its condition names in `chosen()` and the effects on the
flags and stats it reads, or, for what shows when the condition is false, keeping away
from them; the conditions of the variants it sits inside count too. Each is played in
the engine like any other playthrough (`Tally.play`), so a branch counts as shown only
when the engine showed it.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from game.engine.rules import available_options, choose, new_game
from game.engine.state import GameState, Step
from game.frozen import frozen
from game.story.expressions import And, Chosen, Compare, Expression, Name, Node, Not, Or
from game.story.model import Choice, Story

RUNS = 8  # steered playthroughs per branch at most, each with its own leanings
MAX_STEPS = 400  # a playthrough that has not arrived by then gives up


@frozen
class Goal:
    """Where a branch's text shows, and the conditions (with the value each must take)
    that put it on show there."""

    key: tuple[int, int, int]  # the branch, as the tally counts it
    scenes: frozenset[str]  # the text shows on arriving in one of these
    choices: frozenset[str]  # or on taking one of these (outcomes and notes)
    tests: tuple[tuple[Expression, bool], ...]


def seek(
    story: Story,
    goals: Iterable[Goal],
    play: Callable[[list[Step]], None],
    unshown: Callable[[Goal], bool],
    seed: int = 0,
) -> None:
    """Play steered playthroughs for each goal, handing each log to `play`, until the
    goal's branch has shown (`unshown` says) or `RUNS` were played."""
    into = _predecessors(story)
    rng = random.Random(seed)
    for goal in goals:
        toward = _leading_to(into, goal.scenes | {c.rpartition(".")[0] for c in goal.choices})
        for _ in range(RUNS):
            if not unshown(goal):
                break
            steps = _walk(story, goal, toward, rng)
            if steps is not None:
                play(steps)


def _walk(story: Story, goal: Goal, toward: set[str], rng: random.Random) -> list[Step] | None:
    choices, names = _leanings(goal, rng)
    state = new_game(story)
    steps: list[Step] = []
    for _ in range(MAX_STEPS):
        if state.scene in goal.scenes and steps:
            return steps
        options = [o.choice for o in available_options(story, state) if o.available]
        if not options:
            return None
        for choice in options:
            if choice.full_id in goal.choices:
                return steps + [_taken(story, state, choice)[0]]
        onward = [c for c in options if any(t in toward for t in c.targets)] or options
        choice = max(onward, key=lambda c: (_score(c, choices, names), rng.random()))
        step, state = _taken(story, state, choice)
        steps.append(step)
    return None


def _taken(story: Story, state: GameState, choice: Choice) -> tuple[Step, GameState]:
    outcome = choose(story, state, choice.id)
    return Step(choice.scene, choice.id, outcome.branch), outcome.state


def _leanings(goal: Goal, rng: random.Random) -> tuple[dict[str, int], dict[str, int]]:
    """(choices to take or avoid: +1/-1 by full id, names to push up or down: +1/-1).

    Each atom leans the way the branch needs it (`not` turns it round, `<` pushes a stat
    down); one in five, at random, leans the other way, since the branch may need only
    one atom of several false, or an `or` either way.
    """
    choices: dict[str, int] = {}
    names: dict[str, int] = {}
    for expression, want in goal.tests:
        for kind, atom, lean in _atoms(expression.tree, 1 if want else -1):
            if rng.random() < 0.2:
                lean = -lean
            if kind == "name":
                names[atom] = lean
            for full_id in expression.choices if kind == "choice" else ():
                if full_id == atom or full_id.endswith("." + atom):  # the ref as written
                    choices[full_id] = lean
    return choices, names


_UP = {">": 1, ">=": 1, "<": -1, "<=": -1}


def _atoms(node: Node, lean: int) -> Iterator[tuple[str, str, int]]:
    """("choice" or "name", its id, +1 for chosen/true/up, -1 for the opposite)."""
    if isinstance(node, Not):
        yield from _atoms(node.operand, -lean)
    elif isinstance(node, (And, Or)):
        yield from _atoms(node.left, lean)
        yield from _atoms(node.right, lean)
    elif isinstance(node, Chosen):
        yield "choice", node.ref, lean
    elif isinstance(node, Name):
        yield "name", node.name, lean
    elif isinstance(node, Compare) and isinstance(node.left, Name) and node.op in _UP:
        yield "name", node.left.name, lean * _UP[node.op]


def _score(choice: Choice, choices: dict[str, int], names: dict[str, int]) -> int:
    score = 3 * choices.get(choice.full_id, 0)
    effects = [*choice.effects, *(e for branch in choice.branches for e in branch.effects)]
    for effect in effects:
        lean = names.get(effect.target, 0)
        if not lean:
            continue
        if effect.kind == "flag":
            score += lean if effect.value else -lean
        elif effect.kind == "add" and effect.expression is None and effect.value:
            score += lean if effect.value > 0 else -lean
    return score


def _predecessors(story: Story) -> dict[str, set[str]]:
    into: dict[str, set[str]] = {scene_id: set() for scene_id in story.scenes}
    for scene_id, scene in story.scenes.items():
        for choice in scene.choices:
            for target in choice.targets:
                if target in into:
                    into[target].add(scene_id)
    return into


def _leading_to(into: dict[str, set[str]], scenes: set[str] | frozenset[str]) -> set[str]:
    """Scenes from which some chain of gotos reaches one of `scenes` (those included)."""
    seen = set(scenes)
    queue = deque(seen)
    while queue:
        for before in into.get(queue.popleft(), ()):
            if before not in seen:
                seen.add(before)
                queue.append(before)
    return seen
