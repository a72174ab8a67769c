"""The manifest, `story.yaml`: the story's header, its stats and flags, and its tables."""

from __future__ import annotations

from game.story import codes, fields, tables
from game.story.context import LoadContext, display_path
from game.story.expressions import BOOL, INT
from game.story.framing import MANIFEST, manifest_path
from game.story.model import FlagDef, StatDef
from game.story.yamlfile import YamlList, YamlMap

__all__ = ["MANIFEST", "read_manifest"]


def read_manifest(ctx: LoadContext) -> tuple[str, YamlMap] | None:
    """The manifest's `story:` mapping, fields checked; None when nothing more can be read."""
    root = ctx.root
    try:
        manifest = manifest_path(root)
        if root.is_file():
            ctx.root = root.parent
        missing = not manifest.exists()
    except OSError as exc:  # a folder this user may not search: pathlib raises, not False
        reason = exc.strerror or str(exc)
        ctx.report(display_path(root / MANIFEST), (1, 1), codes.CANNOT_READ, reason=reason)
        return None
    if missing:
        ctx.report(display_path(manifest), (1, 1), codes.NO_MANIFEST, manifest=MANIFEST)
        return None
    display, doc = ctx.read(manifest)
    if doc is None:
        return None
    if not ctx.expect_map(doc, display, (1, 1), "the manifest") or "story" not in doc:
        ctx.report(display, (1, 1), codes.NO_STORY_MAPPING)
        return None
    data = doc["story"]
    if not ctx.expect_map(data, display, doc.value_mark("story"), "'story'"):
        return None
    for key in doc:
        if key != "story":
            ctx.report(display, doc.key_mark(key), codes.UNKNOWN_TOP_LEVEL, key=key)
    if not ctx.check_fields(data, fields.STORY, display, "the story"):
        return None
    if data["format"] > fields.FORMAT_VERSION:
        ctx.report(
            display,
            data.value_mark("format"),
            codes.FORMAT_TOO_NEW,
            format=data["format"],
            supported=fields.FORMAT_VERSION,
        )
        return None
    if data["format"] < 1:
        ctx.report(
            display, data.value_mark("format"), codes.FORMAT_BELOW_ONE, format=data["format"]
        )
        return None
    ctx.check_id(data["id"], display, data.value_mark("id"), "story id")
    load_stats(ctx, data, display)
    load_flags(ctx, data, display)
    for table, load in (("places", tables.load_places), ("facts", tables.load_facts_file)):
        if table in data:
            load(ctx, data[table], data, table, display)
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
            ctx.report(
                display,
                stats.value_mark(name),
                codes.STAT_RANGE,
                name=name,
                low=low,
                start=start,
                high=high,
            )
            continue
        if high - low + 1 > fields.MAX_STAT_VALUES:
            ctx.report(
                display,
                stats.value_mark(name),
                codes.STAT_TOO_WIDE,
                name=name,
                count=high - low + 1,
                limit=fields.MAX_STAT_VALUES,
            )  # and declared all the same: its effects are not unknown names
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
            ctx.report(display, mark, codes.STAT_AND_FLAG, name=name)
            continue
        if not isinstance(label, str):
            ctx.report(display, mark, codes.FLAG_LABEL, name=name)
            continue
        ctx.flags[name] = FlagDef(name, label)
        ctx.types[name] = BOOL
