"""Paths a writer can replay: option numbers for `printf | deniable play --plain`.

A path is replayed through the real engine, which both turns choice ids into the
numbers the plain player shows (locked options are numbered too) and checks that the
playtest's compiled model agrees with the engine. Random branches are drawn from the
seed, so the replay needs a seed whose draws give the path's branches: one is searched
for among the first SEED_SEARCH seeds. Playing can be stopped (a report written past its
time limit: the 50,000-scene story's ending is 40,000 steps, 2-2.5 s to play); a path
not played has its steps and seed but no numbers and no values, and says so.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from game.authoring.replays import Chain, unwind, walk
from game.engine.rules import Outcome, available_options, choose, draw_branch, new_game
from game.engine.state import GameState, Step
from game.story.model import Story

SEED_SEARCH = 20_000
K = TypeVar("K")


class PathError(RuntimeError):
    """The engine refused a step of a playtest path: the compiled model disagrees with it."""


@dataclass(frozen=True)
class Replayable:
    steps: tuple[Step, ...]
    numbers: tuple[int, ...] | None  # what to type at each step; None: not played
    seed: int | None  # None when no seed below SEED_SEARCH draws these branches
    values: dict[str, int | bool] | None  # the stats and flags where it ends; None: not played

    @property
    def choice_ids(self) -> list[str]:
        return [f"{step.scene}.{step.choice}" for step in self.steps]

    def command(self, story_dir: str | None = None) -> str:
        """The shell line that replays the path in the plain player (or, for a path not
        played, why there is none)."""
        if self.numbers is None:
            return (
                "(not played in the engine for the numbers to type: the time limit had "
                "passed; --format json lists its choices)"
            )
        typed = "".join(f"{number}\\n" for number in self.numbers)
        line = f"printf '{typed}' | deniable play --plain"
        if self.seed is not None and self.seed != 0:
            line += f" --seed {self.seed}"
        if story_dir:
            line += f" --story {shlex.quote(story_dir)}"
        return line

    def to_dict(self) -> dict[str, object]:
        return {
            "choices": self.choice_ids,
            "draws": [step.draw for step in self.steps],
            "numbers": None if self.numbers is None else list(self.numbers),
            "seed": self.seed,
        }


def replayable(story: Story, steps: list[Step]) -> Replayable:
    """Replay `steps` in the engine; return the option numbers and a seed that fits."""
    state = new_game(story, 0)
    numbers = []
    for step in steps:
        if state.scene != step.scene:
            raise PathError(f"expected scene {step.scene!r}, the engine is at {state.scene!r}")
        number = _option_number(story, state, step.choice)
        if number is None:
            raise PathError(f"the engine does not offer {step.scene}.{step.choice} here")
        numbers.append(number)
        state = choose(story, state, step.choice, step.draw).state
    return Replayable(tuple(steps), tuple(numbers), find_seed(story, steps), dict(state.values))


def _option_number(story: Story, state: GameState, choice_id: str) -> int | None:
    """The number a player types for `choice_id` in `state`; None where it is not open."""
    option = next((o for o in available_options(story, state) if o.choice.id == choice_id), None)
    return None if option is None or option.locked else option.number


def replayables(
    story: Story, paths: Mapping[K, Chain], stop: Callable[[], bool] | None = None
) -> dict[K, Replayable]:
    """`replayable` of each path, the paths given as chains that share their beginnings:
    each shared beginning is played once (`replays.walk`), not once per path. Once
    `stop` says so, playing stops: the paths not played yet are given unplayed."""
    numbers: dict[int, int] = {}

    def number(node: Chain, before: GameState, outcome: Outcome, _: int) -> None:
        typed = _option_number(story, before, outcome.choice.id)
        assert typed is not None, "the engine just played it"
        numbers[id(node)] = typed

    chains = list(paths.values())
    played, _ = walk(story, chains, keep={id(chain) for chain in chains}, on_step=number, stop=stop)
    made = {}
    for key, chain in paths.items():
        done = played.get(id(chain))
        if done is None:  # stopped before it was played
            unplayed = unwind(chain)
            made[key] = Replayable(tuple(unplayed), None, find_seed(story, unplayed), None)
            continue
        if done.refused is not None or done.state is None:
            made[key] = replayable(story, unwind(chain))  # says what the engine refused
            continue
        steps: list[Step] = []
        typed: list[int] = []
        node = chain
        while node is not None:
            typed.append(numbers[id(node)])
            node, step = node
            steps.append(step)
        steps.reverse()
        typed.reverse()
        made[key] = Replayable(
            tuple(steps), tuple(typed), find_seed(story, steps), dict(done.state.values)
        )
    return made


def find_seed(story: Story, steps: list[Step]) -> int | None:
    """The smallest seed whose draws give every random branch of the path."""
    draws = []
    for number, step in enumerate(steps):
        if step.draw is not None:
            branches = story.choices[f"{step.scene}.{step.choice}"].branches
            draws.append((branches, number, step.draw))
    if not draws:
        return 0
    for seed in range(SEED_SEARCH):
        if all(draw_branch(branches, seed, number) == want for branches, number, want in draws):
            return seed
    return None
