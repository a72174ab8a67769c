"""Scenes and what they hold: choices, random branches, effects and endings."""

from __future__ import annotations

import dataclasses
import itertools

from game.frozen import frozen
from game.story import codes, fields, references
from game.story.context import LoadContext
from game.story.edges import MAX_DRAWS
from game.story.expressions import BOOL, INT, parse, random_sites
from game.story.model import PAGE_TURN, Branch, Choice, Effect, Ending, Location, Scene, Template
from game.story.templates import build_prose, build_template
from game.story.yamlfile import Mark, YamlList, YamlMap, YamlValue


@frozen
class Site:
    """Where a scene's parts stand: names in them resolve from its chapter and scene."""

    chapter_id: str
    scene_id: str
    display: str
    note: str = ""  # the scene's own note, for choices that say 'note: scene'
    date: str = ""  # the scene's date, which its inline choices' scenes share
    # Scenes made for inline choices, added to the chapter after the scene that holds them.
    made: list[Scene] | None = None


# How deep inline choices may nest.
MAX_INLINE_DEPTH = 8


def build_scene(
    ctx: LoadContext,
    chapter_id: str,
    display: str,
    scenes: YamlMap,
    scene_id: str,
    spec: YamlValue,
    chapter_date: str = "",
    made: list[Scene] | None = None,
) -> Scene | None:
    """The scene `scene_id`; scenes made for its inline choices are appended to `made`."""
    mark = scenes.key_mark(scene_id)
    full_id = f"{chapter_id}.{scene_id}"
    if not ctx.expect_map(spec, display, scenes.value_mark(scene_id), f"scene {scene_id!r}"):
        return None
    ctx.check_fields(spec, fields.SCENE, display, f"scene {scene_id!r}")
    note = spec.get("note", "")
    if note:
        references.note(ctx, note, display, spec.value_mark("note"), f"scene {scene_id!r}")
    date = ctx.date(spec, display) if "date" in spec else chapter_date
    site = Site(chapter_id, scene_id, display, note, date, made if made is not None else [])
    text = _prose(ctx, site, spec, "text")
    leads = [key for key in ("choices", "continue", "ending") if key in spec]
    ending = None
    if len(leads) > 1:
        problem = codes.CHOICES_AND_ENDING if "ending" in leads else codes.CONTINUE_AND_CHOICES
        ctx.report(display, spec.key_mark(leads[1]), problem, id=scene_id)
    if "ending" in spec:
        ending = build_ending(ctx, site, spec["ending"], f"scene {scene_id!r}")
    elif not leads or ("choices" in spec and not spec["choices"]):
        ctx.report(display, mark, codes.NO_CHOICES_NOR_ENDING, id=scene_id)
    choices = build_choices(ctx, site, spec.get("choices", ()), 0)
    if "continue" in spec and "choices" not in spec:
        choices.append(page_turn(ctx, site, spec, mark))
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
        date,
        note,
        build_effects(ctx, site, spec.get("on_arrival"), f"scene {scene_id!r} on_arrival"),
        build_effects(
            ctx, site, spec.get("on_first_arrival"), f"scene {scene_id!r} on_first_arrival"
        ),
    )


def build_choices(ctx: LoadContext, site: Site, items: YamlValue, depth: int) -> list[Choice]:
    """A scene's choices (or an inline list's), each id once."""
    choices: list[Choice] = []
    seen: set[str] = set()
    for index, choice_spec in enumerate(items):
        mark = items.item_mark(index)
        if depth and isinstance(choice_spec, YamlMap) and isinstance(choice_spec.get("id"), str):
            if choice_spec["id"] in seen:
                ctx.report(
                    site.display, mark, codes.DUPLICATE_CHOICE, id=choice_spec["id"], line=mark[0]
                )
                continue
            seen.add(choice_spec["id"])
        choice = build_choice(ctx, site, choice_spec, mark, depth)
        if choice is not None:
            choices.append(choice)
    return choices


