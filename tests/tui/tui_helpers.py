"""Shared by the TUI tests: the feature tour, a hand-moved clock, waiting, reading the screen."""

from __future__ import annotations

import html
import re
import threading

from notices import given as notices_given
from rich.cells import cell_len
from story_helpers import FEATURE_TOUR, ROOT
from textual.worker import WorkerCancelled

__all__ = [
    "FEATURE_TOUR",
    "ROOT",
    "FakeClock",
    "hold_the_story",
    "notices",
    "screen_text",
    "settle",
    "start_game",
]


class FakeClock:
    """A clock the test moves by hand, so play time is exact."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def hold_the_story(monkeypatch) -> threading.Event:
    """The story loader waits until the returned event is set, so keys arrive while the
    title still says it is loading."""
    import game.story.loader as loader

    release = threading.Event()
    real_check = loader.check_story

    def slow_check(folder):
        release.wait(10)
        return real_check(folder)

    monkeypatch.setattr(loader, "check_story", slow_check)
    return release


async def settle(pilot) -> None:
    """Let the story load and every worker (save load, screen changes) finish, then redraw."""
    app = pilot.app
    app.wait_for_autosave()
    for _ in range(50):
        await pilot.pause()
        if app.return_code is not None:  # the app is closing (a broken story, say)
            return
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            return
        await pilot.pause()
        # A worker just asked for (a screen's on_mount) may not be running yet: wait for
        # every worker to finish, not only the running ones.
        if app.story is not None and all(worker.is_finished for worker in app.workers):
            return


async def start_game(pilot) -> None:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)


async def save_as(pilot, name: str) -> None:
    """Open the save screen with `s`, type `name` and press Enter."""
    from game.tui.screens.save import SaveScreen

    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SaveScreen)
    await pilot.press(*name, "enter")
    await settle(pilot)


# One run of text in the SVG screenshot: where it starts (x, in pixels), its width in
# pixels, the line it clips to, and the characters (HTML-escaped, spaces as &#160;).
SVG_TEXT = re.compile(
    r'<text [^>]*?x="([0-9.]+)"[^>]*?textLength="([0-9.]+)"'
    r'[^>]*?clip-path="url\(#[^"]*-line-([0-9]+)\)">(.*?)</text>'
)


def screen_text(app, screenshot: str | None = None) -> str:
    """The characters on screen, as a player would read them: read from the screenshot
    Textual exports (the same picture the snapshot tests compare), one line per row.
    `screenshot`: one already taken of `app`, not to draw the screen twice."""
    runs = []
    char_width = None
    svg = app.export_screenshot() if screenshot is None else screenshot
    for x, length, row, escaped in SVG_TEXT.findall(svg):
        text = html.unescape(escaped).replace("\xa0", " ")
        char_width = char_width or float(length) / len(text)
        runs.append((int(row), round(float(x) / char_width), text))
    rows = [""] * app.size.height
    for row, column, text in sorted(runs):
        line = rows[row]
        rows[row] = line + " " * (column - cell_len(line)) + text
    return "\n".join(rows)


def notices(app) -> list[str]:
    """The messages of every notification the app has given, whether or not its toast has
    timed out yet (toasts draw on a layer of their own, and leave on the wall clock)."""
    return notices_given(app)
