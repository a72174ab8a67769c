"""The front door: argparse subcommands and nothing else.

Each subcommand lives in `game/commands/NAME.py` with `add_arguments(parser)` and
`run(args) -> int`; those modules import their heavy parts inside `run`, so parsing
the command line stays cheap and the TUI starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from game import __version__

COMMANDS = ["play", "check"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deniable",
        description="Deniable: the Soviet Union's covert war in Korea, as a game.",
    )
    parser.add_argument("--version", action="version", version=f"deniable {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"game.commands.{name.replace('-', '_')}")
        sub = subparsers.add_parser(name, help=module.HELP, description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        args = parser.parse_args(["play", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
