"""Prose fields at load time: parsed with variants, compiled once, problems pinned to the file.

A prose field (scene text, an outcome, an epilogue) may hold `{name}` substitutions,
inline variants and, in its list form, conditional parts (game/story/variants.py). Its
conditions name scenes and choices from the scene they stand in. A problem's place inside
the text becomes a `file:line:col` through the YAML value it came from and the scalar's
own lines (game/story/positions.py). Choice text is one line that shows stats only.
"""

from __future__ import annotations

import functools

from game.story import references
from game.story.context import LoadContext, ProseReference
from game.story.expressions import BOOL, Expression, compile_expression
from game.story.model import Location, Template
from game.story.positions import locate
from game.story.prose_tree import Problem, Spot
from game.story.variants import is_plain, parse_prose, plain_prose
from game.story.yamlfile import Mark, YamlList, YamlMap

_PROSE = "prose condition"  # beside a source in LoadContext.compiled's keys, as no want is


def build_prose(
    ctx: LoadContext,
    value: object,
    display: str,
    mark: Mark,
    chapter_id: str = "",
    scene_id: str = "",
    *,
    blocks: bool = True,
    variants: bool = True,
    what: str = "the text",
) -> Template:
    """Parse and compile one prose field; report each problem where it stands in the file."""
    if is_plain(value):
        return Template(plain_prose(value))  # most fields: no condition to compile

    def compile_condition(source: str) -> Expression:
        # Prose repeats its conditions too (802 in the campaign, 248 different).
        return ctx.compiled_once(
            (_PROSE, source),
            chapter_id,
            lambda: compile_expression(
                source,
                ctx.types,
                lambda ref: references.resolve_scene(ctx, chapter_id, ref),
                lambda ref: references.resolve_choice(ctx, chapter_id, scene_id, ref),
                want=BOOL,
                prose=True,
            ),
        )

    prose, problems = parse_prose(
        value, compile_condition, ctx.stats, ctx.flags, blocks=blocks, variants=variants, what=what
    )
    for problem in problems:
        _report(ctx, problem, value, display, mark)
    for site in prose.conditions:
        expression = site.expression
        named = expression.scenes | {c.rpartition(".")[0] for c in expression.choices}
        if named:
            where = functools.partial(spot_mark, ctx, site.spot, value, display, mark)
            ctx.prose_references.append(ProseReference(frozenset(named), what, display, where))
    source = ctx.sources.get(display)
    if prose.variants and source is not None:
        return Template(prose, (display, mark, value, source))
    return Template(prose)


def build_template(ctx: LoadContext, text: str, display: str, mark: Mark) -> Template:
    """Choice text: `{stat}` substitutions only, on one line."""
    return build_prose(ctx, text, display, mark, blocks=False, variants=False, what="choice text")


def _report(ctx: LoadContext, problem: Problem, value: object, display: str, mark: Mark) -> None:
    ctx.report(display, spot_mark(ctx, problem.spot, value, display, mark), problem.kind,
               hint=None, **dict(problem.values))  # fmt: skip


def spot_mark(ctx: LoadContext, spot: Spot, value: object, display: str, mark: Mark) -> Mark:
    """The `line:col` of a spot in a prose field whose value starts at `mark`."""
    return _spot_mark(ctx.sources.get(display), spot, value, mark)


def variant_places(template: Template) -> tuple[Location, ...]:
    """Where each variant of the prose starts (by variant id), as `file:line:col`.

    Worked out only when asked (the playtest asks), so loading pays nothing for it.
    """
    if template.origin is None:
        return ()
    display, mark, value, source = template.origin
    return tuple(
        Location(display, *_spot_mark(source, site.spot, value, mark, exact=True))
        for site in template.prose.variants
    )


def _spot_mark(
    source: str | None, spot: Spot, value: object, mark: Mark, exact: bool = False
) -> Mark:
    """`exact` places offset 0 on the string's first character, not at its YAML value's
    start (the `|` of a block scalar, the quote)."""
    for step, key in enumerate(spot.path):
        last = step == len(spot.path) - 1
        if isinstance(value, YamlList) and isinstance(key, int) and key < len(value):
            mark, value = value.item_mark(key), value[key]
        elif isinstance(value, YamlMap) and key in value:
            mark = value.key_mark(key) if last and spot.key else value.value_mark(key)
            value = value[key]
        else:
            return mark
    if isinstance(value, str) and (spot.offset or exact) and source is not None:
        return locate(source, mark, spot.offset, exact)
    return mark
