"""Visit counts and the history tracker stay exact and cheap over long logs and undo forks."""

from __future__ import annotations

import tracemalloc
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import write_story
from game.engine import state as state_module
from game.engine.grown_set import GrownSet
from game.engine.rules import replay_outcomes
from game.engine.state import Step, StepLog
from game.story.loader import load_story


class CountedStep:
    """A step whose scene is counted each time it is read, to measure the work done."""

    reads = 0
    page_turn = False  # what the log's count of choices made reads

    def __init__(self, scene: str):
        self._scene = scene

    @property
    def scene(self) -> str:
        CountedStep.reads += 1
        return self._scene

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CountedStep) and other._scene == self._scene


@given(
    st.lists(
        st.tuples(st.sampled_from("abcde"), st.integers(min_value=0, max_value=3), st.booleans()),
        max_size=120,
    )
)
@settings(max_examples=60, deadline=None)
def test_scene_counts_and_choices_made_match_a_plain_count_after_any_undo_and_fork(moves):
    state_module.COUNT_SNAPSHOT_EVERY, saved = 4, state_module.COUNT_SNAPSHOT_EVERY
    try:
        logs = [StepLog()]
        for scene, back, turn in moves:
            base = logs[max(0, len(logs) - 1 - back)]  # undo `back` steps, then choose
            log = base.plus(state_module.Step(scene, state_module.PAGE_TURN if turn else "go"))
            logs.append(log)
            assert log.scene_counts() == Counter(step.scene for step in log)
        for log in logs:
            assert log.scene_counts() == Counter(step.scene for step in log)
            assert log.choices_made == sum(step.choice == "go" for step in log)
    finally:
        state_module.COUNT_SNAPSHOT_EVERY = saved


@pytest.mark.slow
def test_asking_at_every_step_of_a_long_log_reads_each_step_a_bounded_number_of_times():
    log = StepLog()
    CountedStep.reads = 0
    steps = 20_000
    for index in range(steps):
        log = log.plus(CountedStep(f"s{index % 7}"))
        log.scene_counts()
    # Counting the whole log at every step would read 200 million scenes.
    assert CountedStep.reads <= steps * (state_module.COUNT_SNAPSHOT_EVERY + 1)
    assert log.scene_counts()["s0"] == len(range(0, steps, 7))


@given(
    st.lists(
        st.tuples(st.sampled_from("abcdefg"), st.integers(min_value=0, max_value=3)),
        max_size=80,
    )
)
@settings(max_examples=60, deadline=None)
def test_a_grown_set_is_the_frozenset_of_its_line_of_play_after_any_undo_and_fork(moves):
    sets, plain = [GrownSet(["start"])], [frozenset(["start"])]
    for item, back in moves:
        at = max(0, len(sets) - 1 - back)  # undo `back` steps, then add
        sets.append(sets[at].plus(item))
        plain.append(plain[at] | {item})
    for grown, expected in zip(sets, plain, strict=True):
        assert grown == expected and expected == grown
        assert len(grown) == len(expected) and set(grown) == expected
        assert hash(grown) == hash(expected)
        assert all((item in grown) == (item in expected) for item in "abcdefgh")
        assert grown | {"z"} == expected | {"z"} and not grown & {"z"}
    # between themselves, forked or not (the proof keys its states by them)
    for grown, expected in zip(sets, plain, strict=True):
        for other, other_expected in zip(sets, plain, strict=True):
            assert (grown == other) == (expected == other_expected)
            assert (grown != other) == (expected != other_expected)


def test_the_states_of_a_long_replay_share_their_visited_scenes_and_choices(tmp_path):
    # Each new scene used to copy the whole frozenset: keeping the 3,000 states of a
    # 3,000-scene path held about 4.5 million set entries (hundreds of MiB), and building
    # them took time growing with the square of the path.
    story = load_story(write_story(tmp_path, 3_000))
    steps = [Step(scene_id, "steady") for scene_id in list(story.scenes)[:-1]]
    tracemalloc.start()
    try:
        states = [outcome.state for outcome in replay_outcomes(story, 0, steps)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert states[-1].ending is not None and len(states[-1].visited) == 3_000
    assert states[999].visited == frozenset(list(story.scenes)[:1_001])
    assert peak < 16 * 1024 * 1024
