"""The front door: argparse subcommands and nothing else.

Each subcommand lives in `game/commands/NAME.py` with `add_arguments(parser)` and
`run(args) -> int`; those modules import their heavy parts inside `run`, so parsing
the command line stays cheap and the TUI starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable

import game.commands
from game import __version__

# The order commands appear in `deniable --help`; any other command module follows.
PREFERRED_ORDER = [
    "play",
    "check",
    "playtest",
    "graph",
    "replay",
    "saves",
    "serve",
    "new",
    "completion",
]

EXAMPLES = """\
examples:
  deniable                              play in the terminal
  deniable play --plain                 play as plain text (screen readers, pipes)
  printf '1\\n2\\n' | deniable play --plain --seed 3   script a playthrough
  deniable serve                        play in a web browser at http://127.0.0.1:8000/
  deniable replay autosave --export md -o game.md    a saved game as a transcript
  deniable check mystory                check a story folder: file:line:col for each problem
  deniable playtest --story mystory     prove every scene and ending reachable
  deniable completion bash > ~/.local/share/bash-completion/completions/deniable

'deniable COMMAND --help' tells more about each command."""


def command_names() -> list[str]:
    """Every module in game/commands that defines a subcommand (has `run`)."""
    found = [
        info.name
        for info in pkgutil.iter_modules(game.commands.__path__)
        if info.name not in ("common",) and not info.name.startswith("_")
    ]
    rank = {name: index for index, name in enumerate(PREFERRED_ORDER)}
    return sorted(found, key=lambda name: (rank.get(name, len(rank)), name))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` a command's name, that command alone.

    `deniable play` builds its own subcommand and no other: importing every command
    module and building fourteen subparsers took some 35 ms of each start-up, before the
    game drew a thing. Help and a mistyped command build them all, so they list them all.
    """
    parser = argparse.ArgumentParser(
        prog="deniable",
        description="Deniable: the Soviet Union's covert war in Korea, as a game.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"deniable {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in [only] if only is not None else command_names():
        module = importlib.import_module(f"game.commands.{module_name}")
        name = getattr(module, "NAME", module_name)
        sub = subparsers.add_parser(name, help=module.HELP, description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # `deniable` alone, or with play's options (`deniable --story DIR`), means `deniable play`.
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["play", *argv]
    named = argv[0] if argv[0] in command_names() else None
    args = build_parser(named).parse_args(argv)
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
