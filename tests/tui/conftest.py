"""Fixtures for the TUI tests: an app on the feature tour with its own save folder and clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import FEATURE_TOUR, FakeClock

from game.tui.app import DeniableApp


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
