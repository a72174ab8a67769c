"""Scenes and what they hold: choices, random branches, effects and endings."""

from __future__ import annotations

from dataclasses import dataclass

from game.story import codes, fields, references
from game.story.context import LoadContext
from game.story.expressions import BOOL, INT
from game.story.model import Branch, Choice, Effect, Ending, Location, Scene, Template
from game.story.templates import build_prose, build_template
from game.story.yamlfile import Mark, YamlList, YamlMap


@dataclass(frozen=True, slots=True)
class Site:
    """Where a scene's parts stand: names in them resolve from its chapter and scene."""

    chapter_id: str
    scene_id: str
    display: str


def build_scene(
    ctx: LoadContext,
    chapter_id: str,
    display: str,
    scenes: YamlMap,
    scene_id: str,
    spec,
    chapter_date: str = "",
) -> Scene | None:
    mark = scenes.key_mark(scene_id)
    full_id = f"{chapter_id}.{scene_id}"
    if not ctx.expect_map(spec, display, scenes.value_mark(scene_id), f"scene {scene_id!r}"):
        return None
    site = Site(chapter_id, scene_id, display)
    ctx.check_fields(spec, fields.SCENE, display, f"scene {scene_id!r}")
    text = _prose(ctx, site, spec, "text")
    has_choices = "choices" in spec
    ending = None
    if "ending" in spec:
        if has_choices:
            ctx.report(display, spec.key_mark("ending"), codes.CHOICES_AND_ENDING, id=scene_id)
        ending = build_ending(ctx, site, spec["ending"], f"scene {scene_id!r}")
    elif not has_choices or not spec["choices"]:
        ctx.report(display, mark, codes.NO_CHOICES_NOR_ENDING, id=scene_id)
    choices = []
    for index, choice_spec in enumerate(spec.get("choices", ())):
        choice = build_choice(ctx, site, choice_spec, spec["choices"].item_mark(index))
        if choice is not None:
            choices.append(choice)
    historical = [c for c in choices if c.historical]
    if spec.get("key") and len(historical) != 1:
        ctx.report(
            display,
            spec.key_mark("key"),
            codes.KEY_SCENE_HISTORICAL,
            id=scene_id,
            count=len(historical),
        )
    return Scene(
        full_id,
        scene_id,
        chapter_id,
        spec.get("title", ""),
        text,
        bool(spec.get("key", False)),
        spec.get("history", "").strip(),
        tuple(choices),
        ending,
        Location(display, *mark),
        ctx.date(spec, display) if "date" in spec else chapter_date,
    )


def _prose(ctx: LoadContext, site: Site, spec: YamlMap, name: str) -> Template:
    """A prose field of the scene's parts; its conditions name scenes from the scene."""
    value = spec.get(name, "")
    mark = spec.value_mark(name)
    return build_prose(ctx, value, site.display, mark, site.chapter_id, site.scene_id)


def build_ending(ctx: LoadContext, site: Site, spec, what: str) -> Ending | None:
    display = site.display
    if not ctx.expect_map(spec, display, (1, 1), f"{what}: ending"):
        return None
    if not ctx.check_fields(spec, fields.ENDING, display, f"{what}: ending"):
        return None
    kind = spec["kind"]
    if kind not in fields.ENDING_KINDS:
        ctx.report(display, spec.value_mark("kind"), codes.ENDING_KIND, kind=kind)
    epilogue = _prose(ctx, site, spec, "epilogue")
    return Ending(spec["title"], kind, epilogue)


