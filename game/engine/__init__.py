"""The rules of play: pure and deterministic. Never imports textual.

The same story, seed and choice log always give the same state; saves, undo, replay,
live reload and automated playtests all rest on that one fact.
"""

from game.engine.rules import (
    ChoiceUnavailable,
    Option,
    Outcome,
    ReplayDiverged,
    available_options,
    choose,
    new_game,
    replay,
)
from game.engine.state import GameState, Step

__all__ = [
    "ChoiceUnavailable",
    "GameState",
    "Option",
    "Outcome",
    "ReplayDiverged",
    "Step",
    "available_options",
    "choose",
    "new_game",
    "replay",
]
