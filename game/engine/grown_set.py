"""`GrownSet`: the scenes visited and choices made, shared by a line of play's states.

A state's `visited` and `chosen` are its ancestors' plus one item. As frozensets, each
new scene or choice copied the whole set, so replaying a path of n new scenes cost
O(n^2) (a 10,000-scene path, 1.4 s of the playtest's report). Here the states of one
line of play share one append-only list, each state seeing its first `length` items,
as `StepLog` does for the choice log: adding an item costs O(1) on the newest state,
and a copy of the prefix only when play forks from an older one (undo, then choose).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Set
from typing import TypeVar

_Item = TypeVar("_Item")


class _Shared:
    """The items of one line of play, in the order they were added, with each position."""

    __slots__ = ("items", "position", "lock")

    def __init__(self, items: Iterable[str]) -> None:
        self.items: list[str] = []
        self.position: dict[str, int] = {}
        self.lock = threading.Lock()
        for item in items:
            if item not in self.position:
                self.position[item] = len(self.items)
                self.items.append(item)


class GrownSet(Set[str]):
    """An immutable set of strings; `plus` gives it with one more item in O(1) on the
    newest state of a line of play. Equal to (and usable like) a frozenset of its items."""

    __slots__ = ("_shared", "_length")

    def __init__(self, items: Iterable[str] = ()) -> None:
        self._shared = _Shared(items)
        self._length = len(self._shared.items)

    @classmethod
    def _view(cls, shared: _Shared, length: int) -> GrownSet:
        grown = cls.__new__(cls)
        grown._shared = shared
        grown._length = length
        return grown

    @classmethod
    def _from_iterable(cls, items: Iterable[_Item]) -> frozenset[_Item]:
        # what `|`, `&` and `-` return: a plain frozenset
        return frozenset(items)

    def plus(self, item: str) -> GrownSet:
        """This set with `item`; this set itself never changes."""
        shared, length = self._shared, self._length
        at = shared.position.get(item)
        if at is not None and at < length:
            return self
        with shared.lock:
            items = shared.items
            if len(items) == length:
                items.append(item)
                shared.position[item] = length
                return GrownSet._view(shared, length + 1)
            if items[length] == item:  # another state of this line added the same next
                return GrownSet._view(shared, length + 1)
            forked = [*items[:length], item]
        return GrownSet(forked)

    def members(self) -> list[str]:
        """The items in the order they were added, as a new list (a C-speed copy)."""
        return self._shared.items[: self._length]

    def __contains__(self, item: object) -> bool:
        at = self._shared.position.get(item)  # type: ignore[call-overload]
        return at is not None and at < self._length

    def __iter__(self) -> Iterator[str]:
        return iter(self.members())

    def __len__(self) -> int:
        return self._length

    # The proof keys its table of states by these sets. `Set`'s own hash and equality
    # walk the items in Python: a sixth of one proof test's time went to hashing. The
    # same values, computed by frozenset in C.
    def __hash__(self) -> int:
        return hash(frozenset(self.members()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, GrownSet):
            if len(self) != len(other):
                return False
            if type(self) is type(other) is GrownSet and self._shared is other._shared:
                return True  # one line of play, one length: the same prefix
            return frozenset(self.members()) == frozenset(other.members())
        if isinstance(other, (set, frozenset)):
            return len(self) == len(other) and other.issuperset(self.members())
        return Set.__eq__(self, other)

    def __repr__(self) -> str:
        return f"GrownSet({list(self)!r})"
