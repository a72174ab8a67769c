"""Play the game: the Textual app by default, or plain text with --plain."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.story.model import Story

HELP = "play the game (the default command)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.commands.common import add_story_argument

    parser.add_argument("--plain", action="store_true", help="plain text on stdin/stdout")
    parser.add_argument("--seed", type=int, default=None, help="the seed for random branches")
    parser.add_argument("--load", metavar="NAME_OR_FILE", help="start from a saved game")
    parser.add_argument("--saves", metavar="DIR", type=Path, help="the save folder")
    parser.add_argument(
        "--watch",
        action="store_true",
        help="reload the story whenever one of its YAML files changes, and replay the "
        "game in play up to where it was (for writers; not with --plain)",
    )
    add_story_argument(parser)


def run(args: argparse.Namespace) -> int:
    watch = getattr(args, "watch", False)  # callers may build args by hand
    if args.plain and watch:
        print(
            "deniable play: --watch reloads the story inside the terminal interface and "
            "cannot be used with --plain; drop --plain to watch the files.",
            file=sys.stderr,
        )
        return 2
    if not args.plain and terminal_missing():
        if watch:
            print(
                "deniable play: --watch needs a terminal, and standard input or output is "
                "not one; run it in a terminal window.",
                file=sys.stderr,
            )
            return 2
        print(
            "deniable: standard input or output is not a terminal, so the game plays as "
            "plain text (as with 'deniable play --plain'); run it in a terminal for the "
            "full-screen game.",
            file=sys.stderr,
        )
        args.plain = True
    if not args.plain:
        return run_tui(args)
    from game.commands.common import load_or_report

    story = load_or_report(args.story)
    if story is None:
        return 1
    seed = args.seed if args.seed is not None else 0
    return run_plain(story, seed, args)


def terminal_missing() -> bool:
    """Whether the full-screen game would have no terminal to draw on or read keys from.

    Textual would write escape codes into a pipe and wait forever for keys from one;
    a game served to a browser talks through pipes on purpose, through its web driver.
    """
    import os

    if os.environ.get("TEXTUAL_DRIVER"):
        return False
    return not (sys.stdin.isatty() and sys.stdout.isatty())


def run_tui(args: argparse.Namespace) -> int:
    """The Textual app; it loads the story itself, in a thread, after the first frame."""
    from game.commands.common import load_or_report, story_dir

    folder = story_dir(args.story)
    if not (folder / "story.yaml").is_file():
        load_or_report(folder)  # says what is missing, before any screen is drawn
        return 1
    import gc

    # No cycle collection while Textual and the app are imported: the app's first event
    # settles what they made as long-lived and starts the story's load (DeniableApp.on_load).
    gc.disable()
    from game.tui.app import DeniableApp

    app_class: type[DeniableApp] = DeniableApp
    if getattr(args, "watch", False):
        import importlib.util

        if importlib.util.find_spec("watchfiles") is None:
            print(
                "deniable play: --watch needs watchfiles, which comes with the writer's "
                "extra: pip install 'deniable[writer]' (or pipx inject deniable watchfiles).",
                file=sys.stderr,
            )
            return 2
        from game.tui.live_reload import WatchingApp

        app_class = WatchingApp
    app = app_class(folder, seed=args.seed, load=args.load, saves=args.saves)
    app.run()
    for line in app.problems:
        print(line, file=sys.stderr)
    return app.return_code or 0


def run_plain(story: Story, seed: int, args: argparse.Namespace | None = None) -> int:
    """Plain text on stdin/stdout, with `s NAME`, `l NAME` and autosave on quitting."""
    from game.engine.session import Session
    from game.plain.saving import PlainSaves
    from game.saves.location import save_dir
    from game.saves.store import SaveError, SaveStore

    store = SaveStore(save_dir(getattr(args, "saves", None)))
    saves = PlainSaves(store, story, sys.stdout)
    session = Session(story, seed)
    message, run, loaded = "", None, None
    load = getattr(args, "load", None)
    if load:
        try:
            loaded = store.load(load, story)
        except SaveError as exc:
            print(exc, file=sys.stderr)
            return 1
        session, message, run = loaded.session, loaded.message, loaded.info.run or None
    from game.config import load_config

    config = load_config()
    for problem in config.problems:
        print(f"config: {problem}", file=sys.stderr)
    player = saves.player(session, run, loaded=loaded is not None, width=config.plain_width)
    if message:
        player.say(message)
    return player.run(sys.stdin, offer_continue=loaded is None)
