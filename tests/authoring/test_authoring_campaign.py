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
