"""The story compiled for playtesting: a game state packed into one integer.

The playtests visit millions of states, so they do not use the engine's `GameState`
(dicts and frozensets) but this reduced form of it, which behaves the same way on
everything that decides what a player can do next:

- Only what some condition or effect expression reads is kept: a stat or flag that
  nothing reads cannot change which choices are open, so leaving it out merges states
  that play identically. The same holds for `visited()` of scenes no expression names,
  and for `chosen()` of choices that are neither named nor once-only in a scene the
  story can come back to.
- At each scene, values that nothing further on can tell apart are merged (see
  quotient.py): a variable nothing reads again is forgotten, a flag that is always set
  before it is read again is forgotten until then, and values of a stat that every
  later condition treats alike become one. States that differ only there are merged.

Both reductions are sound: two states with the same key have the same open choices,
lead to the same keys, and so reach the same scenes, choices, notes and endings.

The packed integer holds each kept stat (as value - min, in as many bits as its range
needs), one bit per kept flag, one per tracked `visited()` scene and one per tracked
`chosen()` choice. Conditions and effects are compiled again, from the expression
trees the loader already checked, into closures over that integer.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeAlias, TypeVar

from game.authoring import scenegraph
from game.authoring.pieces import Pieces
from game.authoring.progress import Deadline
from game.authoring.quotient import CHECK_SCENES, Var, VarKey, partitions
from game.story.expressions import ARITHMETIC as _ARITH
from game.story.expressions import COMPARISONS as _COMPARE
from game.story.expressions import (
    And,
    Arith,
    Chosen,
    Compare,
    Constant,
    Expression,
    Name,
    Negate,
    Node,
    Not,
    Or,
    Visited,
)
from game.story.model import Choice, Effect, Story

_V = TypeVar("_V")

# A compiled expression: its value in a packed state (a bool is an int), or None when an
# abstraction does not keep what it reads.
Evaluate: TypeAlias = Callable[[int], int]
Evaluate3: TypeAlias = Callable[[int], int | None]
# A variable some effect sets -> what those effects read (effect_reads).
EffectReads: TypeAlias = dict[VarKey, set[VarKey]]
Update: TypeAlias = Callable[[int], int]  # an effect: packed state before -> after
# A merged variable's values at a scene: (shift, mask, representative of each raw value),
# spelled out in full for a small range, as runs (pieces.py) for a large one.
Remap: TypeAlias = tuple[tuple[int, int, tuple[int, ...] | Pieces], ...]


@dataclass(slots=True)
class Field:
    """Where one stat or flag lives in the packed state."""

    name: str
    shift: int
    mask: int  # of the field's width, before shifting
    low: int  # stat minimum (0 for flags)
    high: int
    flag: bool


@dataclass(slots=True)
class Edge:
    """One way a choice can go: a branch of a random choice, or its single goto."""

    target: int  # scene index
    effects: tuple[Callable[[int], int], ...]
    set_bits: int  # visited/chosen bits this step sets
    weight: int
    words: int  # the branch outcome's words


@dataclass(slots=True)
class CompiledChoice:
    choice: Choice
    index: int  # in Machine.choices
    condition: Evaluate3 | None  # None (always open); in an abstraction it may give None
    once_bit: int  # the chosen() bit that hides it, or 0 when it cannot be hidden so
    effects: tuple[Callable[[int], int], ...]
    edges: tuple[Edge, ...]
    words: int  # outcome and note
    once_unknown: bool = False  # abstract: once-only, but whether it was chosen is not kept
    made: int = 1  # what taking it adds to the choices made: 0 for a page turn


class Machine:
    """Scenes by index, choices compiled, the initial state and each scene's live mask."""

    def __init__(
        self,
        story: Story,
        tracked: frozenset[VarKey] | None = None,
        reduce: bool = True,
        deadline: Deadline | None = None,
        all_stats: bool = False,
        abandon: bool = False,
    ) -> None:
        """`tracked` (keys ("v", name), ("s", scene), ("c", choice)) makes an abstraction.

        Variables left out are unknown: a condition that needs them evaluates to None
        ("may be either"), and effects on them are dropped. Every real playthrough is
        then a playthrough of the abstraction, so what it cannot reach, play cannot.

        `reduce=False` skips merging states scene by scene (quotient.py): playthroughs
        that never compare states do not need it, and it is the costly part of compiling.
        Past `deadline` it merges no further (what is left stays exact, which is sound),
        but still forgets each variable where play leaves the scenes that read it.
        `all_stats` keeps every stat, read or not, so random runs can report their spread.
        With `abandon`, compiling itself stops past `deadline`, raising TimeUp: for a
        search that would have no time left (a 50,000-scene story compiles for seconds).
        """
        stop = deadline if abandon and deadline is not None else None
        self.story = story
        self.abstract = tracked is not None
        self.scene_ids = list(story.scenes)
        self.scene_index = {scene_id: i for i, scene_id in enumerate(self.scene_ids)}
        # each step below takes a second or so at 50,000 scenes: the clock is looked at
        # between them, and every CHECK_SCENES scenes within the longer ones
        cyclic = scenegraph.on_cycle(story)
        self.cyclic = cyclic  # a once-only choice can be gone only where the story returns
        if stop is not None:
            stop.check()
        read_names, visited_refs, chosen_refs = _references(
            story, set(story.stats) if all_stats else set()
        )
        if stop is not None:
            stop.check()
        once_tracked = {
            choice.full_id
            for choice in story.choices.values()
            if choice.once and choice.scene in cyclic
        }
        if tracked is not None:
            tracked = close_tracked(story, tracked)
            read_names = {name for name in read_names if ("v", name) in tracked}
            visited_refs = {scene for scene in visited_refs if ("s", scene) in tracked}
            chosen_refs = {choice for choice in chosen_refs if ("c", choice) in tracked}
            once_tracked = {choice for choice in once_tracked if ("c", choice) in tracked}
            if stop is not None:
                stop.check()
        self.fields: dict[str, Field] = {}
        shift = 0
        for name in story.stats:
            if name in read_names:
                stat = story.stats[name]
                width = max(1, (stat.max - stat.min).bit_length())
                self.fields[name] = Field(name, shift, (1 << width) - 1, stat.min, stat.max, False)
                shift += width
        for name in story.flags:
            if name in read_names:
                self.fields[name] = Field(name, shift, 1, 0, 1, True)
                shift += 1
        self.visited_bit: dict[str, int] = {}
        for scene_id in sorted(visited_refs):
            self.visited_bit[scene_id] = 1 << shift
            shift += 1
        self.chosen_bit: dict[str, int] = {}
        for choice_id in sorted(chosen_refs | once_tracked):
            self.chosen_bit[choice_id] = 1 << shift
            shift += 1
        self.bits = shift
        self.reduced = reduce
        if reduce:
            tables, exact, spans = partitions(
                self.story,
                self._variables(),
                self.scene_ids,
                _resolve_scene,
                _resolve_choice,
                deadline,
                stop,
            )
            self._share_bits(exact, spans)

        self.choices: list[CompiledChoice] = []
        self.scene_choices: list[tuple[CompiledChoice, ...]] = []
        self.scene_words: list[int] = []
        self.is_ending: list[bool] = []
        note_words = {note_id: _words(note.text.raw) for note_id, note in story.notes.items()}
        for number, scene_id in enumerate(self.scene_ids):
            if stop is not None and number % CHECK_SCENES == 0:
                stop.check()
            scene = story.scenes[scene_id]
            compiled = []
            for choice in scene.choices:
                item = self._compile_choice(choice, len(self.choices), note_words)
                self.choices.append(item)
                compiled.append(item)
            self.scene_choices.append(tuple(compiled))
            words = _words(scene.text.raw)
            if scene.ending is not None:
                words += _words(scene.ending.epilogue.raw)
            self.scene_words.append(words)
            self.is_ending.append(scene.ending is not None)
        if reduce:
            self.live, self.remap = self._reductions(tables)
        else:
            no_remap: Remap = ()
            self.live, self.remap = [-1] * len(self.scene_ids), [no_remap] * len(self.scene_ids)
        start = self.scene_index[story.start]
        self.start_scene = start
        self.start_memory = self.enter(start, self._initial_memory())

    # ------------------------------------------------------------------ packing

    def _initial_memory(self) -> int:
        memory = 0
        values = self.story.initial_values()
        for name, field in self.fields.items():
            value = values[name]
            memory |= (int(value) - field.low) << field.shift
        memory |= self.visited_bit.get(self.story.start, 0)
        return memory

    # ---------------------------------------------------------------- compiling

    def _compile_choice(
        self, choice: Choice, index: int, note_words: Mapping[str, int]
    ) -> CompiledChoice:
        scene = choice.scene
        condition: Evaluate3 | None = None
        if choice.condition is not None:
            if self.abstract:
                condition = self._expression3(choice.condition.tree, scene)
            else:
                condition = self._expression(choice.condition.tree, scene)
        effects = self._effects(choice.effects, scene)
        set_bits = self.chosen_bit.get(choice.full_id, 0)
        edges = []
        targets: list[tuple[int, str, tuple[Effect, ...], int]] = (
            [(1, choice.goto, (), 0)]
            if choice.goto
            else [
                (b.weight, b.goto, b.effects, _words(b.outcome.raw) if b.outcome else 0)
                for b in choice.branches
            ]
        )
        for weight, goto, branch_effects, words in targets:
            edges.append(
                Edge(
                    self.scene_index[goto],
                    self._effects(branch_effects, scene),
                    set_bits | self.visited_bit.get(goto, 0),
                    weight,
                    words,
                )
            )
        once_bit = self.chosen_bit.get(choice.full_id, 0) if choice.once else 0
        return CompiledChoice(
            choice,
            index,
            condition,
            once_bit,
            effects,
            tuple(edges),
            _words(choice.outcome.raw) + note_words.get(choice.note, 0),
            choice.once and not once_bit and self.abstract and choice.scene in self.cyclic,
            0 if choice.page_turn else 1,
        )

    def _effects(self, effects: Iterable[Effect], scene: str) -> tuple[Update, ...]:
        compiled: list[Update] = []
        for effect in effects:
            field = self.fields.get(effect.target)
            if field is None:
                continue  # nothing reads it: it cannot matter
            if field.flag:
                bit = 1 << field.shift
                compiled.append(_set_flag(bit) if effect.value else _clear_flag(bit))
            else:
                amount = (
                    _constant(effect.value)
                    if effect.expression is None
                    else self._expression(effect.expression.tree, scene)
                )
                compiled.append(_stat_effect(field, amount, effect.kind == "set"))
            if effect.unless_visited is not None:
                compiled[-1] = _unless(self.visited_bit[effect.unless_visited], compiled[-1])
        return tuple(compiled)

    def _expression(self, node: Node, scene: str) -> Evaluate:
        """The expression tree as a closure over the packed state."""
        match node:
            case Constant(value=value):
                return _constant(value)
            case Name(name=name):
                field = self.fields[name]
                shift, mask, low = field.shift, field.mask, field.low
                if field.flag:
                    return lambda m: (m >> shift) & 1 == 1
                return lambda m: ((m >> shift) & mask) + low
            case Visited(ref=ref):
                bit = self.visited_bit[_resolve_scene(scene, ref)]
                return lambda m: m & bit != 0
            case Chosen(ref=ref):
                bit = self.chosen_bit[_resolve_choice(scene, ref)]
                return lambda m: m & bit != 0
            case Not(operand=operand):
                inner = self._expression(operand, scene)
                return lambda m: not inner(m)
            case Negate(operand=operand):
                inner = self._expression(operand, scene)
                return lambda m: -inner(m)
            case And(left=left_node, right=right_node):
                left, right = (
                    self._expression(left_node, scene),
                    self._expression(right_node, scene),
                )
                return lambda m: left(m) and right(m)
            case Or(left=left_node, right=right_node):
                left, right = (
                    self._expression(left_node, scene),
                    self._expression(right_node, scene),
                )
                return lambda m: left(m) or right(m)
            case Arith(op=op, left=left_node, right=right_node):
                fn = _ARITH[op]
                left, right = (
                    self._expression(left_node, scene),
                    self._expression(right_node, scene),
                )
                return lambda m: fn(left(m), right(m))
            case Compare(op=op, left=left_node, right=right_node):
                fn = _COMPARE[op]
                left, right = (
                    self._expression(left_node, scene),
                    self._expression(right_node, scene),
                )
                return lambda m: fn(left(m), right(m))
        raise ValueError(f"unknown expression node {node!r}")  # pragma: no cover

    def _expression3(self, node: Node, scene: str) -> Evaluate3:
        """Three-valued: True, False, or None when it depends on what is not kept."""
        match node:
            case Name(name=name) if name not in self.fields:
                return _constant(None)
            case Visited(ref=ref) if _resolve_scene(scene, ref) not in self.visited_bit:
                return _constant(None)
            case Chosen(ref=ref) if _resolve_choice(scene, ref) not in self.chosen_bit:
                return _constant(None)
            case Constant() | Name() | Visited() | Chosen():
                return self._expression(node, scene)
            case Not(operand=operand):
                inner = self._expression3(operand, scene)
                return lambda m: None if (v := inner(m)) is None else not v
            case Negate(operand=operand):
                inner = self._expression3(operand, scene)
                return lambda m: None if (v := inner(m)) is None else -v
            case And(left=left_node, right=right_node):
                left = self._expression3(left_node, scene)
                right = self._expression3(right_node, scene)
                return lambda m: _and3(left(m), right(m))
            case Or(left=left_node, right=right_node):
                left = self._expression3(left_node, scene)
                right = self._expression3(right_node, scene)
                return lambda m: _or3(left(m), right(m))
            case Arith() | Compare():
                fn = _ARITH[node.op] if isinstance(node, Arith) else _COMPARE[node.op]
                left = self._expression3(node.left, scene)
                right = self._expression3(node.right, scene)

                def combine(m: int) -> int | None:
                    a, b = left(m), right(m)
                    return None if a is None or b is None else fn(a, b)

                return combine
        raise ValueError(f"unknown expression node {node!r}")  # pragma: no cover

    # ---------------------------------------------------------------- liveness

    def _variables(self) -> dict[VarKey, Var]:
        found: dict[VarKey, Var] = {}
        for name, field in self.fields.items():
            found[("v", name)] = Var(
                ("v", name),
                field.mask + 1 if field.flag else field.high - field.low + 1,
                field.low,
                field.high,
                field.flag,
            )
        for scene_id in self.visited_bit:
            found[("s", scene_id)] = Var(("s", scene_id), 2, 0, 1, True)
        for choice_id in self.chosen_bit:
            found[("c", choice_id)] = Var(("c", choice_id), 2, 0, 1, True)
        return found

    def _place(self, var: VarKey) -> tuple[int, int]:
        """(shift, mask) of a variable in the packed state."""
        kind, name = var
        if kind == "v":
            field = self.fields[name]
            return field.shift, field.mask
        bit = self.visited_bit[name] if kind == "s" else self.chosen_bit[name]
        return bit.bit_length() - 1, 1

    def _share_bits(self, exact: set[VarKey], spans: dict[VarKey, tuple[int, int]]) -> None:
        """Let `visited()` and `chosen()` bits that are never live at once share a bit.

        Such a bit is zero until something sets it, and forgotten (zeroed) where play
        leaves the scenes that can still read it, so two whose stretches of scenes do not
        overlap never hold a value in the same state. Packing them into the same bit
        keeps a long story's state as wide as the most bits live at one point, not as
        wide as every bit of the story; greedy colouring of intervals, ordered by rank.
        """
        first = min(
            [
                bit.bit_length() - 1
                for bit in (*self.visited_bit.values(), *self.chosen_bit.values())
            ],
            default=self.bits,
        )
        keyed = [("s", scene_id) for scene_id in self.visited_bit]
        keyed += [("c", choice_id) for choice_id in self.chosen_bit]
        alone = [
            var
            for var in keyed
            if var in exact or var not in spans or var == ("s", self.story.start)
        ]
        shared = sorted((var for var in keyed if var not in set(alone)), key=lambda v: spans[v])
        position: dict[VarKey, int] = {}
        free_at: list[tuple[int, int]] = []  # (last rank in use, bit) for each shared bit
        shift = first
        for var in alone:
            position[var] = shift
            shift += 1
        for var in shared:
            low, high = spans[var]
            if free_at and free_at[0][0] < low:
                _, bit = heapq.heappop(free_at)
            else:
                bit, shift = shift, shift + 1
            position[var] = bit
            heapq.heappush(free_at, (high, bit))
        self.visited_bit = {name: 1 << position[("s", name)] for name in self.visited_bit}
        self.chosen_bit = {name: 1 << position[("c", name)] for name in self.chosen_bit}
        self.bits = shift

    def _reductions(self, tables: dict[str, dict[VarKey, Pieces]]) -> tuple[list[int], list[Remap]]:
        """For each scene: the mask of what is still read, and the remaps of merged values."""
        everything = (1 << self.bits) - 1
        masks: list[int] = []
        remaps: list[Remap] = []
        for scene_id in self.scene_ids:
            mask = everything
            remap: list[tuple[int, int, tuple[int, ...] | Pieces]] = []
            for var, table in tables[scene_id].items():
                shift, width = self._place(var)
                if table.forgets():
                    mask &= ~(width << shift)
                elif not table.is_identity():
                    remap.append((shift, width, table.table()))
            masks.append(mask)
            remaps.append(tuple(remap))
        return masks, remaps

    # --------------------------------------------------------------------- play

    def enter(self, scene: int, memory: int) -> int:
        """The state as the scene sees it: forgotten and merged values canonical."""
        memory &= self.live[scene]
        for shift, width, table in self.remap[scene]:
            raw = (memory >> shift) & width
            rep = table[raw]
            if rep != raw:
                memory += (rep - raw) << shift
        return memory

    def after_edges(self, item: CompiledChoice, memory: int) -> list[int]:
        """The packed state after each edge of `item`, as its next scene sees it (`enter`
        inlined): the choice's own effects are applied once for all its edges, as a search
        calls this for every open choice of every state."""
        for effect in item.effects:
            memory = effect(memory)
        found = []
        live, remap = self.live, self.remap
        for edge in item.edges:
            after = memory
            for effect in edge.effects:
                after = effect(after)
            target = edge.target
            after = (after | edge.set_bits) & live[target]
            for shift, width, table in remap[target]:
                raw = (after >> shift) & width
                rep = table[raw]
                if rep != raw:
                    after += (rep - raw) << shift
            found.append(after)
        return found


