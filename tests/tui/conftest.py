"""Shared helpers for the TUI tests: an app on the feature tour with its own save folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.worker import WorkerCancelled

from game.tui.app import DeniableApp

ROOT = Path(__file__).resolve().parents[2]
FEATURE_TOUR = ROOT / "tests" / "stories" / "feature-tour"


class FakeClock:
    """A clock the test moves by hand, so play time is exact."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def saves(tmp_path) -> Path:
    return tmp_path / "saves"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_app(saves, clock):
    def make(story: Path = FEATURE_TOUR, **kwargs) -> DeniableApp:
        kwargs.setdefault("seed", 1)
        kwargs.setdefault("saves", saves)
        return DeniableApp(story, now=clock, **kwargs)

    return make


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
