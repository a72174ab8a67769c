"""Playtest paths as save files: `deniable play --load FILE` puts the writer right there.

A save records every random branch that was drawn, so it replays a path whatever the
seed; the printf line needs a seed that happens to draw the same branches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from game.authoring.paths import Replayable
from game.engine.session import Session
from game.saves.store import SaveStore
from game.story.model import Story


def slot_name(kind: str, target: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{kind} {target}".casefold()).strip("-")[:80]


def write_saves(
    story: Story,
    paths: dict[tuple[str, str], Replayable],
    folder: Path,
    stop: Callable[[], bool] = lambda: False,
) -> dict[tuple[str, str], Path]:
    """Save each path as a slot in `folder`; return {(kind, target): file path}.

    Each save replays its path and is flushed to disk, so thousands of endings take a
    while: once `stop()` says so (the time limit has passed) the rest are not written,
    and the caller names them."""
    store = SaveStore(folder)
    written: dict[tuple[str, str], Path] = {}
    for (kind, target), path in paths.items():
        if stop():
            break
        session = Session.from_log(story, path.seed or 0, path.steps)
        if session.divergence is not None:
            raise RuntimeError(f"path to {target} does not replay: {session.divergence}")
        written[(kind, target)] = store.save(slot_name(kind, target), session).path
    return written
