"""The state of one playthrough: immutable, so undo is keeping the old one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    """One entry of the choice log: where the player was, what they chose, what was drawn."""

    scene: str
    choice: str  # the choice's own id, stable across story edits
    draw: int | None = None  # index of the random branch taken, if any

    @property
    def choice_full_id(self) -> str:
        return f"{self.scene}.{self.choice}"


@dataclass(frozen=True, slots=True)
class GameState:
    seed: int
    scene: str
    values: dict  # stat and flag values; never mutated once the state exists
    visited: frozenset[str]
    chosen: frozenset[str]
    steps: tuple[Step, ...]
    notes: tuple[str, ...]  # unlocked note ids, in the order they were unlocked
    ending: str | None = None

    @property
    def finished(self) -> bool:
        return self.ending is not None

    @property
    def step_count(self) -> int:
        return len(self.steps)
