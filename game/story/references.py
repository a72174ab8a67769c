"""Every reference between story files is resolved here: gotos, `visited()`/`chosen()`,
notes, places and facts, each against the ids registered before any scene is built.

A reference that names nothing is reported with the closest known id as a suggestion.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

from game.story import codes
from game.story.context import LoadContext
from game.story.expressions import Expression, ExpressionError, compile_expression
from game.story.yamlfile import Mark


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known id most like `name`, for a 'did you mean' hint."""
    found = difflib.get_close_matches(name, list(known), n=1)
    return found[0] if found else None


def suggestion(ctx: LoadContext, name: str, known: Collection[str], otherwise: str) -> str:
    """'did you mean ...?' for the closest known id, while the load's budget of comparisons
    lasts: thousands of unknown names against thousands of ids would take minutes."""
    if ctx.suggestion_budget < len(known):
        return otherwise
    ctx.suggestion_budget -= len(known)
    close = closest(name, known)
    return f"did you mean {close!r}?" if close else otherwise


def resolve_scene(ctx: LoadContext, chapter_id: str, ref: str) -> str | None:
    full = ref if "." in ref else f"{chapter_id}.{ref}"
    return full if full in ctx.scene_ids else None


def resolve_choice(ctx: LoadContext, chapter_id: str, scene_id: str, ref: str) -> str | None:
    dots = ref.count(".")
    if dots == 0:
        full = f"{chapter_id}.{scene_id}.{ref}"
    elif dots == 1:
        full = f"{chapter_id}.{ref}"
    else:
        full = ref
    return full if full in ctx.choice_ids else None


def goto(
    ctx: LoadContext, ref: str, chapter_id: str, display: str, mark: Mark, what: str
) -> str | None:
    """The full id of the scene a goto names, or None (reported)."""
    full = resolve_scene(ctx, chapter_id, ref)
    if full is None:
        wanted = ref if "." in ref else f"{chapter_id}.{ref}"
        hint = suggestion(ctx, wanted, ctx.scene_ids, "write scene or chapter.scene")
        ctx.report(display, mark, codes.GOTO_NO_SCENE, hint=hint, what=what, ref=ref)
    return full


def note(ctx: LoadContext, ref: str, display: str, mark: Mark, what: str) -> None:
    if ref not in ctx.notes:
        hint = suggestion(ctx, ref, ctx.notes, "define it under 'notes:'")
        ctx.report(display, mark, codes.UNKNOWN_NOTE, hint=hint, what=what, ref=ref)


def place(ctx: LoadContext, ref: str, display: str, mark: Mark) -> None:
    if ctx.places and ref not in ctx.places:
        hint = suggestion(ctx, ref, ctx.places, "add it to the places table")
        ctx.report(display, mark, codes.UNKNOWN_PLACE, hint=hint, place=ref)


def note_facts(ctx: LoadContext) -> None:
    """Every fact a note cites is in the registry (all fact files are read by now)."""
    for found in ctx.notes.values():
        for fact_id in found.facts:
            if fact_id not in ctx.facts:
                ctx.report(
                    found.loc.path,
                    (found.loc.line, found.loc.col),
                    codes.UNKNOWN_FACT,
                    hint=suggestion(ctx, fact_id, ctx.facts, "add it to the facts registry"),
                    id=found.id,
                    fact=fact_id,
                )


def expression(
    ctx: LoadContext,
    source: object,
    display: str,
    mark: Mark,
    chapter_id: str,
    scene_id: str,
    want: str,
    what: str,
    draws: dict[int, int] | None = None,
) -> Expression | None:
    """Compile a condition or effect, its scene and choice names resolved from its scene.

    `draws` fixes each `random()` of an effect (see expressions.compile_expression)."""
    if not isinstance(source, str):
        source = str(source).lower() if isinstance(source, bool) else str(source)
    key = (source, want, None if draws is None else tuple(sorted(draws.items())))
    try:
        return ctx.compiled_once(
            key,
            chapter_id,
            lambda: compile_expression(
                source,
                ctx.types,
                lambda ref: resolve_scene(ctx, chapter_id, ref),
                lambda ref: resolve_choice(ctx, chapter_id, scene_id, ref),
                want=want,
                draws=draws,
            ),
        )
    except ExpressionError as exc:
        ctx.report(
            display,
            mark,
            codes.EXPRESSION_PROBLEMS[exc.kind],
            what=what,
            message=str(exc),
            position=exc.offset + 1,
            source=exc.excerpt(source),
        )
        return None
