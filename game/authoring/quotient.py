"""Which values of a stat or flag the rest of the story can still tell apart, scene by scene.

Two values of a variable are interchangeable at a scene when every way the story can go
on from there (every chain of gotos, whatever the conditions) reads them alike: each
condition met on the way gives the same answer for both. Such values can be merged in
the playtest's state key without changing what is reachable. This is a partition
refinement (the coarsest bisimulation, one variable at a time): start with every value
of every variable merged at every scene, then split wherever a scene's conditions or
the effects on the way to a following scene tell two values apart, until nothing
splits.

Special cases fall out of it: a variable nothing reads again is one class (forgotten);
a flag that is always set before it is read again is forgotten until then; a stat above
every threshold still to come, with no effect that could bring it back below, is
merged with the values next to it.

It is sound only for variables that conditions read as `name`, `name OP number` or
`number OP name`, and whose effects are constants. Anything else (a stat in arithmetic,
compared with another stat, or changed by an expression that reads another) is kept
exact everywhere, as is every variable an effect expression reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeAlias

from game.authoring import scenegraph
from game.authoring.pieces import (
    DENSE_SIZE,
    Ops,
    Pieces,
    apply,
    comparison_points,
    pull_back,
)
from game.authoring.progress import Deadline, TimeUp
from game.frozen import frozen
from game.story.expressions import (
    And,
    Chosen,
    Compare,
    Constant,
    Name,
    Negate,
    Node,
    Not,
    Or,
    Visited,
)
from game.story.model import Choice, Effect, Story

# A variable: ("v", stat or flag name), ("s", scene id of a visited()) or ("c", choice id
# of a chosen() or once-only choice).
VarKey: TypeAlias = tuple[str, str]
# A test a condition makes of one variable: (operator, constant), or ("truth", None).
Test: TypeAlias = tuple[str, int | bool | None]
# Each edge's effects on each variable it changes, in raw values (pieces.py).
EdgeMaps: TypeAlias = dict[VarKey, Ops]
Resolver: TypeAlias = Callable[[str, str], str]


@frozen
class Var:
    """A stat, flag, `visited()` bit or `chosen()` bit, with its values as 0..size-1."""

    key: VarKey  # ("v", name) | ("s", scene id) | ("c", choice id)
    size: int
    low: int  # the stat's minimum; raw value r stands for low + r
    high: int
    flag: bool  # a flag or a visited()/chosen() bit: true or false


def _const(node: Node) -> int | bool | None:
    match node:
        case Constant(value=value):
            return value
        case Negate(operand=Constant(value=int() as value)) if not isinstance(value, bool):
            return -value
    return None


def _atom_var(
    node: Node, scene: str, resolve_scene: Resolver, resolve_choice: Resolver
) -> VarKey | None:
    """The variable a leaf reads: ('v', name), ('s', scene) or ('c', choice), else None."""
    match node:
        case Name(name=name):
            return ("v", name)
        case Visited(ref=ref):
            return ("s", resolve_scene(scene, ref))
        case Chosen(ref=ref):
            return ("c", resolve_choice(scene, ref))
    return None


class Atoms:
    """Splits a condition into atomic tests on one variable; marks other reads as exact."""

    def __init__(self, resolve_scene: Resolver, resolve_choice: Resolver) -> None:
        self.resolve_scene = resolve_scene
        self.resolve_choice = resolve_choice

    def collect(
        self, node: Node, scene: str, atoms: dict[VarKey, set[Test]], exact: set[VarKey]
    ) -> None:
        """Add (op, constant) tests per variable to `atoms`; every other read to `exact`."""
        var = _atom_var(node, scene, self.resolve_scene, self.resolve_choice)
        if var is not None:
            atoms.setdefault(var, set()).add(("truth", None))
            return
        if isinstance(node, (And, Or, Not)):
            for part in node.children:
                self.collect(part, scene, atoms, exact)
            return
        if isinstance(node, Compare):
            op, left, right = node.op, node.left, node.right
            left_var = _atom_var(left, scene, self.resolve_scene, self.resolve_choice)
            right_var = _atom_var(right, scene, self.resolve_scene, self.resolve_choice)
            if left_var is not None and _const(right) is not None:
                atoms.setdefault(left_var, set()).add((op, _const(right)))
                return
            if right_var is not None and _const(left) is not None:
                atoms.setdefault(right_var, set()).add((_FLIP[op], _const(left)))
                return
        self.reads(node, scene, exact)

    def reads(self, node: Node, scene: str, found: set[VarKey]) -> None:
        """Every variable a subtree reads."""
        var = _atom_var(node, scene, self.resolve_scene, self.resolve_choice)
        if var is not None:
            found.add(var)
            return
        for part in node.children:
            self.reads(part, scene, found)


_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_TEST: dict[str, Callable[[int, int], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _test(op: str, constant: int | bool | None, value: int, flag: bool) -> bool:
    if op == "truth" or constant is None:  # only "truth" tests have no constant
        return bool(value)
    actual = bool(value) if flag else value
    return _TEST[op](actual, constant)


def partitions(
    story: Story,
    variables: dict[VarKey, Var],
    scene_ids: list[str],
    resolve_scene: Callable[[str, str], str],
    resolve_choice: Callable[[str, str], str],
    deadline: Deadline | None = None,
    stop: Deadline | None = None,
) -> tuple[dict[str, dict[VarKey, Pieces]], set[VarKey], dict[VarKey, tuple[int, int]]]:
    """For each scene and variable, the representative raw value of each raw value.

    Returns (tables, exact, spans): tables[scene][var] maps raw value -> the smallest raw value
    of its class at that scene, given only where that is not every value on its own
    (an all-zero table: the value is forgotten there); variables in `exact` are never
    merged; spans[var] is the (lowest, highest) topological rank of the scenes where the
    variable can be other than zero and unforgotten, or is read, when it is not in `exact`.

    The work is confined to each variable's region: the scenes after something writes it
    and before something reads it. Outside, either it still has its start value (one
    value, nothing to merge) or nothing reads it again (forgotten where play leaves the
    region, and zero from then on). So a story of many short-lived `visited()` and
    once-only bits costs in proportion to how long each one lives, not scenes x bits.
    Past `stop`, it raises TimeUp instead of going on.
    """
    atoms = Atoms(resolve_scene, resolve_choice)
    exact: set[VarKey] = set()
    reads: dict[str, dict[VarKey, set[Test]]] = {scene_id: {} for scene_id in scene_ids}
    for number, scene_id in enumerate(scene_ids):
        if stop is not None and number % CHECK_SCENES == 0:
            stop.check()
        for choice in story.scenes[scene_id].choices:
            if choice.condition is not None:
                atoms.collect(choice.condition.tree, scene_id, reads[scene_id], exact)
            if choice.once and ("c", choice.full_id) in variables:
                reads[scene_id].setdefault(("c", choice.full_id), set()).add(("truth", None))
            for effect in _effects_of(choice):
                if effect.unless_visited is not None and ("v", effect.target) in variables:
                    # on_first_arrival: applied or not by a visited() bit, kept exact
                    exact |= {("v", effect.target), ("s", effect.unless_visited)}
                if effect.expression is None or ("v", effect.target) not in variables:
                    continue
                found: set[VarKey] = set()
                atoms.reads(effect.expression.tree, scene_id, found)
                if found:
                    exact |= found
                    exact.add(("v", effect.target))
    exact &= set(variables)

    # Each edge's effects on each variable (absent: unchanged).
    edges: dict[str, list[tuple[str, EdgeMaps]]] = {}
    predecessors: dict[str, list[str]] = {scene_id: [] for scene_id in scene_ids}
    writers: dict[VarKey, set[str]] = {}
    readers: dict[VarKey, list[str]] = {}
    for number, scene_id in enumerate(scene_ids):
        if stop is not None and number % CHECK_SCENES == 0:
            stop.check()
        out = []
        for choice in story.scenes[scene_id].choices:
            for target, effects in _edges(choice):
                maps = _edge_maps(choice, target, effects, variables)
                out.append((target, maps))
                predecessors[target].append(scene_id)
                for var in maps:
                    writers.setdefault(var, set()).add(target)
        edges[scene_id] = out
        for var in reads[scene_id]:
            readers.setdefault(var, []).append(scene_id)

    if stop is not None:
        stop.check()
    rank = scenegraph.topological_rank(story)
    tables: dict[str, dict[VarKey, Pieces]] = {scene_id: {} for scene_id in scene_ids}
    spans: dict[VarKey, tuple[int, int]] = {}
    for var in variables:
        if var in exact:
            continue
        if stop is not None:
            stop.check()
        spec = variables[var]
        region = _region(writers.get(var, set()), readers.get(var, []), edges, predecessors, rank)
        # Past the deadline nothing more is merged inside a region (kept exact there, which
        # is always sound); forgetting where play leaves it needs no refinement, and keeps
        # the state as narrow as what is live.
        # One variable's refinement can take seconds: it looks at the clock as it goes.
        if deadline is None or not deadline.passed():
            try:
                labels = _refine(var, spec, region, reads, edges, rank, deadline)
            except _Late:  # past the deadline part way: nothing merged, as just above
                if stop is not None:
                    raise TimeUp from None
                labels = {}
            if labels is None:
                exact.add(var)  # too finely told apart to be worth merging: kept exact
                continue
            for number, (scene_id, label) in enumerate(labels.items()):
                if stop is not None and number % CHECK_SCENES == 0:
                    stop.check()
                table = label.representatives()
                if not table.is_identity():
                    tables[scene_id][var] = table
        forgotten = Pieces.constant(0, spec.size)
        leaving = set(writers.get(var, ()))
        for scene_id in region:
            leaving.update(target for target, _ in edges[scene_id])
        for scene_id in leaving - region:
            tables[scene_id][var] = forgotten
        # A scene that reads the variable before anything writes it reads its zero there,
        # so no other variable may hold the shared bit at that scene either.
        ranks = [rank[scene_id] for scene_id in region | leaving | set(readers.get(var, ()))]
        if ranks:
            spans[var] = (min(ranks), max(ranks))
    return tables, exact, spans


def _region(
    written: set[str],
    read: list[str],
    edges: dict[str, list[tuple[str, EdgeMaps]]],
    predecessors: dict[str, list[str]],
    rank: dict[str, int],
) -> set[str]:
    """Scenes some write of a variable leads to that lead on to some read of it."""
    if not written or not read:
        return set()
    last = max(rank[scene_id] for scene_id in read)
    after = {scene_id for scene_id in written if rank[scene_id] <= last}
    queue = list(after)
    while queue:
        for target, _ in edges[queue.pop()]:
            if target not in after and rank[target] <= last:
                after.add(target)
                queue.append(target)
    region = {scene_id for scene_id in read if scene_id in after}
    queue = list(region)
    while queue:
        for source in predecessors[queue.pop()]:
            if source in after and source not in region:
                region.add(source)
                queue.append(source)
    return region


CHECK_SCENES = 1024  # scenes between looks at the clock, when compiling can stop

# A stat of a large range whose values some scene tells apart in more runs than this is
# kept exact: only a loop that adds to it, with a threshold far from its ends, gets here,
# one run per round of refinement. (A small range is refined whatever it takes, as
# every value on its own costs no more.)
MAX_RUNS = 256


class _TooFine(Exception):
    """A label passed MAX_RUNS runs."""


class _Late(Exception):
    """The deadline passed while a variable's values were being told apart."""


