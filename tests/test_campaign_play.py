"""The campaign plays: the historical path to the historical ending, and a path to every other.

Both go through the plain player with the option numbers a player would type: the historical
path in a subprocess, as a player with a pipe would, the other endings in this process
(cli_helpers), one run each.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import story_helpers
from cli_helpers import deniable
from story_helpers import ROOT, campaign_proof

from game.authoring.paths import replayable
from game.engine.comparison import key_decisions, matched_count
from game.engine.rules import available_options, choose, new_game


@pytest.fixture(scope="module")
def campaign():
    return story_helpers.campaign()


def play_plain(numbers, seed=0):
    script = "".join(f"{number}\n" for number in numbers)
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--seed", str(seed)],
        input=script,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={"DENIABLE_SAVES": str(ROOT / ".pytest_cache" / "campaign-saves"), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def historical_path(story, seed=0):
    """Choose as history went in every scene; return the option numbers and the final state."""
    state = new_game(story, seed)
    numbers = []
    while state.ending is None:
        options = available_options(story, state)
        historical = [o for o in options if o.choice.historical and not o.locked]
        assert len(historical) == 1, f"{state.scene} offers {len(historical)} historical choices"
        numbers.append(historical[0].number)
        state = choose(story, state, historical[0].choice.id).state
        assert len(numbers) < 500, "the historical path loops"
    return numbers, state


def test_historical_path_reaches_the_historical_ending(campaign):
    numbers, state = historical_path(campaign)
    assert state.ending == "archives.end-historical"
    assert campaign.scenes[state.ending].ending.kind == "historical"
    matched, reached = matched_count(key_decisions(campaign, state))
    assert matched == reached > 8
    out = play_plain(numbers)
    assert "THE END: Deniable (the history that happened)" in out
    assert f"({reached} of {reached} key decisions as history went)" in out
    assert "What really happened" in out and "Sources:" in out


def test_historical_path_is_seed_independent(campaign):
    endings = {historical_path(campaign, seed)[1].ending for seed in (1, 7, 12345)}
    assert endings == {"archives.end-historical"}


@pytest.mark.slow
@pytest.mark.xdist_group("campaign-proof")
def test_every_ending_is_reached_through_the_plain_player(campaign):
    proof = campaign_proof()
    endings = campaign.endings
    assert len(endings) >= 6
    for scene in endings:
        assert scene.id in proof.scenes, f"no path to {scene.id}"
        path = replayable(campaign, proof.scenes[scene.id])
        script = "".join(f"{number}\n" for number in path.numbers)
        seed = str(path.seed or 0)
        played = deniable("play", "--plain", "--seed", seed, input_text=script, cwd=ROOT)
        assert played.returncode == 0, played.stderr
        assert f"THE END: {scene.ending.title}" in played.stdout, scene.id


def test_campaign_size_and_shape(campaign):
    assert len(campaign.chapters) >= 8
    assert len(campaign.scenes) >= 60
    assert len(campaign.choices) >= 150
    assert {n.kind for n in campaign.notes.values()} == {"history", "counterfactual"}
    for choice in campaign.choices.values():
        assert choice.note in campaign.notes
    for note in campaign.notes.values():
        assert len(note.text.raw.split()) <= 140, f"note {note.id} is long"
        if note.kind == "history":
            assert note.facts, f"history note {note.id} cites no fact"
