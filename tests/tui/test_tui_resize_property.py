"""Random play mixed with random resizes between 40x12, 60x20, 80x24 and 200x60.

Each example starts a game, then visits every size, in a random order, with a random run
of key presses (choices, continue, the overlays and back) after each resize. Whatever the
order, the app must not raise, and whenever the play screen is showing at 60x20 or larger
every choice must still be on screen. Visiting every size in each example lets a handful
of examples cover what many shorter random ones would (each app start costs a second).
"""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tui_helpers import FEATURE_TOUR, FakeClock, settle, start_game

from game.tui.app import DeniableApp
from game.tui.screens.play import PlayScreen
from game.tui.widgets.choice_list import ChoiceList

SIZES = [(40, 12), (60, 20), (80, 24), (200, 60)]
# Keys a player presses mid-game; none of them quits, so every example plays to its end.
KEYS = ["1", "2", "3", "enter", "escape", "u", "j", "h", "n", "m", "t", "question_mark"]


@st.composite
def actions(draw) -> list[tuple[str, object]]:
    """Every size once, in a random order, each followed by up to four random keys (none
    is possible, so two resizes can follow each other)."""
    played: list[tuple[str, object]] = []
    for size in draw(st.permutations(SIZES)):
        played.append(("resize", size))
        keys = draw(st.lists(st.sampled_from(KEYS), max_size=4))
        played.extend(("key", key) for key in keys)
    return played


def choices_fit(app) -> bool:
    choices = app.screen.query_one(ChoiceList)
    region = choices.region
    return (
        region.height > 0
        and region.right <= app.size.width
        and region.bottom <= app.size.height
        and choices.virtual_size.height <= choices.scrollable_content_region.height
    )


async def play(actions, saves) -> None:
    app = DeniableApp(FEATURE_TOUR, seed=1, saves=saves, now=FakeClock())
    # run_test re-raises, on leaving, any exception the app met while running.
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        for kind, value in actions:
            if kind == "resize":
                await pilot.resize_terminal(*value)
            else:
                await pilot.press(value)
            await settle(pilot)
            width, height = app.size
            if isinstance(app.screen, PlayScreen) and width >= 60 and height >= 20:
                assert choices_fit(app), f"choices cut off at {width}x{height}"
        assert app.return_code is None, "a key press closed the game"


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(played=actions())
def test_random_play_and_resizes_never_crash(played, tmp_path):
    asyncio.run(play(played, tmp_path / "saves"))


async def test_the_choices_fit_at_60x20_after_the_panel_was_opened_at_40x12(tmp_path):
    """Found by the property above: the choices' scrollbar, needed while the side panel
    left them 12 columns at 40x12, stayed at 60x20 and hid the last line of a choice."""
    await play([("resize", (40, 12)), ("key", "n"), ("resize", (60, 20))], tmp_path / "saves")