CHECK_SPLITS = 64  # scenes split between looks at the clock


def _refine(
    var: VarKey,
    spec: Var,
    region: set[str],
    reads: dict[str, dict[VarKey, set[Test]]],
    edges: dict[str, list[tuple[str, EdgeMaps]]],
    rank: dict[str, int],
    deadline: Deadline | None = None,
) -> dict[str, Pieces] | None:
    """The coarsest labelling of the variable's values, scene by scene, within its region,
    or None when it would pass MAX_RUNS runs somewhere; _Late once `deadline` passes.

    Start with every value alike; split where a condition or a later scene tells two
    apart, until nothing splits. A target outside the region reads nothing: all alike.
    """
    order = sorted(region, key=lambda scene_id: -rank[scene_id])
    alike = Pieces.constant(0, spec.size)
    labels = dict.fromkeys(order, alike)
    # Later scenes first, so a scene's successors are settled before it: only a cycle
    # (scenes of one rank) needs going round until nothing splits.
    start = 0
    splits = 0
    try:
        while start < len(order):
            end = start
            while end < len(order) and rank[order[end]] == rank[order[start]]:
                end += 1
            group = order[start:end]
            changed = True
            while changed:
                changed = False
                for scene_id in group:
                    splits += 1
                    if deadline is not None and splits % CHECK_SPLITS == 0 and deadline.passed():
                        raise _Late
                    if _split(var, spec, scene_id, reads, edges, labels, alike):
                        changed = True
            start = end
    except _TooFine:
        return None
    return labels


