"""Builds a Story from a folder of YAML files, reporting every problem at once.

Two passes: the first reads every file and registers ids (scenes, choices, notes,
facts, places: `manifest`, `tables`, `chapters`); the second builds the scenes
(`scenes`), resolving each reference once (`references`), so a goto or a `visited()`
may name a scene in any chapter. The fields every file may hold are in `fields`.
"""

from __future__ import annotations

import gc
from pathlib import Path

from game.story import checked, codes, fields, long_lived
from game.story.chapters import build_chapters, read_chapters
from game.story.context import LoadContext, display_path
from game.story.diagnostics import Diagnostic, StoryError
from game.story.edges import fold_edges
from game.story.manifest import MANIFEST, read_manifest
from game.story.model import Story
from game.story.reach import check_reach_endings
from game.story.tunnels import expand_tunnels

__all__ = ["FORMAT_VERSION", "MANIFEST", "check_story", "display_path", "load_story"]

FORMAT_VERSION = fields.FORMAT_VERSION


def _load(ctx: LoadContext) -> Story | None:
    found = read_manifest(ctx)
    if found is None:
        return None
    display, data = found
    ctx.history = data.get("history") is not False
    raw_chapters = read_chapters(ctx, data, display)
    loaded = {chapter.chapter_id for chapter in raw_chapters}
    chapters, scenes, choices = build_chapters(ctx, raw_chapters)
    start = data["start"]
    if not ctx.diags.errors:
        chapters, scenes = expand_tunnels(ctx, chapters, scenes, start)
        scenes, choices = fold_edges(ctx, scenes, start)
    cascade = ctx.diags.errors and start.partition(".")[0] not in loaded
    if start not in ctx.scene_ids and not cascade:
        ctx.report(display, data.value_mark("start"), codes.START_NO_SCENE, start=start)
    if ctx.diags.errors:
        return None
    check_reach_endings(ctx, scenes)
    if ctx.diags.errors:
        return None
    root = ctx.root
    return Story(
        id=data["id"],
        title=data["title"],
        subtitle=data.get("subtitle", ""),
        version=data.get("version", 1),
        format=data["format"],
        start=start,
        intro=data.get("intro", "").strip(),
        stats=ctx.stats,
        flags=ctx.flags,
        chapters=chapters,
        scenes=scenes,
        choices=choices,
        notes=ctx.notes,
        facts=ctx.facts,
        places=ctx.places,
        root=root,
        files=[display_path(root / path.name) for path, _ in ctx.texts],
        fingerprint=ctx.fingerprint.text(),
        chapter_index={chapter.id: chapter for chapter in chapters},
        history=ctx.history,
    )


def check_story(path: Path | str, *, fresh: bool = False) -> tuple[Story | None, list[Diagnostic]]:
    """Load a story folder; return the story (or None) and every diagnostic.

    A folder this process checked before, with every file unchanged, is not checked again
    (story/checked.py) unless `fresh` (benchmarks timing the check itself)."""
    root = Path(path)
    known = None if fresh else checked.recall(root)
    if known is not None:
        return known
    ctx = LoadContext(root)
    # Loading allocates many small objects and frees none: the cyclic collector would only
    # rescan them again and again (it made a 10,000-scene load 60% slower).
    collecting = gc.isenabled()
    gc.disable()
    try:
        story = _load(ctx)
    finally:
        if collecting:
            long_lived.settle()
            gc.enable()
    diagnostics = ctx.diags.sorted()
    if story is not None:
        checked.remember(root, ctx.texts, story, diagnostics)
    return story, diagnostics


def load_story(path: Path | str, *, fresh: bool = False) -> Story:
    """Load a story folder or raise StoryError carrying every diagnostic."""
    story, diagnostics = check_story(path, fresh=fresh)
    if story is None:
        raise StoryError(diagnostics)
    return story
