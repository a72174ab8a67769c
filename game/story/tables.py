"""The story's tables: places and facts (their own files or a chapter's), and notes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from game.story import codes, fields
from game.story.context import LoadContext
from game.story.model import Fact, Location, Note, Place
from game.story.templates import build_prose
from game.story.yamlfile import Mark, YamlMap


def read_table(
    ctx: LoadContext, name: str, key: str, manifest: YamlMap, field_name: str, display: str
) -> tuple[str, YamlMap] | None:
    """The `key:` mapping of a table file the manifest names (with the file's display
    path), or None (reported)."""
    found = ctx.story_file(name, field_name, display, manifest.value_mark(field_name))
    if found is None:
        return None
    table_display, doc = ctx.read(found)
    if doc is None:
        return None
    if not isinstance(doc, YamlMap) or key not in doc:
        ctx.report(table_display, (1, 1), codes.NO_TABLE_MAPPING, key=key)
        return None
    for extra in doc:
        if extra != key:
            ctx.report(table_display, doc.key_mark(extra), codes.UNKNOWN_TOP_LEVEL, key=extra)
    entries = doc[key]
    if not ctx.expect_map(entries, table_display, doc.value_mark(key), f"'{key}'"):
        return None
    return table_display, entries


def entries_of(
    ctx: LoadContext,
    entries: YamlMap,
    display: str,
    kind: str,
    table: dict[str, fields.Field],
    registry: Mapping[str, Note | Fact | Place] | None = None,
) -> Iterator[tuple[str, YamlMap, Mark]]:
    """The entries of an id -> mapping table that have a valid, new id and usable fields."""
    for entry_id, spec in entries.items():
        mark = entries.key_mark(entry_id)
        if not ctx.check_id(entry_id, display, mark, f"{kind} id"):
            continue
        if registry is not None and entry_id in registry:
            first = registry[entry_id].loc
            ctx.report(display, mark, codes.DUPLICATE_ENTRY, kind=kind, id=entry_id, first=first)
            continue
        if not ctx.expect_map(spec, display, entries.value_mark(entry_id), f"a {kind}"):
            continue
        if ctx.check_fields(spec, table, display, f"{kind} {entry_id!r}"):
            yield entry_id, spec, mark


def load_places(
    ctx: LoadContext, name: str, manifest: YamlMap, field_name: str, display: str
) -> None:
    table = read_table(ctx, name, "places", manifest, field_name, display)
    if table is None:
        return
    table_display, entries = table
    for place_id, spec, mark in entries_of(ctx, entries, table_display, "place", fields.PLACE):
        if not _on_earth(ctx, place_id, spec, table_display):
            continue
        ctx.places[place_id] = Place(
            place_id,
            spec["name"],
            float(spec["lat"]),
            float(spec["lon"]),
            spec["label"] if "label" in spec else spec["name"],
            Location(table_display, *mark),
        )


def _on_earth(ctx: LoadContext, place_id: str, spec: YamlMap, display: str) -> bool:
    """Latitude and longitude are finite and in range (`.nan` and `.inf` are YAML floats)."""
    ok = True
    for name, (low, high) in fields.COORDINATES.items():
        value = spec[name]
        if not low <= value <= high:  # false for nan too
            ctx.report(
                display,
                spec.value_mark(name),
                codes.COORDINATE,
                id=place_id,
                name=name,
                low=low,
                high=high,
                value=value,
            )
            ok = False
    return ok


def load_facts_file(
    ctx: LoadContext, name: str, manifest: YamlMap, field_name: str, display: str
) -> None:
    table = read_table(ctx, name, "facts", manifest, field_name, display)
    if table is not None:
        load_facts(ctx, table[1], table[0])


def load_facts(ctx: LoadContext, entries: YamlMap, display: str) -> None:
    for fact_id, spec, mark in entries_of(ctx, entries, display, "fact", fields.FACT, ctx.facts):
        date = ctx.date(spec, display)
        ctx.facts[fact_id] = Fact(
            fact_id, spec["claim"], date, spec["source"], Location(display, *mark)
        )


def load_notes(ctx: LoadContext, notes: YamlMap, chapter_id: str, display: str) -> None:
    for note_id, spec, mark in entries_of(ctx, notes, display, "note", fields.NOTE, ctx.notes):
        kind = spec["kind"]
        if kind not in fields.NOTE_KINDS:
            ctx.report(display, spec.value_mark("kind"), codes.NOTE_KIND, kind=kind)
        sources = ctx.strings(spec, "sources", display, f"note {note_id!r}")
        if not sources:
            ctx.report(display, spec.value_mark("sources"), codes.NO_SOURCE, id=note_id)
        facts = ctx.strings(spec, "facts", display, f"note {note_id!r}")
        ctx.notes[note_id] = Note(
            note_id,
            spec["title"],
            kind,
            build_prose(ctx, spec["text"], display, spec.value_mark("text"), chapter_id),
            tuple(sources),
            tuple(facts),
            chapter_id,
            Location(display, *mark),
        )
