"""Where saves live: one rule, shared by the plain player, the TUI and the commands."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "DENIABLE_SAVES"


def save_dir(override: Path | None = None) -> Path:
    """--saves DIR, else $DENIABLE_SAVES, else saves/ in a checkout, else the user data folder.

    The folder is not created here: reading an absent folder simply finds no saves, and
    the first save creates it.
    """
    if override is not None:
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    from game.story.resources import running_from_checkout

    if running_from_checkout():
        from game.story import resources

        return Path(resources.__file__).resolve().parent.parent.parent / "saves"
    from platformdirs import user_data_path

    return user_data_path("deniable", appauthor=False) / "saves"
