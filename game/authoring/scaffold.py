"""`deniable new`: a chapter or a scene that passes `check` at once, with every field shown.

Files are edited as text, never re-dumped, so the writers' comments and layout stay as
they were: a new chapter file is written whole and its name added under `chapters:` in
story.yaml; a new scene is added at the end of its chapter's `scenes:`, with its note at
the end of `notes:`. After writing, the story is checked again; if the scaffold added
an error, every file is put back as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from game.authoring.schema_files import modeline, write_schemas
from game.story.diagnostics import Diagnostics
from game.story.loader import MANIFEST, check_story
from game.story.model import Story
from game.story.yamlfile import YamlList, YamlMap, load_file

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


class ScaffoldError(Exception):
    """Why the scaffold cannot be made; the message says what to do."""


@dataclass
class Written:
    files: list[Path]
    message: str


CHAPTER = """\
{modeline}
# Chapter '{id}'. Every field is shown; the commented ones are optional.
# The guide to all of them: docs/writing-scenes.md. Check with: deniable check {folder}
chapter:
  id: {id}                       # letters, digits, '-' and '_'; saves depend on it
  title: {title}
  place: {place}                 # an id from the places table
  date: {date}                   # YYYY, YYYY-MM or YYYY-MM-DD
  viewpoint: {viewpoint}

scenes:
  start:                         # a scene id, unique in this chapter
    title: The first scene       # optional
    # key: true                  # a key decision: the ending compares it with history
    # history: What history did here (key scenes need exactly one historical choice).
    text: |
      Prose in plain text with light Markdown (*emphasis*, **strong**).
      A stat shows through its name in braces; write {{{{ and }}}} for literal braces.
    choices:
      - id: go-on                # stable: saves depend on it, never renumber
        text: Go on.
        # historical: true       # the choice history took
        # if: "secrecy >= 3 and not russian_heard"   # when false: hidden, or locked
        # locked: The reason shown beside the locked choice.
        # once: true             # gone from the scene once chosen
        # effects: {{secrecy: -1, russian_heard: true}}   # 1 adds, "= 5" sets
        outcome: |
          What happens next, in a paragraph or two.
        note: {id}-first-note
        goto: end                # scene, or chapter.scene; or instead of goto:
        # random:
        #   - {{weight: 60, goto: end, outcome: One way., effects: {{secrecy: 1}}}}
        #   - {{weight: 40, goto: end, outcome: The other.}}

  end:
    # Replace this ending with the chapter's last scenes, whose choices go to the next
    # chapter's first scene (goto: next-chapter.start).
    text: Optional prose before the epilogue.
    ending:
      title: {title}
      kind: counterfactual       # historical | counterfactual
      epilogue: |
        What became of the people, and what history did instead.

notes:
  {id}-first-note:
    title: What might have followed
    kind: counterfactual         # history | counterfactual
    text: |
      What historians think could have followed, and why; about 120 words at most.
    sources:
      - A named source
    # facts: [a-fact-id]         # history notes cite the facts registry

