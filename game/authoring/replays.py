"""Playing a tree of found paths in the engine, each shared beginning once.

The paths a search finds share their beginnings: chains of `(the path before its last
step, its last step)` (`prove.Chain`). Played one by one from the start, proving n
scenes reachable on a story n scenes long cost n^2 engine steps. Here the chains are
walked as the tree they are, depth first, keeping only the states along the branch being
played: each node of the tree is one engine step, whatever the number of paths through it.

A state's `visited` and `chosen` are shared with the states before it (`GrownSet`), and
extending an older state than the newest of its line copies the line, which a tree
does at every node with more than one child: the copy grew with the depth, so a tree
walk of a long story was quadratic again. Before a second child is played, the parent's
sets are layered instead (`Layered`: the shared set, then a new one that grows), which
costs nothing whatever the depth.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import replace
from typing import TypeAlias, overload

from game.engine.grown_set import GrownSet
from game.engine.rules import Outcome, ReplayDiverged, new_game, replay_step
from game.engine.state import GameState, Step, StepLog
from game.frozen import frozen
from game.story.model import Story

# A path as (the path before its last step, its last step), None for the empty path: the
# paths one search finds share their beginnings, so each costs what it adds.
Chain: TypeAlias = "tuple[Chain, Step] | None"

LAYERS = 16  # layers of a set before it is copied into one (a look-up asks each layer)


def unwind(chain: Chain) -> list[Step]:
    """A chain's steps as a list, first step first."""
    steps: list[Step] = []
    while chain is not None:
        chain, step = chain
        steps.append(step)
    steps.reverse()
    return steps


def chain_of(steps: Iterable[Step]) -> Chain:
    """A list of steps as a chain (of its own: it shares nothing with other chains)."""
    chain: Chain = None
    for step in steps:
        chain = (chain, step)
    return chain


class Layered(GrownSet):
    """A GrownSet read through layers: an older state's set, then what was added since.

    Equal to, and in the same order as, the GrownSet that adding the same items one by
    one would give; `plus` grows the last layer, which no other state extends.
    """

    __slots__ = ("_layers",)

    _layers: tuple[GrownSet, ...]

    @classmethod
    def over(cls, below: GrownSet) -> GrownSet:
        """`below`, with a new empty layer on top for a line of play of its own."""
        layers = below._layers if isinstance(below, Layered) else (below,)
        if len(layers) >= LAYERS:
            layers = (GrownSet(below),)  # copied once, then read through one layer
        return cls._stack((*layers, GrownSet()))

    @classmethod
    def _stack(cls, layers: tuple[GrownSet, ...]) -> Layered:
        made = cls.__new__(cls)
        made._layers = layers
        return made

    def plus(self, item: str) -> GrownSet:
        if item in self:
            return self
        *below, top = self._layers
        return Layered._stack((*below, top.plus(item)))

    def __contains__(self, item: object) -> bool:
        return any(item in layer for layer in self._layers)

    def members(self) -> list[str]:
        return [item for layer in self._layers for item in layer.members()]

    def __len__(self) -> int:
        return sum(len(layer) for layer in self._layers)


class LayeredLog(StepLog):
    """A choice log read as an older state's log, then the steps made since.

    What `StepLog` is to play (the same steps, counts and comparisons); `plus` grows the
    second part, which no other state extends, where the older log would copy itself.
    """

    __slots__ = ("_below", "_top")

    _below: StepLog
    _top: StepLog

    @classmethod
    def over(cls, below: StepLog) -> StepLog:
        """`below`, with a log of its own on top for a line of play of its own."""
        return cls._pair(below, StepLog())

    @classmethod
    def _pair(cls, below: StepLog, top: StepLog) -> LayeredLog:
        made = cls.__new__(cls)
        made._below = below
        made._top = top
        # StepLog's own fields: the length and count it reads, and a list of its own
        # (never appended to) that no other log is
        made._items = StepLog()._items
        made._length = len(below) + len(top)
        made._made = below.choices_made + top.choices_made
        return made

    def plus(self, step: Step) -> StepLog:
        return LayeredLog._pair(self._below, self._top.plus(step))

    def scene_counts(self) -> Counter[str]:
        counts = self._below.scene_counts()
        counts.update(self._top.scene_counts())
        return counts

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Step, ...]: ...
    def __getitem__(self, index: int | slice) -> Step | tuple[Step, ...]:
        if not isinstance(index, slice):
            at = range(self._length)[index]  # IndexError outside, negative from the end
            split = len(self._below)
            return self._below[at] if at < split else self._top[at - split]
        return tuple(self)[index]

    def __iter__(self) -> Iterator[Step]:
        yield from self._below
        yield from self._top

    def __repr__(self) -> str:
        return f"StepLog({list(self)!r})"


def branched(state: GameState) -> GameState:
    """`state` ready to be played on by a second line of play: its log and sets layered,
    so the step after it does not copy every step, scene and choice before it."""
    return replace(
        state,
        steps=LayeredLog.over(state.steps),
        visited=Layered.over(state.visited),
        chosen=Layered.over(state.chosen),
    )


