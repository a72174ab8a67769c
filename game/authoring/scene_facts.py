"""What every way into a scene has in common: flags, choices made, scenes visited.

Read forward over the scene graph from the start, ignoring every condition, until
nothing changes: each flag's possible values on arriving in a scene, the choices some
path there has made and those every path there has made, and the same for scenes
visited. Ignoring conditions lets through more paths than play can take, so each answer
holds for every real playthrough: a flag with one possible value in a scene has that
value there in every play. The playtest's variant targets read it to decide a text
condition such as `defected` in an epilogue only defectors reach.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from game.frozen import frozen
from game.story.model import Choice, Effect, Story


@frozen
class Facts:
    """What holds on arriving somewhere, over every way there."""

    flags: dict[str, frozenset[bool]]  # each flag's possible values
    may_choose: frozenset[str]  # choices some path has made
    must_choose: frozenset[str]  # choices every path has made
    may_visit: frozenset[str]
    must_visit: frozenset[str]

    def join(self, other: Facts) -> Facts:
        return Facts(
            {name: values | other.flags[name] for name, values in self.flags.items()},
            self.may_choose | other.may_choose,
            self.must_choose & other.must_choose,
            self.may_visit | other.may_visit,
            self.must_visit & other.must_visit,
        )

    def after(self, choice: Choice, effects: Iterable[Effect], target: str | None) -> Facts:
        """The facts once `choice` is made with `effects`, arriving in `target` (if any)."""
        flags = dict(self.flags)
        for effect in effects:
            if effect.kind != "flag" or effect.target not in flags:
                continue
            value = frozenset({bool(effect.value)})
            skipped = effect.unless_visited  # an on_first_arrival effect, once visited
            if skipped is not None and skipped in self.must_visit:
                continue
            if skipped is not None and skipped in self.may_visit:
                value |= flags[effect.target]
            flags[effect.target] = value
        arrived = frozenset({target}) if target else frozenset()
        return Facts(
            flags,
            self.may_choose | {choice.full_id},
            self.must_choose | {choice.full_id},
            self.may_visit | arrived,
            self.must_visit | arrived,
        )


def arrival_facts(story: Story) -> dict[str, Facts]:
    """The facts on arriving in each scene some chain of gotos reaches from the start."""
    values = story.initial_values()
    start = story.start
    first = Facts(
        {name: frozenset({bool(values[name])}) for name in story.flags},
        frozenset(),
        frozenset(),
        frozenset({start}),
        frozenset({start}),
    )
    found = {start: first}
    queue = deque([start])
    queued = {start}
    while queue:
        scene_id = queue.popleft()
        queued.discard(scene_id)
        here = found[scene_id]
        for choice in story.scenes[scene_id].choices:
            for target, effects in edges(choice):
                if target not in story.scenes:
                    continue
                arriving = here.after(choice, effects, target)
                known = found.get(target)
                joined = arriving if known is None else known.join(arriving)
                if joined != known:
                    found[target] = joined
                    if target not in queued:
                        queued.add(target)
                        queue.append(target)
    return found


def edges(choice: Choice) -> list[tuple[str, tuple[Effect, ...]]]:
    """(target, every effect on the way) for each way the choice can go."""
    if choice.goto:
        return [(choice.goto, choice.effects)]
    return [(branch.goto, choice.effects + branch.effects) for branch in choice.branches]