def _split(
    var: VarKey,
    spec: Var,
    scene_id: str,
    reads: dict[str, dict[VarKey, set[Test]]],
    edges: dict[str, list[tuple[str, EdgeMaps]]],
    labels: dict[str, Pieces],
    alike: Pieces,
) -> bool:
    """Split the scene's classes by its tests and its successors' classes; True if any.

    Every part of a value's signature is constant on runs, so it is worked out once per
    run, at the run's first value: the runs start wherever the old label, a test, or a
    successor's label (moved back through the edge's effects) can change.
    """
    size = spec.size
    tests = sorted(reads[scene_id].get(var, ()), key=repr)
    old = labels[scene_id]
    points = set(old.starts)
    for op, const in tests:
        if spec.flag:
            points.add(1)
        elif isinstance(const, int):
            points |= comparison_points(op, const, spec.low, size)
    follow: list[tuple[Pieces, Ops | None]] = []
    for target, maps in edges[scene_id]:
        after = labels.get(target, alike)
        ops = maps.get(var)
        follow.append((after, ops))
        if ops is None:
            points.update(after.starts)
        else:
            points |= pull_back(ops, after.starts, size)
    if len(points) > MAX_RUNS and size > DENSE_SIZE:
        raise _TooFine
    starts = sorted(points | {0})
    numbering: dict[tuple[int | bool, ...], int] = {}
    values = []
    for raw in starts:
        value = raw + spec.low
        signature: list[int | bool] = [old[raw]]
        signature += [_test(op, const, value, spec.flag) for op, const in tests]
        for after, ops in follow:
            signature.append(after[raw if ops is None else apply(ops, raw, size)])
        values.append(numbering.setdefault(tuple(signature), len(numbering)))
    new = Pieces.from_runs(starts, values, size)
    if new == old:
        return False
    labels[scene_id] = new
    return True


