"""Visit counts and the history tracker stay exact and cheap over long logs and undo forks."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import state as state_module
from game.engine.state import StepLog


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
