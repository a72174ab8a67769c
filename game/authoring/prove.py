"""The exhaustive playtest's verdicts, proved one way or the other.

Small stories are enumerated state by state (`explore`). A campaign whose stats and
flags are read chapters after they are set has too many distinct states for that (the
search below stopped at two million states by chapter six), so the same questions are
then settled by abstraction refinement:

1. Search an abstraction that keeps only some variables; a condition that needs a
   dropped one "may" hold. Every real playthrough is a playthrough of the abstraction,
   so a target the abstraction cannot reach is proved unreachable.
2. Replay the shortest abstract path to a target in the real engine. If it plays, the
   target is proved reachable, and since no real path can be shorter than the shortest
   abstract one, the path is a shortest path.
3. If the engine refuses a step, the condition of that step named a dropped variable:
   keep it too, and search again. Each round keeps more, so it ends.

Dead ends are targets too: a state of a scene where every choice may be closed, replayed
and confirmed by the engine. Loops with no way out need a cycle of choices that are not
once-only (each once-only choice can be taken once per playthrough, so a play that only
cycles through them ends). Without such cycles there are none; with them, every state
of the abstraction keeping what those scenes read must have a certain way out.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import partial

from game.authoring import scenegraph
from game.authoring.explore import CHECK_EVERY, Exploration, Paths, explore
from game.authoring.machine import (
    CompiledChoice,
    Machine,
    close_tracked,
    effect_reads,
    expression_vars,
)
from game.authoring.progress import Deadline, Progress, Silent, TimeUp
from game.authoring.quotient import VarKey
from game.authoring.replays import Chain, unwind, walk
from game.engine.collector import collector_paused
from game.engine.rules import available_options
from game.engine.state import Step
from game.story.model import Story

# Enumeration is tried first within this many states, or this many per scene if more:
# a long story with few states per scene enumerates in time linear in its length.
EXACT_BUDGET = 100_000
EXACT_PER_SCENE = 200

# Abstract states searched between looks at the clock: kept narrow by the reduction, a
# state can still be thousands of bits wide where the limit stopped it merging values.
CHECK_ABSTRACT = 256

# A target of the refinement: ("scene" | "choice" | "dead", scene or choice id).
Target = tuple[str, str]

# Proof.undecided's entry when the time limit passed before loops were looked for at all
LOOPS = "loops with no way out"
LOOPS_NOT_SEARCHED = "not looked for: the time limit passed first"


@dataclass
class Proof:
    story: Story
    method: str  # "enumeration" or "abstraction refinement"
    states: int  # distinct states (enumeration) or abstract states searched in all
    searches: int
    bound_hit: bool
    scenes: Paths = field(default_factory=Paths)  # shortest path to each
    choices: Paths = field(default_factory=Paths)  # ... that takes each
    dead_ends: dict[str, list[Step]] = field(default_factory=dict)
    soft_locks: dict[str, list[Step]] = field(default_factory=dict)
    undecided: dict[str, str] = field(default_factory=dict)  # target -> why
    unreachable: set[str] = field(default_factory=set)  # "scene ID", "choice ID" proved so
    timed_out: bool = False  # stopped by the time limit: what is not settled is unknown
    time_limit: float | None = None
    # loops with no way out were looked for (False: the time limit passed first, and
    # `undecided` says so: finding none is not the same as not looking)
    loops_searched: bool = False

    @property
    def complete(self) -> bool:
        """Every target settled: reached, or proved unreachable."""
        return not self.bound_hit and not self.timed_out


def prove(
    story: Story,
    max_states: int,
    method: str = "auto",
    time_limit: float | None = None,
    progress: Progress | None = None,
    deadline: Deadline | None = None,
) -> Proof:
    """Enumerate if the story is small enough (or `method` says so), else refine.

    With `time_limit` (seconds) the work stops when it is up, and the proof says which
    targets are settled and which are not (`timed_out`); it never claims more. A
    `deadline` started earlier (before loading the story, say) replaces `time_limit`;
    if it has already passed, nothing is searched.
    """
    deadline = deadline or Deadline(time_limit)
    progress = progress or Silent()
    # what no goto leads to, before the search: a partial proof needs it after the
    # limit has passed (0.3-0.8 s at 50,000 scenes), and it depends on the story only
    with collector_paused():
        cut_off = _cut_off(story)
    if deadline.passed():
        proof = Proof(story, "enumeration", 0, 0, False, timed_out=True)
    else:
        try:
            # The search makes millions of objects that live until it ends and no cycles;
            # each full collection walked them all (ten times the story cost 14x the time).
            with collector_paused(long_lived=True):
                proof = _prove(story, max_states, method, deadline, progress)
        except TimeUp:  # compiling the story outlasted the limit: nothing was searched
            proof = Proof(story, "enumeration", 0, 0, False, timed_out=True)
        finally:
            progress.done()
    proof.time_limit = deadline.seconds
    if not proof.loops_searched:
        proof.undecided[LOOPS] = LOOPS_NOT_SEARCHED
    if not proof.complete:
        proof.unreachable |= cut_off
    return proof


def _prove(
    story: Story, max_states: int, method: str, deadline: Deadline, progress: Progress
) -> Proof:
    if method == "refine":
        return refine(story, max_states, deadline, progress)
    budget = max_states
    if method != "enumerate":
        budget = min(max_states, max(EXACT_BUDGET, EXACT_PER_SCENE * len(story.scenes)))
    # past the budget the refinement takes over, and its own loop check: the enumeration's
    # would walk every state found for nothing (3 s at 2,000,000 states)
    exploration = explore(story, budget, deadline, progress, loops_past_bound=method == "enumerate")
    if exploration.bound_hit and method != "enumerate" and not exploration.timed_out:
        return refine(story, max_states, deadline, progress)
    return _from_enumeration(exploration)


def _cut_off(story: Story) -> set[str]:
    """Scenes no chain of gotos leads to, and their choices: unreachable whatever is chosen."""
    reachable = scenegraph.reachable(story)
    found = {f"scene {scene_id}" for scene_id in story.scenes if scene_id not in reachable}
    found |= {
        f"choice {choice_id}"
        for choice_id, choice in story.choices.items()
        if choice.scene not in reachable
    }
    return found


def _from_enumeration(exploration: Exploration) -> Proof:
    machine = exploration.machine
    proof = Proof(machine.story, "enumeration", exploration.states, 1, exploration.bound_hit)
    proof.timed_out = exploration.timed_out
    proof.loops_searched = exploration.loops_searched
    for scene, state in sorted(exploration.first_scene.items(), key=lambda kv: kv[1]):
        proof.scenes[machine.scene_ids[scene]] = partial(exploration.chain_to, state)
    for index in sorted(exploration.first_choice, key=exploration.first_choice.__getitem__):
        proof.choices[machine.choices[index].choice.full_id] = partial(
            exploration.chain_through, index
        )
    if proof.complete:
        story = machine.story
        proof.unreachable = {
            f"scene {scene_id}" for scene_id in story.scenes if scene_id not in proof.scenes
        } | {f"choice {choice_id}" for choice_id in story.choices if choice_id not in proof.choices}
    for found, into in (
        (exploration.dead_ends, proof.dead_ends),
        (exploration.soft_locks, proof.soft_locks),
    ):
        for scene, state in sorted(found.items(), key=lambda kv: kv[1]):
            into[machine.scene_ids[scene]] = exploration.path_to(state)
    return proof


# ------------------------------------------------------------------- refinement


def _needs(story: Story, step: Step) -> set[VarKey]:
    """The variables that decide whether a step's choice is open."""
    choice = story.choices[f"{step.scene}.{step.choice}"]
    needed = expression_vars(choice.condition) if choice.condition is not None else set()
    if choice.once:
        needed.add(("c", choice.full_id))
    return needed


