"""Serve the game to web browsers: every tab runs its own game, as in a terminal.

Built on textual-serve: each browser tab starts `python -m game` (with the same story)
on this machine and shows its screen in the page. Saves go to the same save folder as
when playing in a terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "play in a web browser (serves the game on http://127.0.0.1:8000/)"


def add_arguments(parser) -> None:
    from game.commands.common import add_story_argument

    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only; "
        "0.0.0.0 lets other machines connect)",
    )
    parser.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    add_story_argument(parser)


def run(args) -> int:
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
    return serve(args.host, args.port, args.story)


def serve(host: str, port: int, story: Path | None) -> int:
    from game.serve.network import explain
    from game.serve.server import GameServer, game_command

    server = GameServer(game_command(story), host, port)
    try:
        server.serve()
    except OSError as error:  # the port was taken between the check and the bind
        print(f"deniable serve: {explain(error, host, port)}", file=sys.stderr)
        return 1
    print("Stopped.")
    return 0
