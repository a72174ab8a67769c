"""Export the README's picture of the game: an SVG that Textual draws of a real screen.

The picture is the game itself, not a mock-up: the Textual app runs headless on the
campaign, starts a new game, makes the first choice and is photographed with the note
that choice unlocked. Run it again whenever the game's look changes:

    .venv/bin/python scripts/screenshot.py            # writes docs/images/deniable.svg
    .venv/bin/python scripts/screenshot.py --story tests/stories/feature-tour --out /tmp/x.svg

The clock and seed are fixed and saves go to a throw-away folder, so the same game and
story always give the same file and a real save folder is never touched.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "images" / "deniable.svg"


def size(text: str) -> tuple[int, int]:
    try:
        columns, rows = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not COLUMNSxROWS, e.g. 100x30") from None
    if columns < 40 or rows < 12:
        raise argparse.ArgumentTypeError("the picture needs at least 40x12 cells")
    return columns, rows


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--story", type=Path, default=None, help="default: the campaign")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}")
    parser.add_argument("--size", type=size, default=(100, 34), help="COLUMNSxROWS (100x34)")
    parser.add_argument("--choice", type=int, default=1, help="which choice to make (1)")
    return parser.parse_args(argv)


async def settle(pilot) -> None:
    """Wait until the story has loaded and no worker (loading, autosave) is still running."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if app.return_code is not None:
            return
        if app.story is not None and not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            return
    raise RuntimeError("the game did not settle")


async def photograph(story_dir: Path, columns: int, rows: int, choice: int) -> str:
    """The SVG of the screen after a new game's `choice`-th choice, with its note."""
    from game.tui.app import DeniableApp
    from game.tui.widgets.note_card import NoteCard

    with tempfile.TemporaryDirectory(prefix="deniable-screenshot-") as saves:
        app = DeniableApp(story_dir, seed=1, saves=Path(saves), now=lambda: 0.0)
        async with app.run_test(size=(columns, rows)) as pilot:
            await settle(pilot)
            if app.story is None:
                raise RuntimeError("\n".join(app.problems) or "the story did not load")
            await pilot.press("n")
            await settle(pilot)
            for _ in range(choice - 1):
                await pilot.press("down")
            await pilot.press("enter")
            await settle(pilot)
            if not app.screen.query(NoteCard):
                raise RuntimeError(
                    f"choice {choice} of the first scene shows no note: pick another with --choice"
                )
            svg = app.export_screenshot(title="Deniable")
            app.wait_for_autosave()
        return svg


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from game.commands.common import load_or_report, story_dir

    folder = story_dir(args.story)
    if load_or_report(folder) is None:
        return 1
    columns, rows = args.size
    try:
        svg = asyncio.run(photograph(folder, columns, rows, args.choice))
    except RuntimeError as problem:
        print(f"screenshot: {problem}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(svg, encoding="utf-8")
    print(f"wrote {args.out} ({columns}x{rows}, {len(svg) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