def _scene_needs(story: Story, scene_id: str) -> set[VarKey]:
    needed: set[VarKey] = set()
    for choice in story.scenes[scene_id].choices:
        if choice.condition is not None:
            needed |= expression_vars(choice.condition)
        if choice.once:
            needed.add(("c", choice.full_id))
    return needed


def refine(
    story: Story,
    max_states: int,
    deadline: Deadline | None = None,
    progress: Progress | None = None,
) -> Proof:
    deadline = deadline or Deadline(None)
    progress = progress or Silent()
    proof = Proof(story, "abstraction refinement", 0, 0, False)
    pending: dict[Target, frozenset[VarKey]] = {}
    reads = effect_reads(story)
    for number, scene_id in enumerate(story.scenes):
        if number % CHECK_EVERY == 0 and deadline.passed():
            proof.timed_out = True
            return proof
        pending[("scene", scene_id)] = frozenset()
        scene = story.scenes[scene_id]
        if scene.ending is None and all(c.condition is not None or c.once for c in scene.choices):
            pending[("dead", scene_id)] = close_tracked(story, _scene_needs(story, scene_id), reads)
    for choice_id, choice in story.choices.items():
        needed = expression_vars(choice.condition) if choice.condition is not None else set()
        pending[("choice", choice_id)] = close_tracked(story, needed, reads)
    while pending:
        if deadline.passed():
            proof.timed_out = True
            return proof
        progress.show(
            f"refining: {len(proof.scenes):,} scenes and {len(proof.choices):,} choices "
            f"proved reachable, {len(pending):,} targets left, search {proof.searches + 1}",
            force=True,
        )
        tracked = min(set(pending.values()), key=lambda t: (len(t), sorted(map(repr, t))))
        group = [target for target, kept in pending.items() if kept == tracked]
        for target in group:
            del pending[target]
        try:
            found, exhausted = _search(story, tracked, set(group), max_states, proof, deadline)
        except TimeUp:  # the limit passed while the abstraction compiled: nothing searched
            proof.timed_out = True
            return proof
        # every path found, played in the engine as the tree they make: each shared
        # beginning once (one by one from the start, n scenes cost n^2 steps)
        dead = {id(found[t]) for t in group if t[0] == "dead" and t in found}
        played, _ = walk(
            story,
            (found[t] for t in group if t in found),
            keep=dead,
            stop=deadline.passed,
        )
        for target in group:
            kind, name = target
            node = found.get(target)
            result = played.get(id(node)) if target in found else None
            if target in found and result is None:  # found, not yet played: unknown
                proof.timed_out = True
                continue
            if result is None and deadline.hit:
                proof.timed_out = True  # neither found nor ruled out: unknown
                continue
            if result is None:
                if exhausted and kind != "dead":
                    proof.unreachable.add(f"{kind} {name}")
                if not exhausted:
                    proof.bound_hit = True
                    proof.undecided[f"{kind} {name}"] = (
                        f"the abstraction keeping {len(tracked)} "
                        f"variable{'s' if len(tracked) != 1 else ''} passed {max_states:,} states"
                    )
                continue  # proved unreachable (or no dead end there)
            refused = result.refused
            needs: set[VarKey] = set()
            if refused is None and kind == "dead":
                assert result.state is not None, "a dead end's state is kept"
                for option in available_options(story, result.state):
                    if not option.locked:  # open after all: keep what decides it
                        refused = result.length
                        needs |= _needs(story, Step(result.state.scene, option.choice.id, None))
            if refused is None:
                if kind == "dead":
                    proof.dead_ends[name] = unwind(node)
                else:
                    # kept as the shared chain, not the list: one list per target is
                    # a story's length times its scenes
                    (proof.scenes if kind == "scene" else proof.choices)[name] = node
                continue
            if result.step is not None:  # the engine refused this step
                needs = _needs(story, result.step)
            wider = close_tracked(story, tracked | needs, reads)
            if wider == tracked:
                proof.undecided[f"{kind} {name}"] = "the abstraction could not be refined"
                continue
            pending[target] = wider
    if deadline.passed():
        proof.timed_out = True
        return proof
    try:
        _check_loops(story, proof, max_states, deadline)
    except TimeUp:
        proof.timed_out = True
    return proof


