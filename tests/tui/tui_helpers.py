"""Shared by the TUI tests: the feature tour, a hand-moved clock, waiting, reading the screen."""

from __future__ import annotations

from pathlib import Path

from textual.worker import WorkerCancelled

ROOT = Path(__file__).resolve().parents[2]
FEATURE_TOUR = ROOT / "tests" / "stories" / "feature-tour"


class FakeClock:
    """A clock the test moves by hand, so play time is exact."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


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
        if app.story is not None and not any(w.is_running for w in app.workers):
            return


async def start_game(pilot) -> None:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)


def screen_text(app) -> str:
    """The characters on screen, as a player would read them."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notices(app) -> list[str]:
    """The messages of the notifications on show (toasts draw on a layer of their own)."""
    return [str(notification.message) for notification in app._notifications]
