"""The state of one playthrough: immutable, so undo is keeping the old one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from game.engine.grown_set import GrownSet
from game.frozen import frozen
from game.story.model import PAGE_TURN


@frozen
class Step:
    """One entry of the choice log: where the player was, what they chose, what was drawn."""

    scene: str
    choice: str  # the choice's own id, stable across story edits
    draw: int | None = None  # index of the random branch taken, if any

    @property
    def choice_full_id(self) -> str:
        return f"{self.scene}.{self.choice}"

    @property
    def page_turn(self) -> bool:
        """A page break's "Continue": in the log, but not a choice the player made."""
        return self.choice == PAGE_TURN


def choices_in(steps: Iterable[Step]) -> int:
    """How many of `steps` are choices the player made: page turns are not."""
    return sum(1 for step in steps if not step.page_turn)


# How often the shared list keeps a running count of the scenes its steps were made in.
COUNT_SNAPSHOT_EVERY = 256


class _SharedSteps(list[Step]):
    """The append-only list the logs of one line of play share, with running counts.

    `snapshots[k]` counts the scenes of the first k steps; entries below a list's length
    never change, so a snapshot stays true for every view that covers it.
    """

    __slots__ = ("snapshots",)

    def __init__(self, steps: Iterable[Step] = ()) -> None:
        super().__init__(steps)
        self.snapshots: dict[int, Counter[str]] = {0: Counter()}


class StepLog(Sequence[Step]):
    """An immutable choice log whose states share one list, so a step costs O(1), not O(n).

    Each state's log is a view of the first `length` entries of a list the logs of its
    ancestors share. Adding a step to the newest view appends to that list; adding one
    to an older view (after undo) reuses the entry already there when it is the same
    step, and otherwise copies the prefix into a list of its own. A tuple per state
    instead made replaying n steps cost O(n^2) time and memory.
    """

    __slots__ = ("_items", "_length", "_made")

    def __init__(self, steps: Sequence[Step] | None = None):
        self._items: _SharedSteps = _SharedSteps(steps or ())
        self._length = len(self._items)
        self._made = choices_in(self._items)

    @classmethod
    def _view(cls, items: _SharedSteps, length: int, made: int) -> StepLog:
        log = cls.__new__(cls)
        log._items = items
        log._length = length
        log._made = made
        return log

    @property
    def choices_made(self) -> int:
        """The choices the player made in this log, page turns left out: O(1).

        Every count of choices shown (save lists, transcripts, undo, the playtests) reads
        this or `choices_in`, so a page break's "Continue" is never counted as a choice.
        """
        return self._made

    def plus(self, step: Step) -> StepLog:
        """This log with one more step; this log itself never changes.

        Safe without a lock: entries are only ever appended, never changed, and a view
        covers an entry only once it holds this very step (or an equal one). Two threads
        extending one view at once both append; the one whose entry is not there forks.
        """
        items, length = self._items, self._length
        if len(items) == length:
            items.append(step)
        made = self._made + (not step.page_turn)
        there = items[length]
        if there is step or there == step:
            return StepLog._view(items, length + 1, made)
        forked = _SharedSteps([*items[:length], step])
        forked.snapshots.update((k, c) for k, c in items.snapshots.items() if k <= length)
        return StepLog._view(forked, length + 1, made)

    def scene_counts(self) -> Counter[str]:
        """How many steps were made in each scene: O(snapshot interval), not O(length).

        Prose that reads visit counts asks this at every step; counting the whole log
        each time made a long replay quadratic.
        """
        items, length = self._items, self._length
        snapshots = items.snapshots
        start = (length // COUNT_SNAPSHOT_EVERY) * COUNT_SNAPSHOT_EVERY
        while start not in snapshots:
            start -= COUNT_SNAPSHOT_EVERY
        counts = Counter(snapshots[start])
        for index in range(start, length):
            counts[items[index].scene] += 1
            done = index + 1
            if done % COUNT_SNAPSHOT_EVERY == 0 and done not in snapshots:
                snapshots[done] = Counter(counts)
        return counts

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Step, ...]: ...
    def __getitem__(self, index: int | slice) -> Step | tuple[Step, ...]:
        if isinstance(index, slice):
            return tuple(self._items[: self._length][index])
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("step index out of range")
        return self._items[index]

    def __iter__(self) -> Iterator[Step]:
        items = self._items
        for index in range(self._length):
            yield items[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StepLog):
            if other._length != self._length:
                return False
            return other._items is self._items or all(
                a == b for a, b in zip(self, other, strict=True)
            )
        if isinstance(other, tuple | list):
            return len(other) == self._length and all(
                a == b for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"StepLog({list(self)!r})"


@frozen
class GameState:
    seed: int
    scene: str
    values: dict[str, int | bool]  # stat and flag values; never mutated once the state exists
    visited: GrownSet  # scenes entered, shared with the states before it as `steps` is
    chosen: GrownSet  # choices made, likewise
    steps: StepLog  # shared with the states before it: see StepLog
    notes: tuple[str, ...]  # unlocked note ids, in the order they were unlocked
    ending: str | None = None
    # The index of the step where the world left history; None while it follows it.
    diverged: int | None = None

    @property
    def finished(self) -> bool:
        return self.ending is not None

    @property
    def step_count(self) -> int:
        return len(self.steps)

    @property
    def choices_made(self) -> int:
        """Steps the player sees as choices: page turns are not counted."""
        return self.steps.choices_made