# facts:                         # optional: more facts, merged into the registry
#   a-fact-id: {{claim: ..., date: 1951-04, source: ...}}
"""

SCENE = """\
{indent}{id}:
{body}    title: {title}
{body}    # key: true
{body}    # history: What history did here.
{body}    text: |
{body}      What the player sees; a stat's name in braces shows its value.
{body}    choices:
{body}      - id: go-on
{body}        text: Go on.
{body}        # historical: true
{body}        # if: "a condition"
{body}        # locked: Why it is locked.
{body}        # once: true
{body}        # effects: {{stat: 1, flag: true}}
{body}        outcome: |
{body}          What happens next.
{body}        note: {note}
{body}        goto: {goto}             # point this where the story goes next
"""

NOTE = """\
{indent}{id}:
{body}    title: What might have followed
{body}    kind: counterfactual
{body}    text: |
{body}      What historians think could have followed, and why.
{body}    sources:
{body}      - A named source
{body}    # facts: [a-fact-id]
"""


def new_chapter(root: Path, chapter_id: str, options: Mapping[str, str | None]) -> Written:
    story = _load(root)
    _check_id(chapter_id, "chapter id")
    if chapter_id in story.chapter_index:
        raise ScaffoldError(f"there is already a chapter {chapter_id!r}")
    name = options.get("file") or f"{len(story.chapters) + 1:02d}-{chapter_id}.yaml"
    path = story.root / name
    if path.exists():
        raise ScaffoldError(f"{path} already exists: choose another name with --file")
    last = story.chapters[-1] if story.chapters else None
    place = options.get("place") or (
        next(iter(story.places)) if story.places else (last.place if last else "somewhere")
    )
    if story.places and place not in story.places:
        raise ScaffoldError(f"unknown place {place!r}; known: {', '.join(story.places)}")
    text = CHAPTER.format(
        id=chapter_id,
        title=_plain(options.get("title") or chapter_id.replace("-", " ").capitalize()),
        place=place,
        date=options.get("date") or (last.date if last else "1950"),
        viewpoint=_plain(options.get("viewpoint") or "someone whose part the player plays"),
        folder=_shell_word(str(root)),
        modeline=modeline("chapter"),
    )
    manifest = story.root / MANIFEST
    edited = _add_to_manifest(manifest, name)
    written = _write_checked(
        root,
        {path: text, manifest: edited},
        f"Wrote {path} and listed it in {manifest}. Link it from the previous chapter "
        f"(goto: {chapter_id}.start) and replace its placeholder ending. "
        f"Check it with: deniable check {_shell_word(str(root))}",
    )
    write_schemas(root)  # so the new file's modeline finds its schema
    return written


def new_scene(
    root: Path, chapter_id: str, scene_id: str, options: Mapping[str, str | None]
) -> Written:
    story = _load(root)
    chapter = story.chapter_index.get(chapter_id)
    if chapter is None:
        known = ", ".join(item.id for item in story.chapters)
        raise ScaffoldError(f"no chapter {chapter_id!r}; the chapters are: {known}")
    _check_id(scene_id, "scene id")
    if f"{chapter_id}.{scene_id}" in story.scenes:
        raise ScaffoldError(f"chapter {chapter_id!r} already has a scene {scene_id!r}")
    goto = options.get("goto") or chapter.scenes[0].partition(".")[2]
    if (goto if "." in goto else f"{chapter_id}.{goto}") not in story.scenes:
        raise ScaffoldError(f"--goto {goto!r} names no scene")
    note_id = f"{chapter_id}-{scene_id}"
    while note_id in story.notes:
        note_id += "-2"
    path = Path(chapter.file)
    text = path.read_text(encoding="utf-8")
    doc = load_file(path, str(path), Diagnostics())
    lines = text.splitlines(keepends=True)
    scenes = doc["scenes"]
    indent = " " * (scenes.key_mark(next(iter(scenes)))[1] - 1) if scenes else "  "
    body = indent[:-2] if len(indent) >= 2 else ""
    scene_text = SCENE.format(
        indent=indent,
        body=body,
        id=scene_id,
        title=_plain(options.get("title") or scene_id.replace("-", " ").capitalize()),
        note=note_id,
        goto=goto,
    )
    note_text = NOTE.format(indent=indent, body=body, id=note_id)
    # Insert the later block first, so the earlier insertion point stays valid.
    insertions = [(_block_end(lines, doc, "scenes"), "\n" + scene_text)]
    if "notes" in doc:
        insertions.append((_block_end(lines, doc, "notes"), note_text))
    else:
        insertions.append((len(lines), "\nnotes:\n" + note_text))
    for at, block in sorted(insertions, reverse=True):
        if at > 0 and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines.insert(at, block)
    return _write_checked(
        root,
        {path: "".join(lines)},
        f"Added scene {chapter_id}.{scene_id} and note {note_id!r} to {path}. "
        f"Add a goto to it from another scene. "
        f"Check it with: deniable check {_shell_word(str(root))}",
    )


# -------------------------------------------------------------------------- helpers


def _load(root: Path) -> Story:
    story, diagnostics = check_story(root)
    if story is None:
        first = diagnostics[0].format() if diagnostics else "the story does not load"
        raise ScaffoldError(
            f"fix the story first ({first}); run 'deniable check {_shell_word(str(root))}'"
        )
    return story


def _shell_word(text: str) -> str:
    """A folder as the writer would type it in a hint: quoted only when it must be."""
    import shlex

    return shlex.quote(text)


def _check_id(value: str, what: str) -> None:
    if not _ID.fullmatch(value):
        raise ScaffoldError(f"{what} {value!r} is not valid: use letters, digits, '-' and '_'")


def _plain(text: str) -> str:
    """A one-line YAML value, quoted when it would not read back as the same text."""
    text = " ".join(text.split())
    if re.search(r"[:#\[\]{},&*!|>'\"%@`]", text) or text[:1] in "-?":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _add_to_manifest(path: Path, name: str) -> str:
    text = path.read_text(encoding="utf-8")
    doc = load_file(path, str(path), Diagnostics())
    chapters = doc["story"]["chapters"] if isinstance(doc, YamlMap) else None
    if not isinstance(chapters, YamlList) or not chapters:
        raise ScaffoldError(f"{path}: 'chapters:' should be a list with at least one file")
    lines = text.splitlines(keepends=True)
    line, col = chapters.item_mark(len(chapters) - 1)
    last = lines[line - 1]
    first_line = chapters.item_mark(0)[0]
    if line != first_line or last[: col - 1].rstrip().endswith("-"):
        # a block list: repeat the last item's "    - " in front of the new name
        prefix = last[: col - 1]
        ending = "\n" if last.endswith("\n") else ""
        if not ending:
            lines[line - 1] = last + "\n"
        lines.insert(line, f"{prefix}{name}\n")
        return "".join(lines)
    close = last.find("]", col - 1)
    if close < 0:
        raise ScaffoldError(f"{path}:{line}: add {name!r} to 'chapters:' by hand")
    lines[line - 1] = last[:close] + f", {name}" + last[close:]
    return "".join(lines)


def _block_end(lines: list[str], doc: YamlMap, key: str) -> int:
    """The index of the line after the last content line of a top-level block."""
    start = doc.key_mark(key)[0]  # 1-based line of 'key:'
    end = len(lines)
    for index in range(start, len(lines)):
        line = lines[index]
        if line[:1] not in ("", " ", "\t", "#", "\n", "\r") and line.strip():
            end = index
            break
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _write_checked(root: Path, contents: dict[Path, str], message: str) -> Written:
    before = {
        path: path.read_text(encoding="utf-8") if path.exists() else None for path in contents
    }
    _, old = check_story(root)
    old_errors = {(d.code, d.message) for d in old if d.severity == "error"}
    for path, text in contents.items():
        path.write_text(text, encoding="utf-8")
    _, new = check_story(root)
    added = [d for d in new if d.severity == "error" and (d.code, d.message) not in old_errors]
    if added:
        for path, old_text in before.items():
            if old_text is None:
                path.unlink()
            else:
                path.write_text(old_text, encoding="utf-8")
        problems = "\n".join(d.format() for d in added)
        raise ScaffoldError(f"the scaffold would break the story, nothing written:\n{problems}")
    return Written(list(contents), message)
