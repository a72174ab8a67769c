"""Shared fixtures: the feature-tour story and a factory for broken stories (the paths and
the tiny story's text are in story_helpers.py, which test files import)."""

from __future__ import annotations

import gc
import textwrap

import notices
import pytest
from story_helpers import FEATURE_TOUR, MINIMAL_CHAPTER, MINIMAL_MANIFEST

from game.story.loader import load_story

# A test process holds far more than a player's: pytest, Hypothesis, every test module and
# some 1,300 collected tests. At Python's default thresholds (700, 10, 10) the cycle
# collector's older passes kept walking all of it: over 71 TUI tests, some 515 of those
# passes and 13-16 full ones took 3.6-5.0 s of CPU, against 1.0-1.3 s with young objects
# collected fourteen times less often. The game's own process keeps the defaults (and its
# own gc.freeze).
gc.set_threshold(10_000, 10, 10)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """Collect once, then freeze what is left, before pytest's own cleanup collects five
    more times to surface errors in finalizers: by then a worker holds 1.3-1.5 million
    objects (the campaign, Textual's caches, every test module), each pass took over a
    second, and the five often outlasted the five seconds pytest-xdist's execnet allows a
    finished worker before interrupting it with SIGINT, which then printed a
    KeyboardInterrupt traceback from Hypothesis's collector hook. The one pass here still
    runs every finalizer of what the last tests left; the later passes see only what
    is made after it."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _saves_elsewhere(tmp_path_factory, monkeypatch):
    """Tests never write into the checkout's saves/ (a player's autosave lives there), nor
    into the user's config folder (their theme lives there)."""
    monkeypatch.setenv("DENIABLE_SAVES", str(tmp_path_factory.mktemp("saves")))
    monkeypatch.setenv("DENIABLE_CONFIG", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def _notices_recorded(monkeypatch):
    """Every notice an app gives is kept for notices.given(app), whatever its timeout."""
    notices.record(monkeypatch)


@pytest.fixture(scope="session")
def tour():
    return load_story(FEATURE_TOUR)


@pytest.fixture
def make_story(tmp_path):
    """Write a story folder from {file name: text}; defaults give a valid tiny story."""

    def make(files: dict[str, str | bytes] | None = None):
        contents = {"story.yaml": MINIMAL_MANIFEST, "one.yaml": MINIMAL_CHAPTER}
        contents.update(files or {})
        for name, text in contents.items():
            path = tmp_path / name
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return make
