"""Every reference between story files is resolved here: gotos, `visited()`/`chosen()`,
notes, places and facts, each against the ids registered before any scene is built.

A reference that names nothing is reported with the closest known id as a suggestion.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from game.story.context import LoadContext
from game.story.expressions import Expression, ExpressionError, compile_expression
from game.story.yamlfile import Mark


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known id most like `name`, for a 'did you mean' hint."""
    found = difflib.get_close_matches(name, list(known), n=1)
    return found[0] if found else None


def suggestion(name: str, known: Iterable[str], otherwise: str) -> str:
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


def goto(ctx: LoadContext, ref: str, chapter_id: str, display: str, mark: Mark, what: str):
    """The full id of the scene a goto names, or None (reported)."""
    full = resolve_scene(ctx, chapter_id, ref)
    if full is None:
        wanted = ref if "." in ref else f"{chapter_id}.{ref}"
        ctx.error(
            display,
            mark,
            "D020",
            f"{what}: goto names no scene {ref!r}",
            suggestion(wanted, ctx.scene_ids, "write scene or chapter.scene"),
        )
    return full


def note(ctx: LoadContext, ref: str, display: str, mark: Mark, what: str) -> None:
    if ref not in ctx.notes:
        ctx.error(
            display,
            mark,
            "D024",
            f"{what} names an unknown note {ref!r}",
            suggestion(ref, ctx.notes, "define it under 'notes:'"),
        )


def place(ctx: LoadContext, ref: str, display: str, mark: Mark) -> None:
    if ctx.places and ref not in ctx.places:
        ctx.error(
            display,
            mark,
            "D025",
            f"unknown place {ref!r}",
            suggestion(ref, ctx.places, "add it to the places table"),
        )


def note_facts(ctx: LoadContext) -> None:
    """Every fact a note cites is in the registry (all fact files are read by now)."""
    for found in ctx.notes.values():
        for fact_id in found.facts:
            if fact_id not in ctx.facts:
                ctx.error(
                    found.loc.path,
                    (found.loc.line, found.loc.col),
                    "D026",
                    f"note {found.id!r} cites an unknown fact {fact_id!r}",
                    suggestion(fact_id, ctx.facts, "add it to the facts registry"),
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
) -> Expression | None:
    """Compile a condition or effect, its scene and choice names resolved from its scene."""
    if not isinstance(source, str):
        source = str(source).lower() if isinstance(source, bool) else str(source)
    try:
        return compile_expression(
            source,
            ctx.types,
            lambda ref: resolve_scene(ctx, chapter_id, ref),
            lambda ref: resolve_choice(ctx, chapter_id, scene_id, ref),
            want=want,
        )
    except ExpressionError as exc:
        message = str(exc)
        code = "D027" if "names no" in message else "D022"
        if code == "D022" and "unknown name" in message:
            hint = "declare it under stats or flags in story.yaml"
        else:
            hint = f"at character {exc.offset + 1} of {source!r}"
        ctx.error(display, mark, code, f"{what}: {message}", hint)
        return None