def page_turn(ctx: LoadContext, site: Site, spec: YamlMap, mark: Mark) -> Choice:
    """A page break's one option, "Continue": a choice to the engine, not to the player."""
    goto = references.goto(
        ctx,
        spec["continue"],
        site.chapter_id,
        site.display,
        spec.value_mark("continue"),
        f"scene {site.scene_id!r} continue",
    )
    scene = f"{site.chapter_id}.{site.scene_id}"
    return Choice(
        id=PAGE_TURN,
        full_id=f"{scene}.{PAGE_TURN}",
        scene=scene,
        text=build_template(ctx, "Continue", site.display, mark),
        condition=None,
        locked=None,
        once=False,
        effects=(),
        outcome=build_template(ctx, "", site.display, mark),
        note="",
        goto=goto,
        branches=(),
        historical=False,
        loc=Location(site.display, *spec.key_mark("continue")),
        page_turn=True,
    )


def _prose(ctx: LoadContext, site: Site, spec: YamlMap, name: str) -> Template:
    """A prose field of the scene's parts; its conditions name scenes from the scene."""
    value = spec.get(name, "")
    mark = spec.value_mark(name)
    return build_prose(ctx, value, site.display, mark, site.chapter_id, site.scene_id)


def build_ending(ctx: LoadContext, site: Site, spec: YamlValue, what: str) -> Ending | None:
    display = site.display
    if not ctx.expect_map(spec, display, (1, 1), f"{what}: ending"):
        return None
    if not ctx.check_fields(spec, fields.ENDING, display, f"{what}: ending"):
        return None
    kind = spec.get("kind", "")
    if "kind" not in spec:
        if ctx.history:
            ctx.report(display, spec.mark, codes.ENDING_NO_KIND, what=what)
    elif kind not in fields.ENDING_KINDS:
        ctx.report(display, spec.value_mark("kind"), codes.ENDING_KIND, kind=kind)
    epilogue = _prose(ctx, site, spec, "epilogue")
    return Ending(spec["title"], kind, epilogue)


def build_choice(
    ctx: LoadContext, site: Site, spec: YamlValue, mark: Mark, depth: int = 0
) -> Choice | None:
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
    goto = call = None
    branches: tuple[Branch, ...] = ()
    leads = [key for key in ("goto", "random", "choices", "return") if key in spec]
    if "call" in spec:
        leads = [key for key in leads if key != "goto"] + ["call"]
    if len(leads) > 1:
        ctx.report(
            display,
            spec.key_mark(leads[1]),
            codes.GOTO_AND_RANDOM if leads == ["goto", "random"] else codes.LEADS_TWICE,
            what=what,
            first=leads[0],
            second=leads[1],
        )
    elif "choices" in spec:
        goto = inline_scene(ctx, site, spec, choice_id, depth, what)
    elif "goto" in spec and "call" not in spec:
        goto = references.goto(
            ctx, spec["goto"], site.chapter_id, display, spec.value_mark("goto"), what
        )
    elif "random" in spec:
        branches = build_branches(ctx, site, spec["random"], what)
    elif "call" in spec:
        call = references.goto(
            ctx, spec["call"], site.chapter_id, display, spec.value_mark("call"), what
        )
        if "goto" in spec:
            goto = references.goto(
                ctx, spec["goto"], site.chapter_id, display, spec.value_mark("goto"), what
            )
    elif "return" in spec:
        if spec["return"] is not True:
            ctx.report(display, spec.value_mark("return"), codes.RETURN_NOT_TRUE, what=what)
    else:
        ctx.report(display, mark, codes.NO_GOTO, what=what)
    note = choice_note(ctx, site, spec, mark, what)
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
        note=note,
        goto=goto,
        branches=branches,
        historical=bool(spec.get("historical", False)),
        loc=Location(display, *mark),
        diverges=bool(spec.get("diverges", False)),
        call=call,
        returns=spec.get("return") is True,
    )


def choice_note(ctx: LoadContext, site: Site, spec: YamlMap, mark: Mark, what: str) -> str:
    """The note a choice shows: its own, the scene's ('note: scene'), or none ('note: none')."""
    if "note" not in spec:
        if ctx.history:
            ctx.report(site.display, mark, codes.CHOICE_NO_NOTE, what=what)
        return ""
    note: str = spec["note"]  # check_fields made it text
    if note == fields.NO_NOTE:
        return ""
    if note == fields.NOTE_OF_SCENE:
        if not site.note:
            ctx.report(site.display, spec.value_mark("note"), codes.NO_SCENE_NOTE, what=what)
        return site.note
    references.note(ctx, note, site.display, spec.value_mark("note"), what)
    return note


