"""A function on a variable's raw values 0..size-1 that is constant on runs of values.

The playtest's state reduction (quotient.py) labels every value of every variable,
scene by scene. A stat may range over a billion values, but the story can tell apart
only as many runs of them as its conditions have thresholds, shifted by the effects
met on the way; so a label is kept as where each run starts, not as one entry per
value, and its cost follows the thresholds, not the range.

An effect chain on one variable (`Ops`) is a sequence of "add k, clamped to the
range" and "set to v"; `pull_back` finds where a label read after the chain can change
as the value before it varies.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

# One effect on a variable, in raw values: (True, v) sets it to v; (False, k) adds k and
# clamps to 0..size-1.
Op = tuple[bool, int]
Ops = tuple[Op, ...]

# Up to this many values a table is spelled out in full: a lookup is then an index.
DENSE_SIZE = 4096


class Pieces:
    """`values[i]` for every raw value from `starts[i]` up to the next start.

    Kept canonical (first start 0, no two neighbouring runs alike), so two equal
    functions compare equal.
    """

    __slots__ = ("size", "starts", "values")

    def __init__(self, starts: tuple[int, ...], values: tuple[int, ...], size: int) -> None:
        self.starts = starts
        self.values = values
        self.size = size

    @classmethod
    def constant(cls, value: int, size: int) -> Pieces:
        return cls((0,), (value,), size)

    @classmethod
    def from_runs(cls, starts: Iterable[int], values: Iterable[int], size: int) -> Pieces:
        """From runs in order of their starts, merging neighbours with the same value."""
        kept_starts: list[int] = []
        kept_values: list[int] = []
        for start, value in zip(starts, values, strict=True):
            if not kept_values or kept_values[-1] != value:
                kept_starts.append(start)
                kept_values.append(value)
        return cls(tuple(kept_starts), tuple(kept_values), size)

    def __getitem__(self, raw: int) -> int:
        return self.values[bisect_right(self.starts, raw) - 1]

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Pieces)
            and self.size == other.size
            and self.starts == other.starts
            and self.values == other.values
        )

    def __hash__(self) -> int:
        return hash((self.size, self.starts, self.values))

    def __repr__(self) -> str:
        return f"Pieces({self.starts}, {self.values}, {self.size})"

    def representatives(self) -> Pieces:
        """Each value's class (its label) replaced by the smallest raw value in the class."""
        first: dict[int, int] = {}
        return Pieces(
            self.starts,
            tuple(first.setdefault(v, s) for s, v in zip(self.starts, self.values, strict=True)),
            self.size,
        )

    def is_identity(self) -> bool:
        """Every raw value its own representative: nothing merged."""
        return len(self.starts) == self.size and self.values == self.starts

    def forgets(self) -> bool:
        """Every raw value stands for 0: the variable is forgotten."""
        return self.values == (0,)

    def table(self) -> tuple[int, ...] | Pieces:
        """A lookup for the hot loop: the full tuple when small enough, else itself."""
        if self.size > DENSE_SIZE:
            return self
        ends = (*self.starts[1:], self.size)
        found: list[int] = []
        for start, end, value in zip(self.starts, ends, self.values, strict=True):
            found.extend([value] * (end - start))
        return tuple(found)


def apply(ops: Ops, raw: int, size: int) -> int:
    """The raw value after the chain of effects."""
    top = size - 1
    for sets, amount in ops:
        if sets:
            raw = amount
        else:
            raw += amount
            raw = top if raw > top else 0 if raw < 0 else raw
    return raw


def pull_back(ops: Ops, starts: Iterable[int], size: int) -> set[int]:
    """Raw values before the chain where a function with runs at `starts` after it may
    change: each start moved back by the amounts added, and where clamping begins."""
    points = {start for start in starts if 0 < start < size}
    for sets, amount in reversed(ops):
        if sets:
            points = set()  # the value after no longer depends on the value before
            continue
        points = {point - amount for point in points}
        points |= {-amount, size - amount}  # below: clamped to 0; from here: to the top
        points = {point for point in points if 0 < point < size}
    return points


def comparison_points(op: str, constant: int, low: int, size: int) -> set[int]:
    """Raw values where a comparison of the value with `constant` may change its answer."""
    if op in ("==", "!="):
        points = {constant, constant + 1}
    elif op in ("<", ">="):
        points = {constant}
    elif op in ("<=", ">"):
        points = {constant + 1}
    else:  # a truth test: zero is false, everything else true
        points = {0, 1}
    return {point - low for point in points if 0 < point - low < size}