def build_choice(ctx: LoadContext, site: Site, spec, mark: Mark) -> Choice | None:
    display = site.display
    if not ctx.expect_map(spec, display, mark, "a choice"):
        return None
    if not ctx.check_fields(spec, fields.CHOICE, display, "a choice"):
        return None
    choice_id = spec["id"]
    if id(spec) in ctx.duplicate_choices or not ctx.check_id(
        choice_id, display, spec.value_mark("id"), "choice id"
    ):
        return None
    what = f"choice {choice_id!r}"
    condition = None
    if "if" in spec:
        condition = references.expression(
            ctx,
            spec["if"],
            display,
            spec.value_mark("if"),
            site.chapter_id,
            site.scene_id,
            BOOL,
            f"{what} if",
        )
    elif "locked" in spec:
        ctx.report(display, spec.key_mark("locked"), codes.LOCKED_WITHOUT_IF, what=what)
    goto = None
    branches: tuple[Branch, ...] = ()
    if "goto" in spec and "random" in spec:
        ctx.report(display, spec.key_mark("random"), codes.GOTO_AND_RANDOM, what=what)
    elif "goto" in spec:
        goto = references.goto(
            ctx, spec["goto"], site.chapter_id, display, spec.value_mark("goto"), what
        )
    elif "random" in spec:
        branches = build_branches(ctx, site, spec["random"], what)
    else:
        ctx.report(display, mark, codes.NO_GOTO, what=what)
    references.note(ctx, spec["note"], display, spec.value_mark("note"), what)
    effects = build_effects(ctx, site, spec.get("effects"), what)
    return Choice(
        id=choice_id,
        full_id=f"{site.chapter_id}.{site.scene_id}.{choice_id}",
        scene=f"{site.chapter_id}.{site.scene_id}",
        text=build_template(ctx, spec["text"], display, spec.value_mark("text")),
        condition=condition,
        locked=spec.get("locked"),
        once=bool(spec.get("once", False)),
        effects=effects,
        outcome=_prose(ctx, site, spec, "outcome"),
        note=spec["note"],
        goto=goto,
        branches=branches,
        historical=bool(spec.get("historical", False)),
        loc=Location(display, *mark),
        diverges=bool(spec.get("diverges", False)),
    )


def build_branches(ctx: LoadContext, site: Site, items: YamlList, what: str) -> tuple[Branch, ...]:
    display = site.display
    branches = []
    if not items:
        ctx.report(display, items.mark, codes.NO_BRANCHES, what=what)
    for index, spec in enumerate(items):
        mark = items.item_mark(index)
        if not ctx.expect_map(spec, display, mark, "a random branch"):
            continue
        if not ctx.check_fields(spec, fields.BRANCH, display, f"{what}: a random branch"):
            continue
        if spec["weight"] <= 0:
            ctx.report(display, spec.value_mark("weight"), codes.WEIGHT_NOT_POSITIVE)
            continue
        goto = references.goto(
            ctx, spec["goto"], site.chapter_id, display, spec.value_mark("goto"), what
        )
        outcome = None
        if "outcome" in spec:
            outcome = _prose(ctx, site, spec, "outcome")
        effects = build_effects(ctx, site, spec.get("effects"), what)
        branches.append(Branch(spec["weight"], goto, outcome, effects, Location(display, *mark)))
    return tuple(branches)


def build_effects(ctx: LoadContext, site: Site, spec, what: str) -> tuple[Effect, ...]:
    if not spec:
        return ()
    display = site.display
    effects = []
    for name, value in spec.items():
        mark = spec.value_mark(name)
        loc = Location(display, *mark)
        if name in ctx.flags:
            if not isinstance(value, bool):
                ctx.report(display, mark, codes.FLAG_EFFECT, what=what, name=name, value=value)
                continue
            effects.append(Effect(name, "flag", None, value, loc))
        elif name in ctx.stats:
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                ctx.report(display, mark, codes.STAT_EFFECT, what=what, name=name, value=value)
                continue
            if isinstance(value, int):
                effects.append(Effect(name, "add", None, value, loc))
                continue
            text = value.strip()
            kind = "set" if text.startswith("=") else "add"
            body = text[1:] if text[:1] in "=+" else text
            if text.startswith("-"):
                body = f"-({text[1:]})"
            expr = references.expression(
                ctx, body, display, mark, site.chapter_id, site.scene_id, INT,
                f"{what} effect on {name}",
            )  # fmt: skip
            if expr is not None:
                effects.append(Effect(name, kind, expr, 0, loc))
        else:
            ctx.report(
                display,
                spec.key_mark(name),
                codes.UNKNOWN_EFFECT,
                hint=references.suggestion(ctx, name, ctx.types, "declare it in story.yaml"),
                what=what,
                name=name,
            )
    return tuple(effects)