def inline_scene(
    ctx: LoadContext, site: Site, spec: YamlMap, choice_id: str, depth: int, what: str
) -> str | None:
    """The scene made for a choice's inline `choices:`: its id starts with '-', which no
    written id can, and names the scene and choice it was written under."""
    if depth >= MAX_INLINE_DEPTH:
        ctx.report(
            site.display, spec.key_mark("choices"), codes.INLINE_TOO_DEEP, limit=MAX_INLINE_DEPTH
        )
        return None
    prefix = site.scene_id if site.scene_id.startswith("-") else f"-{site.scene_id}"
    local = f"{prefix}-{choice_id}"
    full = f"{site.chapter_id}.{local}"
    loc_mark = spec.key_mark("choices")
    loc = Location(site.display, *loc_mark)
    if full in ctx.scene_ids:
        ctx.report(site.display, spec.key_mark("choices"), codes.INLINE_ID_USED, id=local)
        return None
    ctx.scene_ids[full] = loc
    inner = dataclasses.replace(site, scene_id=local)
    choices = build_choices(ctx, inner, spec["choices"], depth + 1)
    assert site.made is not None
    site.made.append(
        Scene(
            id=full,
            local_id=local,
            chapter=site.chapter_id,
            title="",
            text=build_template(ctx, "", site.display, loc_mark),
            key=False,
            history="",
            choices=tuple(choices),
            ending=None,
            loc=loc,
            date=site.date,
            note=site.note,
        )
    )
    return full


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
        if goto is None:  # reported; the story does not load, but its text is still checked
            continue
        branches.append(Branch(spec["weight"], goto, outcome, effects, Location(display, *mark)))
    return tuple(branches)


def build_effects(ctx: LoadContext, site: Site, spec: YamlValue, what: str) -> tuple[Effect, ...]:
    if not spec:
        return ()
    display = site.display
    effects = []
    for name, value in spec.items():
        mark = spec.value_mark(name)
        loc = Location(display, *mark)
        quiet = False
        if isinstance(value, YamlMap):
            if set(value) - {"value", "quiet"} or "value" not in value:
                ctx.report(display, mark, codes.EFFECT_FORM, what=what, name=name)
                continue
            quiet = value.get("quiet") is True
            value = value["value"]
        if name in ctx.flags:
            if not isinstance(value, bool):
                ctx.report(display, mark, codes.FLAG_EFFECT, what=what, name=name, value=value)
                continue
            effects.append(Effect(name, "flag", None, value, loc, quiet))
        elif name in ctx.stats:
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                ctx.report(display, mark, codes.STAT_EFFECT, what=what, name=name, value=value)
                continue
            if isinstance(value, int):
                effects.append(Effect(name, "add", None, value, loc, quiet))
                continue
            text = value.strip()
            kind = "set" if text.startswith("=") else "add"
            body = text[1:] if text[:1] in "=+" else text
            if text.startswith("-"):
                body = f"-({text[1:]})"
            draws = random_draws(ctx, body, display, mark, f"{what} effect on {name}")
            if draws is None:
                continue
            compiled = [
                references.expression(
                    ctx, body, display, mark, site.chapter_id, site.scene_id, INT,
                    f"{what} effect on {name}", draws=draw,
                )
                for draw in draws
            ]  # fmt: skip
            expressions = [expression for expression in compiled if expression is not None]
            if len(expressions) == len(compiled):
                drawn = tuple(expressions) if draws[0] else ()
                effects.append(Effect(name, kind, expressions[0], 0, loc, quiet, drawn))
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


def random_draws(
    ctx: LoadContext, body: str, display: str, mark: Mark, what: str
) -> list[dict[int, int]] | None:
    """Every assignment of values to the `random()`s in an effect, equally likely: [{}]
    without one. The loader folds them into weighted branches, so a draw is a branch."""
    try:
        sites = random_sites(parse(body))
    except ValueError:
        return [{}]  # the compiler reports the syntax error with its place
    count = 1
    for site in sites:
        count *= site.high - site.low + 1
    if count > MAX_DRAWS:
        ctx.report(display, mark, codes.TOO_MANY_DRAWS, what=what, count=count, limit=MAX_DRAWS)
        return None
    ranges = [range(site.low, site.high + 1) for site in sites]
    return [
        {site.offset: value for site, value in zip(sites, values, strict=True)}
        for values in itertools.product(*ranges)
    ]