def _and3(a: int | None, b: int | None) -> bool | None:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _or3(a: int | None, b: int | None) -> bool | None:
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def close_tracked(
    story: Story, tracked: Iterable[VarKey], reads: EffectReads | None = None
) -> frozenset[VarKey]:
    """Add whatever an effect on a tracked variable reads, so tracked values stay exact.

    `reads` is `effect_reads(story)`, for a caller that closes many sets: each call
    without it reads every effect of the story once.
    """
    reads = effect_reads(story) if reads is None else reads
    result = set(tracked)
    stack = [var for var in result if var in reads]
    while stack:
        for needed in reads.get(stack.pop(), ()):
            if needed not in result:
                result.add(needed)
                stack.append(needed)
    return frozenset(result)


def effect_reads(story: Story) -> EffectReads:
    """For each stat or flag some effect sets, what those effects read (their expressions,
    and the `visited()` bit an on_first_arrival effect depends on): what keeping that
    variable exact needs kept too. Closing a set over this once per refinement target,
    instead of sweeping every effect until nothing changed, made a 50,000-scene story's
    229,000 targets cost seconds instead of hours."""
    reads: EffectReads = {}
    for choice in story.choices.values():
        for effect in _effects_of(choice):
            needed = expression_vars(effect.expression) if effect.expression else set()
            if effect.unless_visited is not None:
                needed.add(("s", effect.unless_visited))
            reads.setdefault(("v", effect.target), set()).update(needed)
    return reads


