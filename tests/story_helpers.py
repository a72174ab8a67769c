"""Shared by every test folder: where the stories are, the tiny story and its variations,
and reading a story's diagnostics.

A plain module, not a conftest: test files import it by name (`from story_helpers import
...`), which a conftest cannot safely be, as tests/conftest.py and tests/tui/conftest.py
would both be the module `conftest`, and whichever loaded last would answer.
"""

from __future__ import annotations

import functools
from pathlib import Path

from game.authoring.explore import DEFAULT_MAX_STATES
from game.authoring.prove import Proof, prove
from game.engine.session import Session
from game.story.loader import check_story, load_story
from game.story.model import Story

ROOT = Path(__file__).resolve().parent.parent
FEATURE_TOUR = ROOT / "tests" / "stories" / "feature-tour"
CAMPAIGN = ROOT / "scenes"
ANSWERS_BACK = ROOT / "tests" / "stories" / "answers-back"

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

# The tiny story, told it is not history (no notes, kinds or chapter header needed).
NOT_HISTORY_MANIFEST = MINIMAL_MANIFEST.replace("  format: 1\n", "  format: 1\n  history: false\n")

# A history chapter's header: where, when and whose eyes.
HISTORY_HEADER = "place: somewhere\n  date: 1950-04\n  viewpoint: someone"
# The tiny chapter's ending scene, for scenes written here to lead to.
END_SCENE = "  end:\n    ending: {title: End, kind: historical, epilogue: Done.}\n"


def tiny_chapter(scenes: str, header: str = HISTORY_HEADER) -> str:
    """Chapter `one` of the tiny story with these scenes (YAML under `scenes:`, indented two
    spaces) and its one note `n`; line numbers in it count from `chapter:` on line 1."""
    return f"chapter:\n  id: one\n  title: One\n  {header}\nscenes:\n{scenes}" + (
        "notes:\n  n: {title: N, kind: counterfactual, text: T., sources: [S]}\n"
    )


# The chapter make_story writes unless told otherwise: one choice, its note, one ending.
MINIMAL_CHAPTER = tiny_chapter(
    "  start:\n"
    "    text: Hello.\n"
    "    choices:\n"
    "      - id: go\n"
    "        text: Go.\n"
    "        outcome: Gone.\n"
    "        note: n\n"
    "        goto: end\n" + END_SCENE
)


def diagnose(folder: Path) -> list[tuple[str, int, int, str]]:
    """(file name, line, col, code) of every diagnostic, in order."""
    _, diagnostics = check_story(folder)
    return [(Path(d.path).name, d.line, d.col, d.code) for d in diagnostics]


def play(story, choices, seed: int = 1) -> Session:
    """A session of `story` that has made `choices` (choice ids, in order)."""
    session = Session(story, seed)
    for choice in choices:
        session.choose(choice)
    return session


@functools.cache
def campaign() -> Story:
    """The campaign, loaded once per test process (a Story is frozen, so tests share it)."""
    return load_story(CAMPAIGN)


@functools.cache
def campaign_proof() -> Proof:
    """The campaign's whole proof at `deniable playtest`'s default bound, made once per test
    process: it is the longest computation in the suite (about 12 s of CPU), and the tests
    that read it mark themselves xdist_group("campaign-proof") so one worker makes it."""
    return prove(campaign(), DEFAULT_MAX_STATES)
