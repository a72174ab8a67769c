"""Reusable scenes (tunnels): `call: SCENE` plays a sequence that `return: true` leaves.

Each call site gets its own copy of the called scenes, whose `return` choices go back to
that call site's return point (the call's `goto`, or the calling scene). So the return
stack is the scene the player is in: a copy's id names its call site, a call inside a
copy makes copies of its own, and the engine, saves, undo, replay and the playtests see
only scenes and gotos. A copy's local id is `-SCENE-HASH` (no written id starts with
'-'), HASH a short digest of the call site's scene and choice ids, so a copy keeps its id
as long as its call site keeps its ids, and a save made inside one still replays.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from typing import overload

from game.frozen import frozen
from game.story import codes
from game.story.codes import Problem
from game.story.context import LoadContext
from game.story.expressions import Expression
from game.story.model import Chapter, Choice, Scene

# How deep calls may nest (a call inside a called scene counts one more).
MAX_CALL_DEPTH = 8


def expand_tunnels(
    ctx: LoadContext, chapters: list[Chapter], scenes: dict[str, Scene], start: str
) -> tuple[list[Chapter], dict[str, Scene]]:
    """Scenes with every call replaced by a goto into a copy of the called scenes."""
    entries = {c.call for s in scenes.values() for c in s.choices if c.call}
    returning = [c for s in scenes.values() for c in s.choices if c.returns]
    if not entries and not returning:
        return chapters, scenes
    inside = _closure(scenes, entries)
    for choice in returning:
        if choice.scene not in inside:
            _report(ctx, choice, codes.RETURN_OUTSIDE_TUNNEL, what=f"choice {choice.id!r}")
    for scene in scenes.values():
        _check_outside(ctx, scene, inside, start)
    for reference in ctx.prose_references:
        # A copy's visits and choices are counted under the copy's id, so a prose
        # condition naming the written scene would read 0 and false for ever.
        for ref in sorted(reference.scenes & inside):
            ctx.report(reference.display, reference.mark, codes.TUNNEL_REFERENCE, hint=None,
                       what=reference.what, ref=ref)  # fmt: skip
    if ctx.diags.errors:
        return chapters, scenes
    copier = _Copier(ctx, scenes)
    result = {}
    for scene_id, scene in scenes.items():
        if scene_id not in inside:
            result[scene_id] = copier.rewire(scene, None, scene_id)
    copies = copier.copies
    by_origin: dict[str, list[str]] = {}
    for copy_id, origin in copier.origin.items():
        by_origin.setdefault(origin, []).append(copy_id)
    for copy_id in copies:
        result[copy_id] = copies[copy_id]
    new_chapters = [
        dataclasses.replace(
            chapter,
            scenes=tuple(
                sid
                for scene_id in chapter.scenes
                for sid in ([scene_id] if scene_id not in inside else by_origin.get(scene_id, []))
            ),
        )
        for chapter in chapters
    ]
    return new_chapters, result


def _closure(scenes: dict[str, Scene], entries: set[str]) -> set[str]:
    """Every scene reached from a called scene before a return."""
    seen: set[str] = set()
    todo = [entry for entry in entries if entry in scenes]
    while todo:
        scene_id = todo.pop()
        if scene_id in seen:
            continue
        seen.add(scene_id)
        for choice in scenes[scene_id].choices:
            todo.extend(_local_targets(choice, scene_id))
    return seen


def _local_targets(choice: Choice, scene_id: str) -> list[str]:
    """Where a choice leads within the sequence it is in (a call comes back here)."""
    if choice.returns:
        return []
    if choice.call:
        return [choice.goto or scene_id]
    return list(choice.targets)


def _check_outside(ctx: LoadContext, scene: Scene, inside: set[str], start: str) -> None:
    """Scenes inside a called sequence are entered only through a call."""
    if scene.id in inside and scene.id == start:
        _report_scene(ctx, scene, scene.id, "the story's start")
    for choice in scene.choices:
        for target in _local_targets(choice, scene.id) if scene.id not in inside else ():
            if target in inside:
                _report_scene(ctx, scene, target, scene.id, choice)
        for expression in _expressions(choice):
            named = expression.scenes | {c.rpartition(".")[0] for c in expression.choices}
            for ref in sorted(named & inside):
                _report(ctx, choice, codes.TUNNEL_REFERENCE, what=f"choice {choice.id!r}", ref=ref)


def _expressions(choice: Choice) -> Iterator[Expression]:
    if choice.condition is not None:
        yield choice.condition
    for effect in (*choice.effects, *(e for b in choice.branches for e in b.effects)):
        if effect.expression is not None:
            yield effect.expression


def _report_scene(
    ctx: LoadContext, scene: Scene, target: str, source: str, choice: Choice | None = None
) -> None:
    loc = (choice or scene).loc
    ctx.report(loc.path, (loc.line, loc.col), codes.TUNNEL_BY_GOTO, id=target, source=source)


def _report(ctx: LoadContext, choice: Choice, problem: Problem, /, **values: object) -> None:
    loc = choice.loc
    ctx.report(loc.path, (loc.line, loc.col), problem, hint=None, **values)


@frozen
class _Frame:
    """One call site: its digest, where its returns lead, and the calls around it."""

    site: str
    back: str
    chain: tuple[str, ...]


class _Copier:
    """Makes the copies of called scenes, one set per call site, each once."""

    def __init__(self, ctx: LoadContext, scenes: dict[str, Scene]):
        self.ctx = ctx
        self.scenes = scenes
        self.copies: dict[str, Scene] = {}
        self.origin: dict[str, str] = {}  # copy id -> the written scene it copies

    def rewire(self, scene: Scene, frame: _Frame | None, new_id: str) -> Scene:
        """`scene` as `new_id`: gotos into the frame's copies, returns to its return point."""
        choices = []
        for choice in scene.choices:
            if choice.returns:
                goto, branches = (frame.back if frame else None), choice.branches
            elif choice.call:
                back = self._local(choice.goto, frame) or new_id
                goto = self.call(choice, frame, back, f"{new_id}.{choice.id}")
                branches = choice.branches
            else:
                goto = self._local(choice.goto, frame)
                branches = tuple(
                    dataclasses.replace(b, goto=self._local(b.goto, frame)) for b in choice.branches
                )
            if frame is None and not choice.call:
                choices.append(choice)
                continue
            choices.append(
                dataclasses.replace(
                    choice,
                    scene=new_id,
                    full_id=f"{new_id}.{choice.id}",
                    goto=goto,
                    branches=branches,
                    call=None,
                    returns=False,
                )
            )
        return dataclasses.replace(scene, id=new_id, choices=tuple(choices))

    @overload
    def _local(self, target: str, frame: _Frame | None) -> str: ...
    @overload
    def _local(self, target: str | None, frame: _Frame | None) -> str | None: ...
    def _local(self, target: str | None, frame: _Frame | None) -> str | None:
        """A goto inside a copy leads to the same call site's copy of its target."""
        if target is None or frame is None:
            return target
        return self._copy(target, frame)

    def call(self, choice: Choice, frame: _Frame | None, back: str, here: str) -> str:
        chain = frame.chain if frame else ()
        entry = choice.call
        assert entry is not None
        if entry in chain or len(chain) >= MAX_CALL_DEPTH:
            _report(
                self.ctx,
                choice,
                codes.TUNNEL_TOO_DEEP,
                limit=MAX_CALL_DEPTH,
                chain=" -> ".join((*chain, entry)),
            )
            return back
        site = hashlib.sha256(here.encode()).hexdigest()[:8]
        return self._copy(entry, _Frame(site, back, (*chain, entry)))

    def _copy(self, target: str, frame: _Frame) -> str:
        chapter, _, local = target.partition(".")
        copy_id = f"{chapter}.-{local}-{frame.site}"
        if copy_id not in self.origin:
            self.origin[copy_id] = target
            self.copies[copy_id] = self.rewire(self.scenes[target], frame, copy_id)
        return copy_id
