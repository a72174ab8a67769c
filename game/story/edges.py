"""What happens on the way into a scene, folded into the choices that lead there.

A scene's `on_arrival` effects are added to every edge (a choice's goto, or a random
branch) that enters it, and its `on_first_arrival` effects too, marked to be skipped
once the scene was visited. Effects using `random(a, b)` become weighted branches, one
per equally likely draw. After this pass the engine and the playtests see only choices,
branches and effects, so a draw is recorded in the log and replayed like any branch.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

from game.story import codes
from game.story.context import LoadContext
from game.story.model import Branch, Choice, Effect, Scene
from game.story.templates import build_template

# The most branches the random() draws of one choice may make.
MAX_DRAWS = 1000


def fold_edges(
    ctx: LoadContext, scenes: dict[str, Scene], start: str
) -> tuple[dict[str, Scene], dict[str, Choice]]:
    """The scenes with arrival effects and random() draws folded into their choices."""
    start_scene = scenes.get(start)
    if start_scene is not None and (start_scene.arrival or start_scene.first_arrival):
        loc = start_scene.loc
        ctx.report(loc.path, (loc.line, loc.col), codes.ARRIVAL_AT_START, id=start)
    folded: dict[str, Scene] = {}
    choices: dict[str, Choice] = {}
    for scene_id, scene in scenes.items():
        new = tuple(_fold_choice(ctx, scenes, choice) for choice in scene.choices)
        if any(a is not b for a, b in zip(new, scene.choices, strict=True)):
            scene = dataclasses.replace(scene, choices=new)
        folded[scene_id] = scene
        for choice in scene.choices:
            choices[choice.full_id] = choice
    return folded, choices


def _arriving(scenes: dict[str, Scene], target: str) -> tuple[Effect, ...]:
    scene = scenes.get(target)
    if scene is None:
        return ()
    first = tuple(dataclasses.replace(e, unless_visited=target) for e in scene.first_arrival)
    return scene.arrival + first


def _fold_choice(ctx: LoadContext, scenes: dict[str, Scene], choice: Choice) -> Choice:
    if choice.goto:
        effects = choice.effects + _arriving(scenes, choice.goto)
        if not any(effect.drawn for effect in effects):
            if len(effects) == len(choice.effects):
                return choice
            return dataclasses.replace(choice, effects=effects)
        # The choice's own effects hold a draw: it becomes random branches, each showing
        # the outcome after its effects as a plain goto would.
        base = Branch(1, choice.goto, choice.outcome, (), choice.loc)
        branches = _draw_branches(ctx, choice, [(base, effects)])
        loc = choice.loc
        nothing = build_template(ctx, "", loc.path, (loc.line, loc.col))
        return dataclasses.replace(
            choice, effects=(), outcome=nothing, goto=None, branches=branches
        )
    if any(effect.drawn for effect in choice.effects):
        loc = next(effect.loc for effect in choice.effects if effect.drawn)
        what = f"choice {choice.id!r}"
        ctx.report(loc.path, (loc.line, loc.col), codes.RANDOM_WITH_BRANCHES, what=what)
        return choice
    edges = [(b, b.effects + _arriving(scenes, b.goto)) for b in choice.branches]
    if all(len(effects) == len(b.effects) for b, effects in edges):
        return choice
    return dataclasses.replace(choice, branches=_draw_branches(ctx, choice, edges))


def _draw_branches(
    ctx: LoadContext, choice: Choice, edges: list[tuple[Branch, tuple[Effect, ...]]]
) -> tuple[Branch, ...]:
    """Each branch split into one per draw of its random() effects, weights kept in ratio."""
    draws = []
    for _, effects in edges:
        options = [range(len(e.drawn)) if e.drawn else range(1) for e in effects]
        count = math.prod(len(o) for o in options)
        if count > MAX_DRAWS:
            loc = choice.loc
            ctx.report(
                loc.path,
                (loc.line, loc.col),
                codes.TOO_MANY_DRAWS,
                what=f"choice {choice.id!r}",
                count=count,
                limit=MAX_DRAWS,
            )
            return tuple(branch for branch, _ in edges)
        draws.append((count, options))
    common = math.lcm(*(count for count, _ in draws))
    branches = []
    for (branch, effects), (count, options) in zip(edges, draws, strict=True):
        weight = branch.weight * (common // count)
        for picks in itertools.product(*options):
            fixed = tuple(
                dataclasses.replace(e, expression=e.drawn[i], drawn=()) if e.drawn else e
                for e, i in zip(effects, picks, strict=True)
            )
            branches.append(dataclasses.replace(branch, weight=weight, effects=fixed))
    return tuple(branches)
