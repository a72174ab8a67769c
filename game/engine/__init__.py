"""The rules of play: pure and deterministic. Never imports textual.

The same story, seed and choice log always give the same state; saves, undo, replay,
live reload and automated playtests all rest on that one fact.

The names below are read from their modules on first use (PEP 562), not imported with
the package: a module that needs only `game.engine.clock`, as the title screen's app
does, would otherwise import the rules, the state and the whole story model with it,
some 60 ms before the game's first frame that the title does not use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

_HOMES = {
    "ChoiceUnavailable": "rules",
    "Option": "rules",
    "Outcome": "rules",
    "ReplayDiverged": "rules",
    "available_options": "rules",
    "choose": "rules",
    "new_game": "rules",
    "replay": "rules",
    "GameState": "state",
    "Step": "state",
}

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


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'game.engine' has no attribute {name!r}")
    value = getattr(import_module(f"game.engine.{home}"), name)
    globals()[name] = value
    return value