def _search(
    story: Story,
    tracked: frozenset[VarKey],
    targets: set[Target],
    max_states: int,
    proof: Proof,
    deadline: Deadline,
) -> tuple[dict[Target, Chain], bool]:
    """Breadth-first over the abstraction until every target is found or nothing is left;
    each target found with its path as a chain of steps (`unwind` makes it a list)."""
    # a 50,000-scene story compiles for seconds: past the limit, it stops (TimeUp)
    machine = Machine(story, tracked, deadline=deadline, abandon=True)
    proof.searches += 1
    scene_bits = max(1, len(machine.scene_ids).bit_length())
    scene_mask = (1 << scene_bits) - 1
    scene_targets: dict[int, list[Target]] = {}
    for target in targets:
        kind, name = target
        scene_id = story.choices[name].scene if kind == "choice" else name
        scene_targets.setdefault(machine.scene_index[scene_id], []).append(target)
    start = (machine.start_memory << scene_bits) | machine.start_scene
    # each state's parent, and the choice and edge that led from it (None at the start);
    # a path's steps are made only when a target asks for it
    parent: dict[int, tuple[int, CompiledChoice, int] | None] = {start: None}
    queue = deque([start])
    found: dict[Target, Chain] = {}
    left = len(targets)
    exhausted = True
    scene_choices = machine.scene_choices
    is_ending = machine.is_ending
    after_edges = machine.after_edges

    chains: dict[int, Chain] = {start: None}

    def path(key: int) -> Chain:
        """The steps to `key`, sharing their start with the paths found before."""
        above = []
        while key not in chains:
            above.append(key)
            link = parent[key]
            assert link is not None, "only the start has no parent, and it is in chains"
            key = link[0]
        chain = chains[key]
        for key in reversed(above):
            link = parent[key]
            assert link is not None
            _, item, number = link
            choice = item.choice
            step = Step(choice.scene, choice.id, number if choice.branches else None)
            chain = chains[key] = (chain, step)
        return chain

    popped = 0
    while queue and left:
        popped += 1
        if popped % CHECK_ABSTRACT == 0 and deadline.passed():
            return found, False
        key = queue.popleft()
        scene = key & scene_mask
        memory = key >> scene_bits
        waiting = scene_targets.get(scene)
        if waiting:
            for target in list(waiting):
                if target[0] == "scene":
                    found[target] = path(key)
                    waiting.remove(target)
                    left -= 1
        if is_ending[scene]:
            continue
        maybe_all_closed = True
        for item in scene_choices[scene]:
            if item.once_bit and memory & item.once_bit:
                continue
            verdict = True if item.condition is None else item.condition(memory)
            if verdict is False:
                continue
            if verdict is True and not item.once_unknown:
                maybe_all_closed = False
            if waiting and ("choice", item.choice.full_id) in waiting:
                choice = item.choice
                step = Step(choice.scene, choice.id, 0 if choice.branches else None)
                found[("choice", choice.full_id)] = (path(key), step)
                waiting.remove(("choice", choice.full_id))
                left -= 1
            afters = after_edges(item, memory)
            for number, (edge, after) in enumerate(zip(item.edges, afters, strict=True)):
                next_key = (after << scene_bits) | edge.target
                if next_key in parent:
                    continue
                if len(parent) >= max_states:
                    exhausted = False
                    continue
                parent[next_key] = (key, item, number)
                queue.append(next_key)
        if maybe_all_closed and waiting and ("dead", machine.scene_ids[scene]) in waiting:
            found[("dead", machine.scene_ids[scene])] = path(key)
            waiting.remove(("dead", machine.scene_ids[scene]))
            left -= 1
    proof.states += len(parent)
    return found, exhausted


