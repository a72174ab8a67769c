"""The exhaustive playtest: a breadth-first search over every distinct game state.

States are the machine's packed keys (scene and what can still be read), so identical
states are merged. Breadth-first order means the first state found in a scene is one
of the fewest choices away, so every path this reports is a shortest one.

What it proves: which scenes, choices, notes and endings some playthrough reaches;
dead ends (a state of a scene that is not an ending with no open choice); soft-locks
(states from which no ending can be reached, such as loops with no way out). When
`max_states` or the time limit stops the search early, "not reached" only means "not
reached yet". The search for soft-locks walks every state found (1.6 million at the
time limit of a 50,000-scene story); past the deadline it stops, and says it looked for
none (`loops_searched`), which is never the same as finding none.

Each state keeps only its parent and the choice that led to it; a path is rebuilt from
those links when it is asked for, so finding every scene costs one link per state, not
a copy of the path to each.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from game.authoring.machine import Machine
from game.authoring.progress import Deadline, Progress, Silent, TimeUp
from game.authoring.replays import Chain, chain_of, unwind
from game.engine.state import Step
from game.story.model import Story

DEFAULT_MAX_STATES = 2_000_000
CHECK_EVERY = 4096  # states between looks at the clock
CHECK_STEPS = 65_536  # array items between looks at the clock, where each costs little


class Paths(Mapping[str, list[Step]]):
    """Target -> its path, each rebuilt from parent links only when it is read.

    Stored as a chain (`replays.Chain`, or what makes one when asked): the paths to many
    targets share their beginnings, which `chain` gives to whatever plays them all
    (`replays.walk`), so that each beginning is played once. A plain path (a list) can
    be stored too.
    """

    def __init__(self) -> None:
        self._found: dict[str, list[Step] | Chain | Callable[[], Chain]] = {}

    def __getitem__(self, name: str) -> list[Step]:
        found = self._found[name]
        if not isinstance(found, list):
            found = self._found[name] = unwind(found() if callable(found) else found)
        return found

    def __setitem__(self, name: str, path: list[Step] | Chain | Callable[[], Chain]) -> None:
        self._found[name] = path

    def chain(self, name: str) -> Chain:
        """The path to `name` as a chain, sharing its beginning with the others' where
        it was stored as one."""
        found = self._found[name]
        if isinstance(found, list):
            return chain_of(found)
        return found() if callable(found) else found

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def __contains__(self, name: object) -> bool:
        return name in self._found


@dataclass
class Exploration:
    """What the search found, with the state index behind every first sighting."""

    machine: Machine
    states: int
    expanded: int
    bound_hit: bool
    parent: array[int]
    via_choice: array[int]
    via_edge: array[int]
    keys: list[int]  # each state: its packed memory, then its scene index
    first_scene: dict[int, int] = field(default_factory=dict)  # scene -> state
    first_choice: dict[int, int] = field(default_factory=dict)  # choice -> state it was taken in
    dead_ends: dict[int, int] = field(default_factory=dict)  # scene -> first dead state
    soft_locks: dict[int, int] = field(default_factory=dict)  # scene -> first stuck state
    timed_out: bool = False  # the time limit stopped it before every state was expanded
    # the states found were searched for soft-locks (False: the time limit passed first,
    # or `max_states` was hit and the caller asked for none then): none found means none
    loops_searched: bool = False
    # the chain to each state on a path asked for, from the start's (the empty chain)
    _chains: dict[int, Chain] = field(default_factory=lambda: {0: None})

    @property
    def story(self) -> Story:
        return self.machine.story

    def chain_to(self, state: int) -> Chain:
        """`path_to(state)` as a chain, sharing its beginning with the chains made before."""
        chains = self._chains
        above = []
        while state not in chains:
            above.append(state)
            state = self.parent[state]
        chain = chains[state]
        machine = self.machine
        for state in reversed(above):
            item = machine.choices[self.via_choice[state]]
            draw = self.via_edge[state] if item.choice.branches else None
            chain = chains[state] = (chain, Step(item.choice.scene, item.choice.id, draw))
        return chain

    def chain_through(self, choice_index: int) -> Chain:
        """`path_through(choice_index)` as a chain."""
        item = self.machine.choices[choice_index]
        draw = 0 if item.choice.branches else None
        step = Step(item.choice.scene, item.choice.id, draw)
        return (self.chain_to(self.first_choice[choice_index]), step)

    def path_to(self, state: int) -> list[Step]:
        """The choices from the start to `state`, fewest first: a choice log the engine replays."""
        steps: list[Step] = []
        machine = self.machine
        while self.parent[state] >= 0:
            item = machine.choices[self.via_choice[state]]
            draw = self.via_edge[state] if item.choice.branches else None
            steps.append(Step(item.choice.scene, item.choice.id, draw))
            state = self.parent[state]
        steps.reverse()
        return steps

    def path_through(self, choice_index: int) -> list[Step]:
        """The shortest path that takes a choice (ending just after it)."""
        item = self.machine.choices[choice_index]
        steps = self.path_to(self.first_choice[choice_index])
        draw = 0 if item.choice.branches else None
        return [*steps, Step(item.choice.scene, item.choice.id, draw)]

    @property
    def scene_bits(self) -> int:
        return max(1, len(self.machine.scene_ids).bit_length())


def explore(
    story: Story,
    max_states: int = DEFAULT_MAX_STATES,
    deadline: Deadline | None = None,
    progress: Progress | None = None,
    loops_past_bound: bool = True,
) -> Exploration:
    """Every distinct state, breadth first, until done, `max_states`, or the deadline;
    then the soft-locks among them, unless the deadline has passed, or `max_states` was
    hit and `loops_past_bound` is False (the caller will search another way)."""
    deadline = deadline or Deadline(None)
    progress = progress or Silent()
    progress.show("compiling the story", force=True)
    machine = Machine(story, deadline=deadline, abandon=True)
    scene_bits = max(1, len(machine.scene_ids).bit_length())
    scene_mask = (1 << scene_bits) - 1
    start = (machine.start_memory << scene_bits) | machine.start_scene
    index = {start: 0}
    keys = [start]
    parent = array("l", [-1])
    via_choice = array("l", [-1])
    via_edge = array("l", [-1])
    edge_from = array("l")
    edge_to = array("l")
    result = Exploration(machine, 0, 0, False, parent, via_choice, via_edge, keys)
    first_scene = result.first_scene
    first_choice = result.first_choice
    dead_ends = result.dead_ends
    scene_choices = machine.scene_choices
    is_ending = machine.is_ending
    after_edges = machine.after_edges
    bound_hit = False
    dead_states = array("l")
    current = 0
    next_check = CHECK_EVERY
    while current < len(keys):
        if current >= next_check:
            next_check += CHECK_EVERY
            if deadline.passed():
                result.timed_out = True
                break
            progress.show(
                f"searching: {current:,} states expanded, {len(keys):,} found, "
                f"{len(first_scene):,} of {len(machine.scene_ids):,} scenes reached"
            )
        key = keys[current]
        scene = key & scene_mask
        memory = key >> scene_bits
        if scene not in first_scene:
            first_scene[scene] = current
        if is_ending[scene]:
            current += 1
            continue
        any_open = False
        for item in scene_choices[scene]:
            once_bit = item.once_bit
            if once_bit and memory & once_bit:
                continue
            condition = item.condition
            if condition is not None and not condition(memory):
                continue
            any_open = True
            if item.index not in first_choice:
                first_choice[item.index] = current
            edges = item.edges
            for edge_number, after in enumerate(after_edges(item, memory)):
                next_key = (after << scene_bits) | edges[edge_number].target
                found = index.get(next_key)
                if found is None:
                    if len(keys) >= max_states:
                        bound_hit = True
                        continue
                    found = len(keys)
                    index[next_key] = found
                    keys.append(next_key)
                    parent.append(current)
                    via_choice.append(item.index)
                    via_edge.append(edge_number)
                edge_from.append(current)
                edge_to.append(found)
        if not any_open:
            dead_states.append(current)
            if scene not in dead_ends:
                dead_ends[scene] = current
        current += 1
    result.states = len(keys)
    result.expanded = current
    result.bound_hit = bound_hit
    if bound_hit and not loops_past_bound and not result.timed_out:
        return result
    # Past the deadline no soft-locks are looked for, and the search counts as stopped
    # by the time limit even if every state was expanded: not every question is settled.
    if not deadline.passed():
        progress.show(f"looking for loops with no way out among {len(keys):,} states", force=True)
        try:
            stuck = _find_soft_locks(
                result, edge_from, edge_to, scene_mask, set(dead_states), deadline
            )
        except TimeUp:  # stopped part way: nothing is decided
            pass
        else:
            result.soft_locks.update(stuck)
            result.loops_searched = True
    result.timed_out = result.timed_out or not result.loops_searched
    return result


def _parts(total: int, deadline: Deadline) -> Iterator[range]:
    """0 to `total` in ranges of `CHECK_STEPS`, each after a look at the clock."""
    for low in range(0, total, CHECK_STEPS):
        deadline.check()
        yield range(low, min(total, low + CHECK_STEPS))


def _find_soft_locks(
    result: Exploration,
    edge_from: array[int],
    edge_to: array[int],
    scene_mask: int,
    dead: set[int],
    deadline: Deadline,
) -> dict[int, int]:
    """States that can reach neither an ending nor a dead end: loops with no way out,
    as each scene with such a state -> its first one.

    (A state whose every future is a dead end is reported through that dead end.)
    Each pass looks at the clock every `CHECK_STEPS` items and raises TimeUp past the
    deadline: then which states are trapped is not decided.
    """
    count = len(result.keys)
    keys = result.keys
    is_ending = result.machine.is_ending
    # Reverse adjacency in compressed form: predecessors of s are sources[start[s]:start[s+1]].
    start = array("l", [0]) * (count + 1)
    for part in _parts(len(edge_to), deadline):
        for target in edge_to[part.start : part.stop]:
            start[target + 1] += 1
    for part in _parts(count, deadline):
        for i in part:
            start[i + 1] += start[i]
    fill = array("l", start[:count])
    sources = array("l", [0]) * len(edge_to)
    for part in _parts(len(edge_to), deadline):
        for source, target in zip(
            edge_from[part.start : part.stop], edge_to[part.start : part.stop], strict=True
        ):
            sources[fill[target]] = source
            fill[target] += 1
    good = bytearray(count)
    queue = []
    expanded = result.expanded
    for part in _parts(count, deadline):
        for state in part:
            # States never expanded (the bound was hit) may still lead somewhere: count
            # them good.
            if is_ending[keys[state] & scene_mask] or state >= expanded or state in dead:
                good[state] = 1
                queue.append(state)
    while queue:
        deadline.check()
        for _ in range(CHECK_STEPS):
            if not queue:
                break
            state = queue.pop()
            for position in range(start[state], start[state + 1]):
                source = sources[position]
                if not good[source]:
                    good[source] = 1
                    queue.append(source)
    stuck: dict[int, int] = {}
    for part in _parts(count, deadline):
        for state in part:
            if not good[state]:
                scene = keys[state] & scene_mask
                if scene not in stuck:
                    stuck[scene] = state
    return stuck
