"""Static reasoning about prose conditions and history's path, for the linter and `stats`.

Prose conditions are judged over the same value domains as choice conditions
(game/authoring/domains.py), plus `diverged()` over false and true and `visits()` over
a few small counts. For the linter a `visits()` count is unbounded, so a condition
reading one is only sampled and never proved constant; the playtest's variant targets
bound it by the scene graph (`prose_outcomes(cycling=...)`).

History's path, read statically: the scenes a chain of gotos reaches from the start
without taking a choice that leaves history (game/engine/reading.leaves_history), and
the values the effects of those choices can give. A condition false over all of these
can only be true after the world has left history.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterator

from game.authoring.domains import Axis, Combo, Domains, Finding
from game.engine.reading import leaves_history
from game.frozen import frozen
from game.story.expressions import Compare, Constant, Diverged, Expression, Node, Visits
from game.story.model import Location, Story, Template
from game.story.prose_tree import Context

VISIT_COUNTS = (0, 1, 2, 3)


@frozen
class ProseField:
    """One prose field: what it is, the scene its visits count, and where it is written."""

    what: str
    scene: str
    loc: Location
    template: Template


def prose_fields(
    story: Story, keep: Callable[[Template], bool] | None = None
) -> Iterator[ProseField]:
    """Every prose field of the story that can hold variants; with `keep`, only those
    whose template it keeps (a check that reads only conditions skips the plain text of
    every other field without naming it)."""
    if keep is None:
        keep = _every
    for chapter in story.chapters:
        if chapter.recap is not None and keep(chapter.recap):
            yield ProseField(f"chapter {chapter.id!r}: the recap", story.start, chapter.loc,
                             chapter.recap)  # fmt: skip
    for scene in story.scenes.values():
        if keep(scene.text):
            yield ProseField(f"scene {scene.id!r}: the text", scene.id, scene.loc, scene.text)
        if scene.ending is not None and keep(scene.ending.epilogue):
            yield ProseField(f"scene {scene.id!r}: the epilogue", scene.id, scene.loc,
                             scene.ending.epilogue)  # fmt: skip
        for choice in scene.choices:
            if keep(choice.outcome):
                yield ProseField(f"choice {choice.full_id!r}: the outcome", scene.id,
                                 choice.loc, choice.outcome)  # fmt: skip
            for number, branch in enumerate(choice.branches, start=1):
                if branch.outcome is not None and keep(branch.outcome):
                    yield ProseField(
                        f"choice {choice.full_id!r}: branch {number}'s outcome",
                        scene.id,
                        branch.loc,
                        branch.outcome,
                    )
    for note in story.notes.values():  # read at the choice that unlocks it, in its scene
        if keep(note.text):
            yield ProseField(f"note {note.id!r}: the text", "", note.loc, note.text)


def _every(template: Template) -> bool:
    return True


def has_conditions(template: Template) -> bool:
    return bool(template.prose.conditions)


def has_variants(template: Template) -> bool:
    return bool(template.prose.variants)


def calls(expression: Expression, kind: type[Node]) -> bool:
    """Whether the expression calls `visits()` or `diverged()` (by node type) anywhere."""
    stack = [expression.tree]
    while stack:
        node = stack.pop()
        if isinstance(node, kind):
            return True
        stack.extend(node.children)
    return False


def reads_diverged(template: Template) -> bool:
    """Whether some condition in the prose asks `diverged()`."""
    return any(calls(site.expression, Diverged) for site in template.prose.conditions)


def prose_outcomes(
    domains: Domains,
    expression: Expression,
    scene: str,
    *,
    cycling: Collection[str] | None = None,
    turns: tuple[bool, ...] | None = None,
    narrow: Callable[[list[Axis]], list[Axis]] | None = None,
    possible: Callable[[set[str], set[str]], bool] | None = None,
    given: tuple[tuple[Expression, bool], ...] = (),
) -> Finding:
    """Every value a prose condition takes over the domains (and diverged true and false).

    Given `cycling` (the scenes a chain of gotos leads back to), `visits()` is decided,
    not sampled: a scene nothing returns to is entered at most once, and a count compared
    only with numbers up to K behaves alike from K + 1 up, so 0..K+1 stand for every
    count. `turns` narrows `diverged()` to the values it can have where the text shows,
    and `narrow` the flags, choices and scenes (game/authoring/scene_facts.py);
    `possible(chosen, named)` drops the combinations of choices made that no play can
    have made (`named`: the choices the condition names, `chosen`: those made).
    `given`: conditions that hold (or not) wherever this one is read, as the `if`s a
    variant sits inside; only the combinations that agree with them count.
    """
    every = [expression, *(test for test, _ in given)]
    axes = domains.axes(every, scene)
    if narrow is not None:
        axes = narrow(axes)
    counting = any(calls(e, Visits) for e in every)
    exact = not counting
    if counting:  # scenes become visit counts; a count reads 0 as "not visited"
        bounds = [visit_bound(e) for e in every if calls(e, Visits)]
        bound = None if cycling is None or None in bounds else max(b or 0 for b in bounds)
        exact = cycling is not None
        counted: list[Axis] = []
        for kind, name, domain in axes:
            if kind == "s":
                low = 1 if domain == (True,) else 0
                if cycling is not None and name not in cycling:
                    domain = tuple(range(low, 2)) if domain != (False,) else (0,)
                elif bound is not None and domain != (False,):
                    domain = tuple(range(low, bound + 2))
                elif domain == (False,):  # never entered
                    domain = (0,)
                else:
                    domain = VISIT_COUNTS[low:]
                    exact = False
            counted.append((kind, name, domain))
        axes = counted
    asks = any(calls(e, Diverged) for e in every)
    if turns is None or not asks:
        turns = (False, True) if asks else (False,)
    combos, proved = domains.assignments(axes)
    named = {name for kind, name, _ in axes if kind == "c"}
    seen: set[bool] = set()
    for combo in combos:
        values, visits, chosen = _environment(domains, axes, combo)
        if possible is not None and not possible(chosen, named):
            continue
        for diverged in turns:
            context = Context(values, chosen=chosen, visits=visits, diverged=diverged)
            if any(bool(e.evaluate(values, visits, context)) != v for e, v in given):
                continue
            seen.add(bool(expression.evaluate(values, visits, context)))
        if len(seen) == 2:
            break
    return Finding(frozenset(seen), proved and exact)


def visit_bound(expression: Expression) -> int | None:
    """The largest number a `visits()` is compared with, when every `visits()` stands
    alone on one side of a comparison with a number (else None: a count in arithmetic,
    or beside another count, could take any value, so no sample stands for them all)."""
    bound = 0
    stack: list[tuple[Node, Node | None]] = [(expression.tree, None)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, Visits):
            if not isinstance(parent, Compare):
                return None
            other = parent.right if parent.left is node else parent.left
            if not isinstance(other, Constant) or isinstance(other.value, bool):
                return None
            bound = max(bound, other.value)
        stack.extend((child, node) for child in node.children)
    return bound


def _environment(
    domains: Domains, axes: list[Axis], combo: Combo
) -> tuple[dict[str, int | bool], dict[str, int], set[str]]:
    values = dict(domains.base)
    visits: dict[str, int] = {}
    chosen: set[str] = set()
    for (kind, name, _), value in zip(axes, combo, strict=True):
        if kind == "v":
            values[name] = value
        elif kind == "s":
            if value:  # True, or a count above 0
                visits[name] = int(value)
        elif value:
            chosen.add(name)
    return values, visits, chosen


# --------------------------------------------------------------------- history's path


def on_history(story: Story) -> set[str]:
    """Scenes reached from the start without a choice that leaves history."""
    seen = {story.start}
    queue = deque([story.start])
    while queue:
        for choice in story.scenes[queue.popleft()].choices:
            if leaves_history(story, choice):
                continue
            for target in choice.targets:
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return seen


def off_history(story: Story, following: set[str]) -> set[str]:
    """Scenes reached after some choice that leaves history (from a scene on its path)."""
    queue = deque(
        target
        for scene_id in following
        for choice in story.scenes[scene_id].choices
        if leaves_history(story, choice)
        for target in choice.targets
    )
    seen = set(queue)
    while queue:
        for choice in story.scenes[queue.popleft()].choices:
            for target in choice.targets:
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return seen


class HistoryDomains(Domains):
    """The values play can see while the world still follows history.

    Only the effects of choices that keep to history, in scenes on its path, change a
    stat or set a flag; only scenes on the path can have been visited, and only those
    choices made.
    """

    def __init__(self, story: Story, following: set[str] | None = None) -> None:
        """`following` is on_history(story), when the caller has it already."""
        super().__init__(story)
        self.following = on_history(story) if following is None else following
        kept = [
            choice
            for scene_id in self.following
            for choice in story.scenes[scene_id].choices
            if not leaves_history(story, choice)
        ]
        self.made = {choice.full_id for choice in kept}
        self._set_names(
            effect
            for choice in kept
            for effect in (*choice.effects, *(e for b in choice.branches for e in b.effects))
        )
        self._cache = {}

    def axes(self, expressions: list[Expression], scene: str) -> list[Axis]:
        narrowed: list[Axis] = []
        for kind, name, values in super().axes(expressions, scene):
            if kind == "s" and name not in self.following or kind == "c" and name not in self.made:
                values = (False,)
            narrowed.append((kind, name, values))
        return narrowed