def _check_loops(story: Story, proof: Proof, max_states: int, deadline: Deadline) -> None:
    """Prove that no reachable state is trapped in a loop, or say where it cannot.

    Only a cycle of choices that are not once-only can trap a player. When the story
    has such cycles, the abstraction keeping every variable their scenes' conditions
    read is searched whole; from each abstract state, a way out must be certain: a
    chain of choices whose conditions hold whatever the dropped variables are, to an
    ending. What cannot be shown so is listed as not decided.
    """
    looping = scenegraph.on_cycle(_without_once(story))
    if not looping:
        proof.loops_searched = True
        return
    needed: set[VarKey] = set()
    for scene_id in looping:
        needed |= _scene_needs(story, scene_id)
    machine = Machine(story, close_tracked(story, needed), deadline=deadline, abandon=True)
    proof.searches += 1
    scene_bits = max(1, len(machine.scene_ids).bit_length())
    scene_mask = (1 << scene_bits) - 1
    start = (machine.start_memory << scene_bits) | machine.start_scene
    index = {start: 0}
    keys = [start]
    certain: list[list[int]] = []  # for each state, the states a certain choice leads to
    bound_hit = False
    current = 0
    while current < len(keys):
        if current % CHECK_ABSTRACT == 0 and deadline.passed():
            proof.timed_out = True
            return
        key = keys[current]
        scene, memory = key & scene_mask, key >> scene_bits
        sure: list[int] = []
        certain.append(sure)
        current += 1
        if machine.is_ending[scene]:
            continue
        for item in machine.scene_choices[scene]:
            if item.once_bit and memory & item.once_bit:
                continue
            verdict = True if item.condition is None else item.condition(memory)
            if verdict is False:
                continue
            afters = machine.after_edges(item, memory)
            for edge, after in zip(item.edges, afters, strict=True):
                next_key = (after << scene_bits) | edge.target
                found = index.get(next_key)
                if found is None:
                    if len(keys) >= max_states:
                        bound_hit = True
                        continue
                    found = index[next_key] = len(keys)
                    keys.append(next_key)
                if verdict is True and not item.once_unknown:
                    sure.append(found)
    proof.states += len(keys)
    if deadline.passed():
        proof.timed_out = True
        return
    out = _ways_out(certain, [machine.is_ending[key & scene_mask] for key in keys], deadline)
    if out is None:  # the limit passed while the ways out were traced: nothing is claimed
        proof.timed_out = True
        return
    for state, key in enumerate(keys):
        scene_id = machine.scene_ids[key & scene_mask]
        if not out[state] and scene_id in looping and f"loop {scene_id}" not in proof.undecided:
            why = (
                "the search passed the bound"
                if bound_hit
                else "no way out could be shown certain from every state of this scene"
            )
            proof.undecided[f"loop {scene_id}"] = (
                f"the scene is on a cycle of choices that are not once-only, and {why}"
            )
    proof.loops_searched = True


def _ways_out(
    certain: list[list[int]], ending: list[bool], deadline: Deadline
) -> list[bool] | None:
    """For each state, whether a chain of certain choices leads from it to an ending;
    None once the deadline passes. Walking back from the endings is as long as the search
    that found the states (a second or two at millions), so it looks at the clock too."""
    predecessors: list[list[int]] = [[] for _ in certain]
    for source, targets in enumerate(certain):
        if source % CHECK_ABSTRACT == 0 and deadline.passed():
            return None
        for target in targets:
            predecessors[target].append(source)
    out = list(ending)
    queue = [state for state, good in enumerate(out) if good]
    walked = 0
    while queue:
        walked += 1
        if walked % CHECK_ABSTRACT == 0 and deadline.passed():
            return None
        for source in predecessors[queue.pop()]:
            if not out[source]:
                out[source] = True
                queue.append(source)
    return out


def _without_once(story: Story) -> Story:
    """A view of the story whose scenes keep only their choices that are not once-only."""
    from dataclasses import replace

    scenes = {
        scene_id: replace(scene, choices=tuple(c for c in scene.choices if not c.once))
        for scene_id, scene in story.scenes.items()
    }
    return replace(story, scenes=scenes)
