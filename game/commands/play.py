"""Play the game: the Textual app by default, or plain text with --plain."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "play the game (the default command)"


def add_arguments(parser) -> None:
    from game.commands.common import add_story_argument

    parser.add_argument("--plain", action="store_true", help="plain text on stdin/stdout")
    parser.add_argument("--seed", type=int, default=None, help="the seed for random branches")
    parser.add_argument("--load", metavar="NAME_OR_FILE", help="start from a saved game")
    parser.add_argument("--saves", metavar="DIR", type=Path, help="the save folder")
    add_story_argument(parser)


def run(args) -> int:
    from game.commands.common import load_or_report

    story = load_or_report(args.story)
    if story is None:
        return 1
    seed = args.seed if args.seed is not None else 0
    return run_plain(story, seed)


def run_plain(story, seed: int) -> int:
    from game.engine.session import Session
    from game.plain.player import PlainPlayer

    player = PlainPlayer(Session(story, seed), sys.stdout, interactive=sys.stdin.isatty())
    return player.run(sys.stdin)
