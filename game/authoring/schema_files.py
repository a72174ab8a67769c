"""The JSON Schemas as files beside a story, so editors check it wherever it lives.

A modeline names its schema by a path relative to the file: `schemas/chapter.schema.json`
next to the story's own files works in a checkout, in an installed wheel and in a
writer's folder alike, where `../docs/...` only ever worked in a checkout.
"""

from __future__ import annotations

from pathlib import Path

from game.authoring.schema import render, schemas

FOLDER = "schemas"


def modeline(kind: str) -> str:
    """The first line a story file of this kind carries for yaml-language-server."""
    return f"# yaml-language-server: $schema={FOLDER}/{kind}.schema.json"


def write_schemas(story_folder: Path) -> list[Path]:
    """Write every schema into STORY/schemas/; files already up to date are left alone."""
    folder = story_folder / FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    history = _is_history(story_folder)
    for kind in schemas():
        path = folder / f"{kind}.schema.json"
        text = render(kind, history)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _is_history(story_folder: Path) -> bool:
    """False when the story's manifest says `history: false` (its choices need no notes)."""
    from game.story.diagnostics import Diagnostics
    from game.story.yamlfile import load_file

    manifest = story_folder / "story.yaml"
    if not manifest.is_file():
        return True
    document = load_file(manifest, str(manifest), Diagnostics())
    story = document.get("story") if isinstance(document, dict) else None
    return not (isinstance(story, dict) and story.get("history") is False)


def has_modeline(path: Path) -> bool:
    """Whether one of the file's first lines is a yaml-language-server modeline."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = [handle.readline() for _ in range(5)]
    return any("yaml-language-server: $schema=" in line for line in head)
