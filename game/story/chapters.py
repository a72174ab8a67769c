"""Chapter files: read and register every id first, then build the chapters' scenes.

Registering every chapter's scene, choice, note and fact ids before building any scene
is what lets a goto or a `visited()` name a scene in any chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.story import codes, fields, references, tables
from game.story.context import LoadContext
from game.story.model import Chapter, Choice, Location, Scene
from game.story.scenes import build_scene
from game.story.templates import build_prose
from game.story.yamlfile import YamlList, YamlMap


@dataclass
class RawChapter:
    """A chapter file that parsed and has a usable header, before its scenes are built."""

    data: YamlMap
    display: str
    chapter_id: str
    header: YamlMap
    scenes: YamlMap
    order: int


def read_chapters(ctx: LoadContext, data: YamlMap, display: str) -> list[RawChapter]:
    """Read every chapter file the manifest lists and register its ids."""
    chapters_list = data["chapters"]
    raw: list[RawChapter] = []
    seen_chapters: dict[str, str] = {}
    # The first entry (index, line) naming each file, by name and by resolved path: a file
    # listed twice (20,000 aliases of one name, say) is read once.
    listed: dict[object, tuple[int, int]] = {}
    for index, name in enumerate(chapters_list):
        mark = chapters_list.item_mark(index)
        if not isinstance(name, str):
            ctx.report(display, mark, codes.CHAPTER_ENTRY)
            continue
        first = listed.get(name)
        if first is None:
            path = ctx.story_file(name, "chapter", display, mark)
            if path is None:
                continue
            first = listed.setdefault(path, (index, mark[0]))
            listed[name] = first
        if first[0] != index:
            ctx.report(display, mark, codes.CHAPTER_LISTED_TWICE, name=name, line=first[1])
            continue
        # Only a name first listed at this index gets here, its path resolved just above.
        assert path is not None
        chapter_display, doc = ctx.read(path)
        if doc is None:
            continue
        if not ctx.expect_map(doc, chapter_display, (1, 1), "a chapter file"):
            continue
        if not ctx.check_fields(doc, fields.CHAPTER_FILE, chapter_display, "the chapter file"):
            continue
        header = doc["chapter"]
        if not ctx.check_fields(header, fields.CHAPTER, chapter_display, "the chapter"):
            continue
        chapter_id = header["id"]
        if not ctx.check_id(chapter_id, chapter_display, header.value_mark("id"), "chapter id"):
            continue
        if chapter_id in seen_chapters:
            ctx.report(
                chapter_display,
                header.value_mark("id"),
                codes.CHAPTER_ID_USED,
                id=chapter_id,
                first=seen_chapters[chapter_id],
            )
            continue
        seen_chapters[chapter_id] = chapter_display
        raw.append(RawChapter(doc, chapter_display, chapter_id, header, doc["scenes"], index))
        if "facts" in doc:
            tables.load_facts(ctx, doc["facts"], chapter_display)
        for scene_id in doc["scenes"]:
            mark = doc["scenes"].key_mark(scene_id)
            if ctx.check_id(scene_id, chapter_display, mark, "scene id"):
                ctx.scene_ids[f"{chapter_id}.{scene_id}"] = Location(chapter_display, *mark)
    for chapter in raw:
        register_choices(ctx, chapter)
        if "notes" in chapter.data:
            tables.load_notes(ctx, chapter.data["notes"], chapter.chapter_id, chapter.display)
    references.note_facts(ctx)
    return raw


def register_choices(ctx: LoadContext, chapter: RawChapter) -> None:
    for scene_id, scene in chapter.scenes.items():
        if not isinstance(scene, YamlMap) or not isinstance(scene.get("choices"), YamlList):
            continue
        seen: dict[str, Location] = {}
        for choice in scene["choices"]:
            if not isinstance(choice, YamlMap) or not isinstance(choice.get("id"), str):
                continue
            choice_id = choice["id"]
            mark = choice.value_mark("id")
            if choice_id in seen:
                ctx.report(
                    chapter.display,
                    mark,
                    codes.DUPLICATE_CHOICE,
                    id=choice_id,
                    line=seen[choice_id].line,
                )
                ctx.duplicate_choices.add(id(choice))
                continue
            seen[choice_id] = Location(chapter.display, *mark)
            ctx.choice_ids.add(f"{chapter.chapter_id}.{scene_id}.{choice_id}")


def build_chapters(
    ctx: LoadContext, raw_chapters: list[RawChapter]
) -> tuple[list[Chapter], dict[str, Scene], dict[str, Choice]]:
    """Build every chapter read, taking each out of `raw_chapters` as it goes, so that its
    YAML can be let go once it is built: kept to the end, every chapter's composed YAML
    stood beside the whole built story at the load's peak (0.6 MB of the title's)."""
    chapters: list[Chapter] = []
    scenes: dict[str, Scene] = {}
    choices: dict[str, Choice] = {}
    raw_chapters.reverse()
    while raw_chapters:
        raw = raw_chapters.pop()
        header = raw.header
        place = header.get("place", "")
        if place:
            references.place(ctx, place, raw.display, header.value_mark("place"))
        date = ctx.date(header, raw.display) if "date" in header else ""
        scene_order = []
        for scene_id, spec in raw.scenes.items():
            full_id = f"{raw.chapter_id}.{scene_id}"
            if not isinstance(scene_id, str) or full_id not in ctx.scene_ids:
                continue
            made: list[Scene] = []
            scene = build_scene(
                ctx, raw.chapter_id, raw.display, raw.scenes, scene_id, spec, date, made
            )
            for built in (scene, *made) if scene is not None else ():
                scenes[built.id] = built
                scene_order.append(built.id)
                for choice in built.choices:
                    choices[choice.full_id] = choice
        loc = Location(raw.display, *raw.data.key_mark("chapter"))
        recap = None
        if "recap" in header:
            recap = build_prose(
                ctx, header["recap"], raw.display, header.value_mark("recap"), raw.chapter_id
            )
        chapters.append(
            Chapter(
                raw.chapter_id,
                header["title"],
                place,
                date,
                header.get("viewpoint", ""),
                raw.display,
                tuple(scene_order),
                loc,
                recap,
            )
        )
        if not raw.scenes:
            ctx.report(raw.display, raw.data.value_mark("scenes"), codes.NO_SCENES)
    return chapters, scenes, choices
