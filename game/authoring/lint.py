"""Warnings about a story that loads but is probably not what its writer meant.

Each check is a small function taking the story and a `Diagnostics` to add to; all are
static (they read the files, they do not play). `deniable playtest` proves by play
what these can only suspect.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from game.authoring import scenegraph
from game.authoring.domains import Domains
from game.authoring.prose_domains import (
    HistoryDomains,
    has_conditions,
    has_variants,
    off_history,
    on_history,
    prose_fields,
    prose_outcomes,
    reads_diverged,
)
from game.authoring.prose_joins import bad_joins
from game.engine.collector import collector_paused
from game.story import codes
from game.story.codes import Problem
from game.story.diagnostics import Diagnostic, Diagnostics
from game.story.expressions import Expression
from game.story.loader import MANIFEST, display_path
from game.story.model import Choice, Effect, Location, Story, Template
from game.story.templates import variant_places
from game.story.yamlfile import YamlList, YamlMap, load_file

_BRACED = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
# A paragraph opening with three or more digits and '.' or ')' (a year, in this story's
# prose) is an ordered list item to CommonMark, numbered from there and indented.
_LIST_NUMBER = re.compile(r"((\d{3,9})[.)])[ \t]+(\S.{0,30})")


def lint(story: Story) -> list[Diagnostic]:
    """Every warning for a loaded story, sorted by file and position."""
    # As in the loader: nothing here is cyclic, and a collection pass would only rescan
    # the whole freshly loaded story (a third of the time on a 10,000-scene story).
    with collector_paused():
        return _lint(story)


def _lint(story: Story) -> list[Diagnostic]:
    diags = Diagnostics()
    domains = Domains(story)
    check_reachability(story, diags)
    check_notes_shown(story, diags)
    check_dead_ends(story, diags, domains)
    check_conditions(story, diags, domains)
    check_text_conditions(story, diags, domains)
    following = on_history(story)  # history's path, read once for the two checks below
    check_history_notes_off_path(story, diags, following)
    check_epilogues(story, diags, following)
    check_names(story, diags, _manifest_marks(story))
    check_plain_text_braces(story, diags)
    check_variant_joins(story, diags)
    check_numbered_paragraphs(story, diags)
    check_citations(story, diags)
    check_unlisted_chapters(story, diags)
    if story.history:
        check_history_notes(story, diags)
        check_chapter_headers(story, diags)
    return diags.sorted()


def warn(
    diags: Diagnostics, loc: Location, problem: Problem, hint: str = "", /, **values: object
) -> None:
    """Report a warning; without a hint of its own it carries its code's."""
    diags.report(loc.path, (loc.line, loc.col), problem, hint=hint or problem.code.hint, **values)


# ------------------------------------------------------------------------ the graph


def check_reachability(story: Story, diags: Diagnostics) -> None:
    reached = scenegraph.reachable(story)
    for scene_id, scene in story.scenes.items():
        if scene_id not in reached:
            what = "ending" if scene.ending is not None else "scene"
            warn(diags, scene.loc, codes.UNREACHED_SCENE, what=what, id=scene_id)


def check_notes_shown(story: Story, diags: Diagnostics) -> None:
    shown = {choice.note for choice in story.choices.values()}
    for note_id, note in story.notes.items():
        if note_id not in shown:
            warn(diags, note.loc, codes.NOTE_NOT_SHOWN, id=note_id)


def check_dead_ends(story: Story, diags: Diagnostics, domains: Domains) -> None:
    cyclic = scenegraph.on_cycle(story)
    for scene_id, scene in story.scenes.items():
        if scene.ending is not None or not scene.choices:
            continue
        gates = []
        for choice in scene.choices:
            once = choice.full_id if choice.once and scene_id in cyclic else None
            if choice.condition is None and once is None:
                break  # a choice that is always open: no dead end here
            gates.append((choice.condition, once))
        else:
            witness = domains.all_closed(gates, scene_id)
            if witness is not None:
                warn(diags, scene.loc, codes.DEAD_END, id=scene_id, witness=witness)


# ------------------------------------------------------------------- stats and flags


def check_names(story: Story, diags: Diagnostics, manifest: dict[str, Location]) -> None:
    written: dict[str, Location] = {}
    for choice in story.choices.values():
        for effect in _effects_of(choice):
            written.setdefault(effect.target, effect.loc)
    read: set[str] = set()
    for choice in story.choices.values():
        if choice.condition is not None:
            read |= choice.condition.names
        for effect in _effects_of(choice):
            if effect.expression is not None:
                read |= effect.expression.names
        for template in _templates_of(choice):
            _add_reads(read, template)
    for scene in story.scenes.values():
        _add_reads(read, scene.text)
        if scene.ending is not None:
            _add_reads(read, scene.ending.epilogue)
    fallback = Location(display_path(story.root / MANIFEST), 1, 1)
    declared = [(name, "stat") for name in story.stats] + [(name, "flag") for name in story.flags]
    for name, kind in declared:
        where = manifest.get(name, fallback)
        if name in written and name not in read:
            warn(diags, written[name], codes.SET_NEVER_READ, kind=kind, name=name)
        elif name in read and name not in written:
            keeps = "false" if kind == "flag" else f"its start value {story.stats[name].start}"
            warn(diags, where, codes.READ_NEVER_SET, kind=kind, name=name, keeps=keeps)
        elif name not in read and name not in written:
            warn(diags, where, codes.NEVER_USED, kind=kind, name=name)


