"""The toolkit on the campaign itself, and on stories it has never seen."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import story_helpers
from authoring_stories import random_story
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from story_helpers import campaign_proof

from game.authoring.census import census
from game.authoring.coverage import exhaustive_report, random_report
from game.authoring.explore import DEFAULT_MAX_STATES
from game.authoring.lint import lint
from game.authoring.prove import prove
from game.authoring.randomtest import random_playtest
from game.authoring.storymap import to_dot, to_mermaid
from game.engine.rules import choose, new_game
from game.story.loader import check_story

AUTHORING_MODULES = [
    "game.authoring.lint",
    "game.authoring.prove",
    "game.authoring.randomtest",
    "game.authoring.coverage",
    "game.authoring.storymap",
    "game.authoring.scaffold",
    "game.authoring.schema",
    "game.authoring.census",
    "game.authoring.savepaths",
]


@pytest.fixture(scope="module")
def campaign():
    return story_helpers.campaign()


# The campaign's whole proof is 9 s of CPU alone (more than the `slow` marker's two
# seconds), so `make quick` leaves it out; `make test` proves the campaign both here and
# with `deniable playtest --story scenes` before pytest.
@pytest.mark.slow
@pytest.mark.xdist_group("campaign-proof")
def test_the_campaign_passes_the_exhaustive_playtest(campaign):
    report = exhaustive_report(campaign_proof(), DEFAULT_MAX_STATES)
    assert report.ok, report.text()
    assert set(report.endings) == {scene.id for scene in campaign.endings}


def test_random_playthroughs_of_the_campaign_replay_in_the_engine(campaign):
    run, _ = random_playtest(campaign, 100, seed=11, keep_paths=100)
    for path in run.paths:
        state = new_game(campaign, 0)
        for choice_id, branch in path:
            picked = campaign.choices[choice_id]
            assert picked.scene == state.scene
            state = choose(campaign, state, picked.id, branch if picked.branches else None).state
        assert state.ending is not None


@pytest.mark.parametrize("module", AUTHORING_MODULES)
def test_the_toolkit_never_loads_textual(module):
    code = f"import sys, {module}; assert 'textual' not in sys.modules, 'textual loaded'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), size=st.integers(2, 12))
def test_every_tool_copes_with_any_story_that_loads(seed, size):
    with tempfile.TemporaryDirectory() as tmp:
        story, _ = check_story(random_story(Path(tmp) / "story", seed, scenes=size))
        if story is None:
            return
        for diagnostic in lint(story):
            assert diagnostic.severity == "warning" and diagnostic.hint
        proof = prove(story, 50_000)
        report = exhaustive_report(proof, 50_000)
        assert report.to_dict()["coverage"]["scenes"]["reached"] >= 1
        run, machine = random_playtest(story, 50, seed)
        assert sum(run.endings.values()) + sum(run.dead_ends.values()) + run.too_long == 50
        random_report(run, machine).text()
        assert to_mermaid(story).startswith("flowchart")
        assert to_dot(story).startswith("digraph")
        assert census(story).to_dict()["scenes"] == len(story.scenes)


def _closed_by_sweeping(story, tracked):
    """What keeping `tracked` exact needs: every effect swept again until nothing is added."""
    from game.authoring.machine import _effects_of, expression_vars

    result = set(tracked)
    changed = True
    while changed:
        changed = False
        for choice in story.choices.values():
            for effect in _effects_of(choice):
                if ("v", effect.target) not in result:
                    continue
                needed = expression_vars(effect.expression) if effect.expression else set()
                if effect.unless_visited is not None:
                    needed.add(("s", effect.unless_visited))
                if not needed <= result:
                    result |= needed
                    changed = True
    return frozenset(result)


CHAINED = """\
story:
  id: chained
  title: Chained
  format: 1
  history: false
  start: one.start
  stats:
    a: {label: A, start: 0, min: 0, max: 9}
    b: {label: B, start: 1, min: 0, max: 9}
    c: {label: C, start: 2, min: 0, max: 9}
    d: {label: D, start: 3, min: 0, max: 9}
  flags:
    seen: Seen
  chapters: [one.yaml]
"""

CHAINED_CHAPTER = """\
chapter: {id: one, title: One}
scenes:
  start:
    text: The start.
    choices:
      - {id: ab, text: A from B., outcome: Done., effects: {a: "= b"}, goto: mid}
      - {id: bc, text: B from C., outcome: Done., effects: {b: "+ c"}, goto: mid}
      - {id: dd, text: D from D., outcome: Done., effects: {d: "+ d"}, goto: mid}
  mid:
    text: The middle.
    on_first_arrival: {c: "= d"}
    choices:
      - {id: go, text: Go., outcome: Done., if: "a > 1 or seen", goto: end}
      - {id: stay, text: Stay., outcome: Done., effects: {seen: true}, goto: end}
  end:
    text: The end.
    ending: {title: End, kind: historical, epilogue: Over.}
"""


def test_closing_what_the_refinement_tracks_over_what_effects_read_matches_a_full_sweep(
    campaign, tmp_path
):
    from itertools import combinations

    from game.authoring.machine import close_tracked, effect_reads
    from game.story.loader import load_story

    (tmp_path / "story.yaml").write_text(CHAINED)
    (tmp_path / "one.yaml").write_text(CHAINED_CHAPTER)
    for story in (load_story(tmp_path), campaign):
        reads = effect_reads(story)
        keys = [("v", name) for name in (*story.stats, *story.flags)]
        starts = [frozenset(pick) for size in (0, 1, 2) for pick in combinations(keys, size)]
        for tracked in starts:
            closed = close_tracked(story, tracked, reads)
            assert closed == _closed_by_sweeping(story, tracked) == close_tracked(story, tracked)
    chained = load_story(tmp_path)
    assert close_tracked(chained, {("v", "a")}) == {
        ("v", "a"), ("v", "b"), ("v", "c"), ("v", "d"), ("s", "one.mid")
    }  # fmt: skip