def expression_vars(expression: Expression) -> set[VarKey]:
    """The variable keys an expression reads."""
    return (
        {("v", name) for name in expression.names}
        | {("s", scene) for scene in expression.scenes}
        | {("c", choice) for choice in expression.choices}
    )


def _constant(value: _V) -> Callable[[int], _V]:
    return lambda m: value


def _unless(bit: int, effect: Update) -> Update:
    """An on_first_arrival effect: nothing once the scene's visited() bit is set."""
    return lambda m: m if m & bit else effect(m)


def _set_flag(bit: int) -> Update:
    return lambda m: m | bit


def _clear_flag(bit: int) -> Update:
    return lambda m: m & ~bit


def _stat_effect(field: Field, amount: Evaluate, sets: bool) -> Update:
    shift, mask, low, high = field.shift, field.mask, field.low, field.high
    clear = ~(mask << shift)

    def apply(m: int) -> int:
        before = ((m >> shift) & mask) + low
        after = amount(m) if sets else before + amount(m)
        after = high if after > high else low if after < low else after
        return (m & clear) | ((after - low) << shift)

    return apply


def _resolve_scene(scene: str, ref: str) -> str:
    """The loader's rule: `scene` is in the same chapter, `chapter.scene` is global."""
    return ref if "." in ref else f"{scene.partition('.')[0]}.{ref}"


