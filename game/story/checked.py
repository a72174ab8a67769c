"""Story folders this process has already checked, kept while their files stay the same.

Checking the campaign takes about 90 ms of CPU: reading every file again and comparing
its digest with that of what was checked takes about 2. A process that loads the same
folder more than once (the test suite starts hundreds of apps on the campaign; `play
--watch` reloads on every save, even one that changed nothing) gets the same Story back,
which is safe to share since a Story is frozen. Any difference in any file the check
read, or in the working folder (diagnostics name files relative to it), and the folder
is checked anew.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from game.frozen import frozen
from game.story.context import file_digest
from game.story.diagnostics import Diagnostic, Diagnostics
from game.story.model import Story
from game.story.yamlfile import read_text

KEPT = 4  # folders remembered at once; the oldest is forgotten first


@frozen
class Checked:
    """One folder's result and every file the check read, by the digest of what it read."""

    files: tuple[tuple[Path, bytes], ...]
    story: Story
    diagnostics: tuple[Diagnostic, ...]


_checked: OrderedDict[tuple[str, str], Checked] = OrderedDict()


def _key(root: Path) -> tuple[str, str]:
    return (os.getcwd(), str(root))


def recall(root: Path) -> tuple[Story, list[Diagnostic]] | None:
    """The story checked from `root` before, if every file it read is unchanged."""
    try:
        key = _key(root)
    except OSError:  # the working folder is gone
        return None
    checked = _checked.get(key)
    if checked is None:
        return None
    quiet = Diagnostics()
    for path, before in checked.files:
        text = read_text(path, str(path), quiet)
        if text is None or file_digest(text.encode("utf-8")) != before:
            del _checked[key]
            return None
    _checked.move_to_end(key)
    return checked.story, list(checked.diagnostics)


def remember(
    root: Path, files: list[tuple[Path, bytes]], story: Story, diagnostics: list[Diagnostic]
) -> None:
    """Keep a story that checked, with the files it was read from."""
    try:
        key = _key(root)
    except OSError:
        return
    _checked[key] = Checked(tuple(files), story, tuple(diagnostics))
    _checked.move_to_end(key)
    while len(_checked) > KEPT:
        _checked.popitem(last=False)


def forget() -> None:
    """Forget every folder (for tests and benchmarks that time a check from cold)."""
    _checked.clear()
