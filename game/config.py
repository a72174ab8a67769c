"""The player's config file: a few choices made once, by hand, in the user config folder.

`config.toml` beside the in-game settings ($DENIABLE_CONFIG, else the platform's user
config folder). The game only reads it; `deniable config --init` writes a commented
starting file. A damaged file is reported and the defaults are used: a typo in a
config never stops the game.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

FILE_NAME = "config.toml"
ENV_VAR = "DENIABLE_CONFIG"
MAX_BYTES = 64 * 1024
PANEL_CHOICES = {"auto": None, "show": True, "hide": False}
SETTINGS = {"theme", "panel", "plain_width"}
PLAIN_WIDTH = 78
PLAIN_WIDTHS = range(30, 201)

TEMPLATE = """\
# Deniable's config. Every line is optional; delete one to get the default back.
# `deniable config` shows where this file is and what the game makes of it.

# The terminal game's colours: a name from the command palette's theme list
# (ctrl+p, "Change theme"). A theme chosen in the game wins over this one.
# theme = "nord"

# The side panel in the terminal game: "auto" shows it on wide terminals,
# "show" always, "hide" never (n toggles it while playing).
# panel = "auto"

# The plain player (deniable play --plain) wraps its lines at this many columns,
# 30 to 200: narrower for a large font or a braille display, wider for a wide window.
# plain_width = 78
"""


@dataclass(frozen=True)
class Config:
    theme: str | None = None
    panel: bool | None = None  # None: shown when the terminal is wide enough
    plain_width: int = PLAIN_WIDTH
    problems: tuple[str, ...] = field(default=(), compare=False)


def config_dir() -> Path:
    """$DENIABLE_CONFIG, else the user config folder; not created by reading."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("deniable", appauthor=False)


def config_path() -> Path:
    return config_dir() / FILE_NAME


def load_config(path: Path | None = None) -> Config:
    """Read the config; each problem is named (file, what, what to do) and that value dropped."""
    path = config_path() if path is None else path
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        return Config(problems=(f"{path}: cannot read it ({exc.strerror or exc})",))
    if len(raw) > MAX_BYTES:
        return Config(problems=(f"{path}: over {MAX_BYTES // 1024} KiB; is it the right file?",))
    import tomllib  # here: most players have no config file, and the title starts sooner

    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(problems=(f"{path}: not valid TOML ({exc}); the defaults are used",))
    return _from_table(data, path, text)


def _line_of(text: str, key: str) -> int:
    """The line that sets `key`, so a problem points at it (tomllib keeps no positions)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("=", 1)[0].strip().strip('"') == key:
            return number
    return 1


def _from_table(data: Mapping[str, object], path: Path, text: str) -> Config:
    problems = []

    def at(key: str) -> str:
        return f"{path}:{_line_of(text, key)}"

    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f'{at("theme")}: theme should be a name in quotes, like theme = "nord"')
        theme = None
    panel_word = data.get("panel", "auto")
    if panel_word not in PANEL_CHOICES:
        problems.append(
            f'{at("panel")}: panel should be "auto", "show" or "hide", not {panel_word!r}'
        )
        panel_word = "auto"
    plain_width = data.get("plain_width", PLAIN_WIDTH)
    if type(plain_width) is not int or plain_width not in PLAIN_WIDTHS:
        problems.append(
            f"{at('plain_width')}: plain_width should be a whole number of columns from "
            f"{PLAIN_WIDTHS.start} to {PLAIN_WIDTHS.stop - 1}, not {plain_width!r}"
        )
        plain_width = PLAIN_WIDTH
    for key in sorted(set(data) - SETTINGS):
        known = ", ".join(sorted(SETTINGS))
        problems.append(f"{at(key)}: {key!r} is not a setting ({known}); it is ignored")
    return Config(theme, PANEL_CHOICES[panel_word], plain_width, tuple(problems))