def _add_reads(read: set[str], template: Template) -> None:
    """The stats a text shows and the names its conditions read (most texts: none)."""
    prose = template.prose
    if prose.names:
        read |= prose.names
    if prose.reads:
        read |= prose.reads


def check_conditions(story: Story, diags: Diagnostics, domains: Domains) -> None:
    for choice in story.choices.values():
        condition = choice.condition
        if condition is None:
            continue
        finding = domains.outcomes(condition, choice.scene)
        if not finding.proved or len(finding.values) != 1:
            continue
        if True in finding.values:
            warn(diags, choice.loc, codes.ALWAYS_TRUE, id=choice.id, source=condition.source)
        else:
            warn(
                diags,
                choice.loc,
                codes.ALWAYS_FALSE,
                _why_false(story, condition),
                id=choice.id,
                source=condition.source,
            )


def check_text_conditions(story: Story, diags: Diagnostics, domains: Domains) -> None:
    """An inline `if` in prose that can never show its text, or always shows it."""
    for field in prose_fields(story, has_conditions):
        for site in field.template.prose.conditions:
            finding = prose_outcomes(domains, site.expression, field.scene)
            if not finding.proved or len(finding.values) != 1:
                continue
            source = site.expression.source
            if True in finding.values:
                warn(diags, field.loc, codes.TEXT_ALWAYS_TRUE, what=field.what, source=source)
            else:
                hint = _why_false(story, site.expression)
                warn(diags, field.loc, codes.TEXT_ALWAYS_FALSE, hint, what=field.what,
                     source=source)  # fmt: skip


def check_history_notes_off_path(
    story: Story, diags: Diagnostics, following: set[str] | None = None
) -> None:
    """A history note on a choice that history's path never opens."""
    following = on_history(story) if following is None else following
    candidates = [
        choice
        for choice in story.choices.values()
        if choice.condition is not None
        and choice.scene in following
        and getattr(story.notes.get(choice.note), "kind", "") == "history"
    ]
    if not candidates:
        return  # the values history's path gives are worked out only when asked
    history = HistoryDomains(story, following)
    for choice in candidates:
        condition = choice.condition
        note = story.notes[choice.note]
        assert condition is not None
        finding = history.outcomes(condition, choice.scene)
        if finding.proved and finding.values == {False}:
            warn(diags, choice.loc, codes.HISTORY_NOTE_OFF_PATH, id=choice.full_id,
                 source=condition.source, note=note.id)  # fmt: skip


def check_epilogues(story: Story, diags: Diagnostics, following: set[str] | None = None) -> None:
    """An ending both ways reach whose epilogue cannot tell them apart."""
    following = on_history(story) if following is None else following
    leaving = off_history(story, following)
    for scene_id in sorted(following & leaving):
        scene = story.scenes[scene_id]
        if scene.ending is not None and not reads_diverged(scene.ending.epilogue):
            warn(diags, scene.loc, codes.EPILOGUE_BLIND, id=scene_id)


def _why_false(story: Story, condition: Expression) -> str:
    parts = []
    for name in sorted(condition.names):
        stat = story.stats.get(name)
        if stat is not None:
            parts.append(f"{name} runs from {stat.min} to {stat.max}")
    if parts:
        return "; ".join(parts) + ": " + codes.ALWAYS_FALSE.code.hint
    return codes.ALWAYS_FALSE.code.hint


# ----------------------------------------------------------------------------- text


def check_plain_text_braces(story: Story, diags: Diagnostics) -> None:
    """`{name}` in text that is shown as written: the writer expected a number there."""
    known = set(story.stats) | set(story.flags)

    def scan(text: str, loc: Location, what: str) -> None:
        for match in _BRACED.finditer(text or ""):
            if match.group(1) in known:
                warn(diags, loc, codes.NOT_SUBSTITUTED, what=what, text=match.group(0))

    for chapter in story.chapters:
        scan(chapter.title, chapter.loc, f"chapter {chapter.id!r}: the title")
    for scene in story.scenes.values():
        scan(scene.title, scene.loc, f"scene {scene.id!r}: the title")
        scan(scene.history, scene.loc, f"scene {scene.id!r}: the history")
        if scene.ending is not None:
            scan(scene.ending.title, scene.loc, f"scene {scene.id!r}: the ending title")
        for choice in scene.choices:
            scan(choice.locked or "", choice.loc, f"choice {choice.id!r}: the locked reason")
    for note in story.notes.values():
        scan(note.title, note.loc, f"note {note.id!r}: the title")