@frozen
class Played:
    """A path played in the engine: where it stopped, and the state it stopped in."""

    refused: int | None  # index of the first step the engine refused; None: all played
    state: GameState | None  # after the last step that fitted, if asked for (`keep`)
    length: int  # the path's steps
    step: Step | None  # the refused step


class Tree:
    """Chains as the tree they make: each node's children, and how many chains end where.

    Nodes are the chains' tuples, known by `id` (the chains given keep them all alive);
    the start, the empty chain, is `None`.
    """

    def __init__(self, chains: Iterable[Chain]) -> None:
        self.chains = list(chains)
        self.children: dict[int, list[Chain]] = {id(None): []}
        self.ending: dict[int, int] = {}
        seen = {id(None)}
        for chain in self.chains:
            self.ending[id(chain)] = self.ending.get(id(chain), 0) + 1
            node = chain
            while node is not None and id(node) not in seen:
                seen.add(id(node))
                parent = node[0]
                self.children.setdefault(id(parent), []).append(node)
                node = parent

    def _post_order(self) -> list[Chain]:
        """Every node, each after all of its children."""
        order: list[Chain] = []
        below: list[Chain] = [None]
        while below:
            node = below.pop()
            order.append(node)
            below += self.children.get(id(node), ())
        order.reverse()
        return order

    def through(self) -> dict[int, int]:
        """For each node, how many of the chains end at it or pass through it."""
        counts: dict[int, int] = {}
        for node in self._post_order():
            total = self.ending.get(id(node), 0)
            for child in self.children.get(id(node), ()):
                total += counts[id(child)]
            counts[id(node)] = total
        return counts

    def heavy_first(self) -> None:
        """Put first among each node's children the one with the most nodes below it.

        The first child is played on its parent's own line of play; every other one
        starts a line of its own, whose choice log is a copy of the steps before it
        (`StepLog`), kept while that branch is played. Heavy first, a branch being played
        holds such copies only where it turned off a heavier branch, which no path does
        more than log2(nodes) times: the long line of a long story is never copied.
        """
        size: dict[int, int] = {}
        for node in self._post_order():
            below = self.children.get(id(node))
            if not below:
                size[id(node)] = 1
                continue
            size[id(node)] = 1 + sum(size[id(child)] for child in below)
            heaviest = max(range(len(below)), key=lambda i: size[id(below[i])])
            below[0], below[heaviest] = below[heaviest], below[0]


def walk(
    story: Story,
    chains: Iterable[Chain],
    seed: int = 0,
    keep: Container[int] = (),
    stop: Callable[[], bool] | None = None,
    on_step: Callable[[Chain, GameState, Outcome, int], None] | None = None,
) -> tuple[dict[int, Played], bool]:
    """Play every chain in the engine from the start, each shared beginning once.

    Returns, by `id` of each chain given, what `replay` from the start gives for it
    (the state only for the chains whose `id` is in `keep`: a state holds its line of
    play), and
    False if `stop` (asked every so many steps) ended the walk before every chain was
    played; those not played are left out. `on_step(node, before, outcome, paths)` sees
    each step played (the node it plays, the state before it, its outcome), with how
    many of the chains given end at or pass through that node: the times playing them
    one by one would have played it.
    """
    results: dict[int, Played] = {}
    if stop is not None and stop():  # before the tree is made: 0.4 s for a 40,000-step path
        return results, False
    tree = Tree(chains)
    tree.heavy_first()
    children, ending = tree.children, tree.ending
    through = tree.through() if on_step is not None else {}
    start = new_game(story, seed)
    if id(None) in ending:
        results[id(None)] = Played(None, start, 0, None)
    # depth first, with the state at each node of the branch being played
    stack: list[tuple[Chain, GameState, int, int]] = [(None, start, 0, 0)]
    steps = 0
    while stack:
        node, state, depth, next_child = stack[-1]
        below = children.get(id(node), ())
        if next_child >= len(below):
            stack.pop()
            continue
        stack[-1] = (node, state, depth, next_child + 1)
        child = below[next_child]
        assert child is not None, "the start is no one's child"
        steps += 1
        if stop is not None and steps % CHECK_STEPS == 0 and stop():
            return results, False
        before = state if next_child == 0 else branched(state)
        try:
            outcome = replay_step(story, before, depth, child[1])
        except ReplayDiverged:
            _refuse(tree, child, results, state, depth, keep)
            continue
        if on_step is not None:
            on_step(child, before, outcome, through[id(child)])
        if id(child) in ending:
            kept = outcome.state if id(child) in keep else None
            results[id(child)] = Played(None, kept, depth + 1, None)
        stack.append((child, outcome.state, depth + 1, 0))
    return results, True


CHECK_STEPS = 1024  # steps between looks at `stop`


def _refuse(
    tree: Tree,
    refused: tuple[Chain, Step],
    results: dict[int, Played],
    state: GameState,
    depth: int,
    keep: Container[int],
) -> None:
    """Every chain through a refused step stops at it, in the state before it."""
    below: list[tuple[Chain, int]] = [(refused, depth + 1)]
    while below:
        node, length = below.pop()
        if id(node) in tree.ending:
            kept = state if id(node) in keep else None
            results[id(node)] = Played(depth, kept, length, refused[1])
        below += [(child, length + 1) for child in tree.children.get(id(node), ())]
