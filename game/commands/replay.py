"""Step through a saved game, print it, or export a transcript to hand out.

`deniable replay FILE` opens the replay viewer (b branches: play on from that step as a
new game); `--plain` prints the replay as text; `--export md|html -o OUT` writes a
transcript with chapter headings, choices, outcomes, notes with sources and the ending's
path beside history.
"""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "step through a saved game, or export it as a transcript"


def add_arguments(parser) -> None:
    from game.commands.common import add_story_argument

    parser.add_argument("file", metavar="FILE", help="a save file, or a slot name")
    parser.add_argument("--plain", action="store_true", help="print the replay as text")
    parser.add_argument(
        "--export", choices=("md", "html"), help="write a transcript (Markdown or HTML)"
    )
    parser.add_argument("-o", "--output", metavar="OUT", type=Path, help="the transcript file")
    parser.add_argument("--saves", metavar="DIR", type=Path, help="the save folder")
    add_story_argument(parser)


def run(args) -> int:
    from game.commands.common import load_or_report

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
    story = load_or_report(args.story)
    if story is None:
        return 1
    loaded = load_save(story, args.file, args.saves)
    if loaded is None:
        return 1
    from game.presentation.transcript import build_replay

    replay = build_replay(loaded.session)
    if kind is not None:
        return export(replay, loaded, kind, args.output)
    if args.plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
        from game.presentation.transcript import plain_transcript

        sys.stdout.write(plain_transcript(replay))
        return 0
    return view(story, replay, loaded.info, args.story, args.saves, loaded.message)


def load_save(story, slot_or_path: str, saves: Path | None):
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


def export(replay, loaded, kind: str, output: Path | None) -> int:
    from game.presentation.export import export as render
    from game.saves.atomic import atomic_write

    text = render(replay, kind, loaded.info.slot, loaded.info.updated)
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        atomic_write(output, text.encode("utf-8"), keep_backup=False)
    except OSError as exc:
        print(f"Could not write {output}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    print(f"Wrote the transcript to {output}.", file=sys.stderr)
    return 0


def view(story, replay, info, story_dir: Path | None, saves: Path | None, notice="") -> int:
    """The viewer; on `b`, save the branch as a slot of its own and play on from it."""
    from game.saves.replay_app import ReplayApp

    position = ReplayApp(replay, info.slot, notice=notice).run()
    if position is None:
        return 0
    return play_branch(story, replay.branch_session(position), info, position, story_dir, saves)


def branch_slot(info, position: int) -> str:
    return f"{info.slot[:50]}, branch at step {position + 1}"


def play_branch(story, session, info, position: int, story_dir, saves) -> int:
    """Play on from a branch: in the main app when this build has one, else in plain text."""
    from game.saves.location import save_dir
    from game.saves.store import SaveError, SaveStore

    store = SaveStore(save_dir(saves))
    slot = branch_slot(info, position)
    try:
        saved = store.save(slot, session)
    except SaveError as exc:
        print(f"{exc} Playing on without saving the branch.", file=sys.stderr)
        saved = None
    try:
        from game.tui.app import DeniableApp
    except ImportError:
        DeniableApp = None
    if DeniableApp is not None and saved is not None:
        return run_main_app(DeniableApp, story_dir, saved.path, saves)
    where = f" (saved as {slot!r})" if saved is not None else ""
    print(f"Playing on from step {position + 1} as a new game{where}.")
    return _plain_from(story, session, saves)


def _plain_from(story, session, saves) -> int:
    from game.plain.saving import PlainSaves
    from game.saves.location import save_dir
    from game.saves.store import SaveStore

    hooks = PlainSaves(SaveStore(save_dir(saves)), story, sys.stdout)
    player = hooks.player(session)
    return player.run(sys.stdin)


def run_main_app(app_class, story_dir: Path | None, save_path: Path, saves: Path | None) -> int:
    """The main game from a save; if it asks for the replay viewer again, show it and loop."""
    from game.commands.common import story_dir as find_story_dir

    folder = find_story_dir(story_dir)
    app = app_class(folder, load=str(save_path), saves=saves)
    result = app.run()
    for problem in getattr(app, "problems", []):
        print(problem, file=sys.stderr)
    if getattr(app, "problems", None):
        return 1
    path = getattr(result, "path", None)
    if path is None:
        return 0
    return replay_request(folder, Path(path), saves)


def replay_request(story_dir: Path, path: Path, saves: Path | None) -> int:
    """What `play` calls when the main app exits asking to replay a save."""
    from game.commands.common import load_or_report
    from game.presentation.transcript import build_replay

    story = load_or_report(story_dir)
    if story is None:
        return 1
    loaded = load_save(story, str(path), saves)
    if loaded is None:
        return 1
    replay = build_replay(loaded.session)
    return view(story, replay, loaded.info, story_dir, saves, loaded.message)