def _edges(choice: Choice) -> Iterator[tuple[str, tuple[Effect, ...]]]:
    if choice.goto:
        yield choice.goto, tuple(choice.effects)
    for branch in choice.branches:
        yield branch.goto, tuple(choice.effects) + tuple(branch.effects)


def _edge_maps(
    choice: Choice, target: str, effects: tuple[Effect, ...], variables: Mapping[VarKey, Var]
) -> EdgeMaps:
    maps: EdgeMaps = {}
    for effect in effects:
        var = ("v", effect.target)
        spec = variables.get(var)
        if spec is None:
            continue
        if effect.kind == "flag":
            op = (True, int(effect.value))
        else:
            if effect.expression is None:
                amount = effect.value
            elif not (
                effect.expression.names or effect.expression.scenes or effect.expression.choices
            ):
                amount = effect.expression.evaluate({}, set(), set())
            else:
                continue  # depends on other variables: this one is exact
            if effect.kind == "set":
                op = (True, min(spec.high, max(spec.low, int(amount))) - spec.low)
            else:
                op = (False, int(amount))
        maps[var] = (*maps.get(var, ()), op)
    for var in (("s", target), ("c", choice.full_id)):
        if var in variables:
            maps[var] = ((True, 1),)
    return maps


def _effects_of(choice: Choice) -> Iterator[Effect]:
    yield from choice.effects
    for branch in choice.branches:
        yield from branch.effects
