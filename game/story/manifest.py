"""The manifest, `story.yaml`: the story's header, its stats and flags, and its tables."""

from __future__ import annotations

from game.story import fields, tables
from game.story.context import LoadContext, display_path
from game.story.expressions import BOOL, INT
from game.story.model import FlagDef, StatDef
from game.story.yamlfile import YamlList, YamlMap

MANIFEST = "story.yaml"


def read_manifest(ctx: LoadContext) -> tuple[str, YamlMap] | None:
    """The manifest's `story:` mapping, fields checked; None when nothing more can be read."""
    root = ctx.root
    manifest_path = root / MANIFEST if root.is_dir() else root
    if root.is_file():
        ctx.root = root.parent
    if not manifest_path.exists():
        ctx.error(
            display_path(manifest_path),
            (1, 1),
            "D014",
            f"no {MANIFEST} here",
            "point at a story folder that holds story.yaml",
        )
        return None
    display, doc = ctx.read(manifest_path)
    if doc is None:
        return None
    if not ctx.expect_map(doc, display, (1, 1), "the manifest") or "story" not in doc:
        ctx.error(display, (1, 1), "D011", "the manifest needs a top-level 'story:' mapping")
        return None
    data = doc["story"]
    if not ctx.expect_map(data, display, doc.value_mark("story"), "'story'"):
        return None
    for key in doc:
        if key != "story":
            ctx.error(display, doc.key_mark(key), "D010", f"unknown top-level field {key!r}")
    if not ctx.check_fields(data, fields.STORY, display, "the story"):
        return None
    if data["format"] > fields.FORMAT_VERSION:
        ctx.error(
            display,
            data.value_mark("format"),
            "D012",
            f"format {data['format']} is newer than this game reads ({fields.FORMAT_VERSION})",
            "update the game",
        )
        return None
    ctx.check_id(data["id"], display, data.value_mark("id"), "story id")
    load_stats(ctx, data, display)
    load_flags(ctx, data, display)
    for table, load in (("places", tables.load_places), ("facts", tables.load_facts_file)):
        if table in data:
            load(ctx, ctx.root / data[table], data, table, display)
    return display, data


def load_stats(ctx: LoadContext, data: YamlMap, display: str) -> None:
    stats = data.get("stats", YamlMap())
    for name, spec in stats.items():
        mark = stats.key_mark(name)
        if not ctx.check_id(name, display, mark, "stat name", fields.NAME):
            continue
        if not ctx.expect_map(spec, display, stats.value_mark(name), f"stat {name!r}"):
            continue
        if not ctx.check_fields(spec, fields.STAT, display, f"stat {name!r}"):
            continue
        low, high, start = spec["min"], spec["max"], spec["start"]
        if low > high or not low <= start <= high:
            ctx.error(
                display,
                stats.value_mark(name),
                "D012",
                f"stat {name!r} needs min <= start <= max (got {low}, {start}, {high})",
            )
            continue
        ctx.stats[name] = StatDef(name, spec["label"], start, low, high)
        ctx.types[name] = INT


def load_flags(ctx: LoadContext, data: YamlMap, display: str) -> None:
    flags = data.get("flags", YamlMap())
    if isinstance(flags, YamlList):
        entries = [(name, name, flags.item_mark(i)) for i, name in enumerate(flags)]
    else:
        entries = [(name, label, flags.key_mark(name)) for name, label in flags.items()]
    for name, label, mark in entries:
        if not ctx.check_id(name, display, mark, "flag name", fields.NAME):
            continue
        if name in ctx.stats:
            ctx.error(display, mark, "D013", f"{name!r} is declared as both a stat and a flag")
            continue
        if not isinstance(label, str):
            ctx.error(display, mark, "D012", f"flag {name!r}: the label should be text")
            continue
        ctx.flags[name] = FlagDef(name, label)
        ctx.types[name] = BOOL
