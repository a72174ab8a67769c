"""The collector helpers hand back what they froze, and leave frozen what others froze."""

from __future__ import annotations

import gc

from game.engine.collector import settling
from game.story.long_lived import settle


def test_settling_hands_its_objects_back_when_nothing_was_frozen_before():
    gc.unfreeze()
    with settling() as freeze:
        kept = [object() for _ in range(10)]
        freeze()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    assert kept


def test_settling_and_settle_leave_frozen_what_was_frozen_before():
    gc.unfreeze()
    try:
        gc.freeze()  # as the TUI app freezes what lives as long as it
        frozen = gc.get_freeze_count()
        with settling() as freeze:
            freeze()
        assert gc.get_freeze_count() >= frozen
        settle()
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_settle_freezes_nothing_when_nothing_was_frozen_before():
    gc.unfreeze()
    settle()
    assert gc.get_freeze_count() == 0
