"""Shared fixtures: the feature-tour story, the campaign, and a factory for broken stories."""

from __future__ import annotations

import textwrap
from pathlib import Path

import notices
import pytest

from game.story.loader import check_story, load_story

ROOT = Path(__file__).resolve().parent.parent
FEATURE_TOUR = ROOT / "tests" / "stories" / "feature-tour"
CAMPAIGN = ROOT / "scenes"


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


MINIMAL_MANIFEST = """\
story:
  id: tiny
  title: Tiny
  format: 1
  start: one.start
  stats:
    nerve: {label: Nerve, start: 2, min: 0, max: 5}
  flags:
    seen: Seen
  chapters: [one.yaml]
"""

MINIMAL_CHAPTER = """\
chapter:
  id: one
  title: One
  place: somewhere
  date: 1950-04
  viewpoint: someone
scenes:
  start:
    text: Hello.
    choices:
      - id: go
        text: Go.
        outcome: Gone.
        note: n
        goto: end
  end:
    ending: {title: End, kind: historical, epilogue: Done.}
notes:
  n: {title: N, kind: counterfactual, text: T., sources: [S]}
"""


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


def diagnose(folder) -> list[tuple[str, int, int, str]]:
    """(file name, line, col, code) of every diagnostic, in order."""
    _, diagnostics = check_story(folder)
    return [(Path(d.path).name, d.line, d.col, d.code) for d in diagnostics]
