"""Step through a saved game, print it, or export a transcript to hand out.

`deniable replay FILE` opens the game on its replay viewer (b branches: play on from that
step as a new game; Escape goes to the title); `--plain` prints the replay as text;
`--export md|html -o OUT` writes a transcript with chapter headings, choices, outcomes,
notes with sources and the ending's path beside history.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game.visible import visible_lines

if TYPE_CHECKING:
    from game.presentation.transcript import Replay
    from game.saves.store import LoadedGame
    from game.story.model import Story

HELP = "step through a saved game, or export it as a transcript"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.commands.common import add_output_arguments, add_story_argument

    parser.add_argument("file", metavar="FILE", help="a save file, or a slot name")
    parser.add_argument("--plain", action="store_true", help="print the replay as text")
    parser.add_argument(
        "--export", choices=("md", "html"), help="write a transcript (Markdown or HTML)"
    )
    add_output_arguments(parser, "the transcript file")
    parser.add_argument("--saves", metavar="DIR", type=Path, help="the save folder")
    add_story_argument(parser)


def run(args: argparse.Namespace) -> int:
    from game.commands.common import load_or_report, may_write

    kind = args.export
    if args.output is not None and kind is None:
        kind = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(
            args.output.suffix.lower()
        )
        if kind is None:
            print(
                f"Cannot tell the transcript format from {args.output}: add --export md or html.",
                file=sys.stderr,
            )
            return 2
    if args.output is not None and not may_write(args.output, args.force):
        return 1  # said before the story loads and the game replays
    if kind is None and not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        return view(args.file, args.story, args.saves)
    story = load_or_report(args.story)
    if story is None:
        return 1
    loaded = load_save(story, args.file, args.saves)
    if loaded is None:
        return 1
    from game.presentation.transcript import build_replay

    replay = build_replay(loaded.session)
    if kind is not None:
        return export(replay, loaded, kind, args.output, args.force)
    from game.presentation.transcript import plain_transcript

    sys.stdout.write(visible_lines(plain_transcript(replay)))
    return 0


def load_save(story: Story, slot_or_path: str, saves: Path | None) -> LoadedGame | None:
    """The loaded save, or None after printing why to stderr; notices go to stderr too."""
    from game.saves.location import save_dir
    from game.saves.store import SaveError, SaveStore

    try:
        loaded = SaveStore(save_dir(saves)).load(slot_or_path, story)
    except SaveError as exc:
        print(exc, file=sys.stderr)
        return None
    if loaded.message:
        print(loaded.message, file=sys.stderr)
    return loaded


def export(
    replay: Replay, loaded: LoadedGame, kind: str, output: Path | None, force: bool = False
) -> int:
    from game.commands.common import write_output
    from game.presentation.export import export as render

    # A run is named as it is asked for (run:ID): every run's slot is "autosave", which
    # names only the newest.
    text = render(replay, kind, loaded.info.key, loaded.info.updated)
    if output is None:
        sys.stdout.write(visible_lines(text))
        return 0
    if not write_output(output, text, force):
        return 1
    print(f"Wrote the transcript to {output}.", file=sys.stderr)
    return 0


def view(slot_or_path: str, story_dir: Path | None, saves: Path | None) -> int:
    """The game's own app, opened on the replay viewer: Escape goes to the title, and `b`
    plays on from the step on show as a new game, saved as a slot of its own."""
    from game.commands.common import load_or_report
    from game.commands.common import story_dir as find_story_dir

    folder = find_story_dir(story_dir)
    if not (folder / "story.yaml").is_file():
        load_or_report(folder)  # says what is missing, before any screen is drawn
        return 1
    from game.tui.app import DeniableApp

    app = DeniableApp(folder, replay=slot_or_path, saves=saves)
    app.run()
    for line in app.problems:
        print(line, file=sys.stderr)
    return app.return_code or 0
