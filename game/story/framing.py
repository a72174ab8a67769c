"""A story's framing, read from `story.yaml` alone, for the title to show while the rest loads.

The title's words (the story's title, subtitle and introduction) live in the manifest. A
player reads them for some seconds, and checking the chapters takes a few hundred
milliseconds: read on their own they reach the screen first. This reads the one file
through the same guarded YAML reader as the loader and builds no story; whether the story
loads is still the loader's answer (`game.story.loader.check_story`), which the title
waits for before a game can start.
"""

from __future__ import annotations

from pathlib import Path

from game.frozen import frozen
from game.story.diagnostics import Diagnostics
from game.story.yamlfile import YamlMap, load_file

MANIFEST = "story.yaml"


@frozen
class Framing:
    title: str
    subtitle: str
    intro: str


def manifest_path(root: Path) -> Path:
    """The manifest of the story at `root`: a folder's story.yaml, or `root` itself when
    it names the file. OSError when `root` cannot be looked at."""
    return root / MANIFEST if root.is_dir() else root


def read_framing(path: Path) -> Framing | None:
    """The framing of the story at `path` (a folder, or its story.yaml), or None when the
    manifest cannot be read or does not give a title as text: the loader will say why."""
    try:
        manifest = manifest_path(path)
    except OSError:
        return None
    doc = load_file(manifest, str(manifest), Diagnostics())
    story = doc.get("story") if isinstance(doc, YamlMap) else None
    if not isinstance(story, YamlMap):
        return None
    title, subtitle, intro = (story.get(key, "") for key in ("title", "subtitle", "intro"))
    if not title or not all(isinstance(text, str) for text in (title, subtitle, intro)):
        return None
    return Framing(title, subtitle, intro.strip())
