"""Serve the game to web browsers: every tab runs its own game, as in a terminal.

Built on textual-serve: each browser tab starts `python -m game` (with the same story)
on this machine and shows its screen in the page. Each browser is its own player, with
its own folder under the save folder; the number of games, their memory and their idle
time are capped so a few tabs cannot take a small machine.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

_N = TypeVar("_N", int, float)

HELP = "play in a web browser (serves the game on http://127.0.0.1:8000/)"
DEFAULT_MAX_GAMES = 8  # a game is a process of about 50 MB (benchmarks/serve_memory.py)
DEFAULT_IDLE_MINUTES = 30.0
DEFAULT_GAME_MEMORY_MB = 1024  # a game's address space; it uses a tenth of that


def _positive(kind: Callable[[str], _N]) -> Callable[[str], _N]:
    def parse(text: str) -> _N:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be more than 0")
        return value

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.commands.common import add_story_argument

    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only; "
        "0.0.0.0 lets other machines connect)",
    )
    parser.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    parser.add_argument(
        "--allow-host",
        metavar="NAME",
        action="append",
        default=[],
        help="another host name browsers may use to reach this server, such as a proxy's "
        "(repeatable; localhost, IP addresses and the --host name are always answered)",
    )
    add_story_argument(parser)
    parser.add_argument(
        "--saves",
        metavar="DIR",
        type=Path,
        help="the save folder; each browser saves in its own folder under DIR/players",
    )
    parser.add_argument(
        "--max-games",
        metavar="N",
        type=_positive(int),
        default=DEFAULT_MAX_GAMES,
        help=f"games running at once; more browsers are asked to wait "
        f"(default {DEFAULT_MAX_GAMES})",
    )
    parser.add_argument(
        "--idle-minutes",
        metavar="M",
        type=_positive(float),
        default=DEFAULT_IDLE_MINUTES,
        help=f"a game left without a key press this long autosaves and ends "
        f"(default {DEFAULT_IDLE_MINUTES:g})",
    )
    parser.add_argument(
        "--game-memory",
        metavar="MB",
        type=_positive(int),
        default=DEFAULT_GAME_MEMORY_MB,
        help=f"the most memory one game may take (default {DEFAULT_GAME_MEMORY_MB} MB)",
    )


def run(args: argparse.Namespace) -> int:
    from game.commands.common import load_or_report
    from game.serve.network import AddressProblem, check_can_bind, is_loopback

    # Check the story once here, rather than have every tab start a game that fails.
    if load_or_report(args.story) is None:
        return 1
    try:
        check_can_bind(args.host, args.port)
    except AddressProblem as problem:
        print(f"deniable serve: {problem}", file=sys.stderr)
        return 1
    if not is_loopback(args.host):
        print(
            f"Warning: listening on {args.host}, not on this machine alone: anyone who can "
            f"reach port {args.port} here can start games on this computer. Use --host "
            "127.0.0.1 to keep it private.",
            file=sys.stderr,
        )
    return serve(args)


def serve(args: argparse.Namespace) -> int:
    from game.saves.location import save_dir
    from game.serve.games import game_argv
    from game.serve.network import explain
    from game.serve.server import GameServer, Limits

    limits = Limits(
        max_games=args.max_games,
        idle_seconds=args.idle_minutes * 60,
        memory_bytes=args.game_memory * 1024 * 1024,
    )
    saves_root = save_dir(args.saves).resolve()
    server = GameServer(
        game_argv(args.story), args.host, args.port, saves_root, limits, tuple(args.allow_host)
    )
    try:
        server.serve()
    except OSError as error:  # the port was taken between the check and the bind
        print(f"deniable serve: {explain(error, args.host, args.port)}", file=sys.stderr)
        return 1
    print("Stopped.")
    return 0
