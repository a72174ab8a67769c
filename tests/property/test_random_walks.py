"""Random walks through the stories: the engine's invariants hold on every step."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from story_helpers import CAMPAIGN, FEATURE_TOUR

from game.engine.rules import available_options, choose, new_game, replay
from game.engine.session import Session
from game.story.loader import load_story

WALKS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", params=["feature-tour", "campaign"])
def story(request):
    return load_story(FEATURE_TOUR if request.param == "feature-tour" else CAMPAIGN)


@WALKS
@given(seed=st.integers(0, 2**31), picks=st.lists(st.integers(0, 50), max_size=120))
def test_walk_invariants(story, seed, picks):
    state = new_game(story, seed)
    session = Session(story, seed)
    for pick in picks:
        options = [o for o in available_options(story, state) if not o.locked]
        if not options:
            assert state.ending is not None, f"dead end at {state.scene}"
            break
        option = options[pick % len(options)]
        outcome = choose(story, state, option.choice.id)
        assert outcome.note in story.notes  # every step has a note
        for name, stat in story.stats.items():
            assert stat.min <= outcome.state.values[name] <= stat.max
        # undo then redo returns the same state
        session.choose(option.choice.id)
        session.undo()
        assert session.state == state
        session.choose(option.choice.id)
        state = outcome.state
        assert session.state == state
    assert replay(story, seed, state.steps) == state