def check_variant_joins(story: Story, diags: Diagnostics) -> None:
    """A variant whose join reads wrong in one branch (game/authoring/prose_joins.py)."""
    for field in prose_fields(story, has_variants):
        joins = bad_joins(field.template.prose)
        # Placed only for a field with a bad join: finding every variant's line:col in
        # the file was a fifth of the lint, for fields that have nothing to report.
        places = variant_places(field.template) if joins else ()
        for join in joins:
            loc = places[join.variant] if join.variant < len(places) else field.loc
            warn(diags, loc, codes.VARIANT_GLUED, what=field.what, why=join.why,
                 reads=join.reads)  # fmt: skip


def check_numbered_paragraphs(story: Story, diags: Diagnostics) -> None:
    """'1954. Everyone else ...' opens a numbered list, shown indented as item 1954."""
    for field in prose_fields(story):
        found = _numbered_paragraph(field.template.raw)
        if found is not None:
            start = f"{found[1]} {found[3]}..."
            warn(diags, field.loc, codes.NUMBERED_PARAGRAPH, what=field.what, start=start,
                 number=found[2])  # fmt: skip


def _numbered_paragraph(text: str) -> re.Match[str] | None:
    """The first paragraph that opens as a list item numbered 100 or more. Line by line:
    one regular expression over every field for a paragraph's start took 5 ms of the
    campaign's lint, this a fifth of that."""
    paragraph_starts = True
    for line in text.splitlines():
        words = line.lstrip(" \t")
        if not words:
            paragraph_starts = True
            continue
        if paragraph_starts and words[0].isdigit() and len(line) - len(words) <= 3:
            found = _LIST_NUMBER.match(words)
            if found is not None:
                return found
        paragraph_starts = False
    return None


# ------------------------------------------------------------------ notes and facts


def check_citations(story: Story, diags: Diagnostics) -> None:
    cited: set[str] = set()
    for note_id, note in story.notes.items():
        cited.update(note.facts)
        if note.kind == "history" and not note.facts:
            warn(diags, note.loc, codes.NO_FACT_CITED, id=note_id)
    for fact_id, fact in story.facts.items():
        if fact_id not in cited:
            warn(diags, fact.loc, codes.FACT_NOT_CITED, id=fact_id)


def check_history_notes(story: Story, diags: Diagnostics) -> None:
    """Key decisions and historical choices show a note of their own ('note: scene' and
    'note: none' are for the rest), so the player learns what really happened there."""
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.page_turn or (choice.note and choice.note != scene.note):
                continue
            if scene.key or choice.historical:
                why = "a historical choice" if choice.historical else "a choice of a key scene"
                what = f"choice {choice.id!r}"
                warn(diags, choice.loc, codes.KEY_CHOICE_NO_NOTE, what=what, why=why)


def check_chapter_headers(story: Story, diags: Diagnostics) -> None:
    """A history's chapter says where, when and who: headings and the map show them."""
    for chapter in story.chapters:
        fields = {"place": chapter.place, "date": chapter.date, "viewpoint": chapter.viewpoint}
        missing = [name for name, value in fields.items() if not value]
        if missing:
            warn(diags, chapter.loc, codes.CHAPTER_NO_METADATA, id=chapter.id,
                 missing=", ".join(missing))  # fmt: skip


# ---------------------------------------------------------------------------- files


def check_unlisted_chapters(story: Story, diags: Diagnostics) -> None:
    """YAML files in the story folder that hold a chapter the manifest does not list."""
    listed = {os.path.normcase(os.path.abspath(path)) for path in story.files}
    root = story.root.resolve()
    for path in sorted(story.root.glob("*.y*ml")):
        if os.path.normcase(os.path.abspath(display_path(path))) in listed:
            continue
        try:  # only files inside the folder: a link out of it is not the story's
            inside = path.resolve().is_relative_to(root)
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            continue
        doc = load_file(path, display_path(path), Diagnostics())
        if isinstance(doc, YamlMap) and "chapter" in doc:
            warn(diags, Location(display_path(path), 1, 1), codes.UNLISTED_CHAPTER, name=path.name)


# -------------------------------------------------------------------------- helpers


def _effects_of(choice: Choice) -> Iterator[Effect]:
    yield from choice.effects
    for branch in choice.branches:
        yield from branch.effects


def _templates_of(choice: Choice) -> Iterator[Template]:
    yield choice.text
    yield choice.outcome
    for branch in choice.branches:
        if branch.outcome is not None:
            yield branch.outcome


def _manifest_marks(story: Story) -> dict[str, Location]:
    """Where each stat and flag is declared in story.yaml (the model keeps no location)."""
    path = Path(story.root) / MANIFEST
    display = display_path(path)
    doc = load_file(path, display, Diagnostics())
    marks: dict[str, Location] = {}
    if not isinstance(doc, YamlMap) or not isinstance(doc.get("story"), YamlMap):
        return marks
    data = doc["story"]
    for table in ("stats", "flags"):
        entries = data.get(table)
        if isinstance(entries, YamlMap):
            for name in entries:
                if isinstance(name, str):
                    marks[name] = Location(display, *entries.key_mark(name))
        elif isinstance(entries, YamlList):
            for index, name in enumerate(entries):
                if isinstance(name, str):
                    marks[name] = Location(display, *entries.item_mark(index))
    return marks
