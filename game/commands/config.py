"""Show where the config file and settings live, and what the game makes of them.

`deniable config` prints the folder, the files in it and each setting with where its
value comes from; `--init` writes a commented config.toml to start from (never over an
existing one); `--path` prints only the config file's path, for scripts and editors.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

HELP = "show where the config file is and what it sets (--init writes one)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--init", action="store_true", help="write a commented config.toml")
    parser.add_argument("--path", action="store_true", help="print only the config file's path")


def run(args: argparse.Namespace) -> int:
    from game.config import ENV_VAR, TEMPLATE, config_path, load_config

    path = config_path()
    if args.path:
        print(path)
        return 0
    if args.init:
        return _init(path, TEMPLATE)
    config = load_config(path)
    print(f"Config folder: {path.parent}" + (f" (from ${ENV_VAR})" if _from_env(ENV_VAR) else ""))
    print(
        f"Config file:   {path}"
        + ("" if path.is_file() else "  (none yet: deniable config --init)")
    )
    settings = path.parent / "settings.json"
    print(f"In-game settings: {settings}" + ("" if settings.is_file() else "  (none yet)"))
    print()
    print(f"theme = {config.theme or '(the game default, or the one chosen in the game)'}")
    panel = {None: "auto", True: "show", False: "hide"}[config.panel]
    print(f"panel = {panel}")
    print(f"plain_width = {config.plain_width}")
    for problem in config.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if config.problems else 0


def _from_env(name: str) -> bool:
    import os

    return bool(os.environ.get(name, "").strip())


def _init(path: Path, template: str) -> int:
    from game.saves.atomic import atomic_write

    if path.exists():
        print(
            f"deniable config: {path} exists already; edit it, or move it away first.",
            file=sys.stderr,
        )
        return 1
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, template.encode("utf-8"), keep_backup=False)
    except OSError as exc:
        print(f"deniable config: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {path}. Every line in it is a comment until you change it.")
    return 0