def _resolve_choice(scene: str, ref: str) -> str:
    dots = ref.count(".")
    if dots == 0:
        return f"{scene}.{ref}"
    if dots == 1:
        return f"{scene.partition('.')[0]}.{ref}"
    return ref


def _references(story: Story, kept: set[str]) -> tuple[set[str], set[str], set[str]]:
    """Names, scenes and choices that some condition or effect expression reads, and
    `kept` (names to keep as if something read them).

    A name read only by an effect expression on a name that nothing reads does not
    count: the closure is taken from the conditions outwards.
    """
    names: set[str] = set(kept)
    scenes: set[str] = set()
    choices: set[str] = set()
    effect_reads: list[tuple[str, Expression]] = []
    first_arrivals: list[tuple[str, str]] = []  # an on_first_arrival effect reads visited()
    for choice in story.choices.values():
        if choice.condition is not None:
            names |= choice.condition.names
            scenes |= choice.condition.scenes
            choices |= choice.condition.choices
        for effect in _effects_of(choice):
            if effect.expression is not None:
                effect_reads.append((effect.target, effect.expression))
            if effect.unless_visited is not None:
                first_arrivals.append((effect.target, effect.unless_visited))
    changed = True
    while changed:
        changed = False
        for target, expression in effect_reads:
            if target in names and not (
                expression.names <= names
                and expression.scenes <= scenes
                and expression.choices <= choices
            ):
                names |= expression.names
                scenes |= expression.scenes
                choices |= expression.choices
                changed = True
    scenes |= {scene for target, scene in first_arrivals if target in names}
    return names, scenes, choices


def _effects_of(choice: Choice) -> Iterator[Effect]:
    yield from choice.effects
    for branch in choice.branches:
        yield from branch.effects


@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> int:
    """Words in a text. Remembered: the refinement compiles a machine per search (151 for
    the campaign), and counting every scene, note and outcome again each time was 7% of
    the campaign's proof. It keeps up to 65,536 texts, and keeps them after their story
    is gone: a few megabytes at most, in a command or a test process."""
    return len(text.split())
