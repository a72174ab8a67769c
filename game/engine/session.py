"""A playthrough in progress: every state and outcome so far, for undo, history and saves."""

from __future__ import annotations

from collections.abc import Iterable

from game.engine.collector import collector_paused
from game.engine.rules import (
    Option,
    Outcome,
    ReplayDiverged,
    available_options,
    choose,
    new_game,
    replay_outcomes,
)
from game.engine.state import GameState, Step, StepLog
from game.frozen import frozen
from game.story.model import Story


@frozen
class Divergence:
    """Where a loaded choice log stopped fitting the story, and why."""

    index: int  # 0-based step that could not be replayed
    step: Step
    reason: str

    def describe(self) -> str:
        return (
            f"step {self.index + 1} ({self.step.scene}, choice {self.step.choice!r}): {self.reason}"
        )


class Session:
    """Owns the list of states; the interfaces call it and never change state themselves."""

    def __init__(self, story: Story, seed: int = 0):
        self.story = story
        self.states: list[GameState] = [new_game(story, seed)]
        self.outcomes: list[Outcome] = []
        self.divergence: Divergence | None = None
        self.play_seconds: float = 0.0

    @classmethod
    def from_log(cls, story: Story, seed: int, steps: Iterable[Step]) -> Session:
        """Replay a log; on divergence keep every step that still fits and record why."""
        session = cls(story, seed)
        try:
            with collector_paused():
                for outcome in replay_outcomes(story, seed, steps):
                    session._push(outcome)
        except ReplayDiverged as exc:
            session.divergence = Divergence(exc.index, exc.step, exc.reason)
        return session

    @property
    def state(self) -> GameState:
        return self.states[-1]

    @property
    def seed(self) -> int:
        return self.states[0].seed

    @property
    def steps(self) -> StepLog:
        return self.state.steps

    def options(self) -> list[Option]:
        return available_options(self.story, self.state)

    def choose(self, choice_id: str) -> Outcome:
        outcome = choose(self.story, self.state, choice_id)
        self._push(outcome)
        return outcome

    def _push(self, outcome: Outcome) -> None:
        self.states.append(outcome.state)
        self.outcomes.append(outcome)

    def can_undo(self) -> bool:
        """True once the player has made a choice: page turns alone are nothing to undo."""
        return self.state.choices_made > 0

    def undo(self) -> bool:
        """Take back the last choice the player made, and the page turns that followed it,
        so undo lands where that choice was offered, never on a page break's Continue."""
        if not self.can_undo():
            return False
        while self.outcomes[-1].choice.page_turn:
            self.states.pop()
            self.outcomes.pop()
        self.states.pop()
        self.outcomes.pop()
        return True

    def rewind(self, step_count: int) -> None:
        """Go back to the moment before step `step_count` (0 is the start of the game)."""
        if not 0 <= step_count < len(self.states):
            raise IndexError(step_count)
        del self.states[step_count + 1 :]
        del self.outcomes[step_count:]


__all__ = ["Divergence", "ReplayDiverged", "Session"]
