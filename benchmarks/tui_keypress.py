"""Key presses in play, each beside a bare Textual app's screen switch in the same run.

Run: `python -m benchmarks tui_keypress`. Three paths, each timed from the key sent to
the frame that shows its result (see _tui_press), alternating with the bare switch:

- New game: `n` on the title of a fresh app with the story loaded, to the first scene.
- A choice: the number of the first open choice, to the outcome and its note card.
- Continue: Enter on the outcome, to the next scene.

The campaign is played at 80x24 (the feature tour when the campaign does not load),
starting a new game at each ending.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
from pathlib import Path

from benchmarks._tui_press import (
    SIZE,
    BareApp,
    Timing,
    bare_switch,
    keypress_rows,
    press_until_drawn,
)
from benchmarks._tui_runs import story_folder
from benchmarks.table import BenchRow

PRESSES = 40
NEW_GAMES = 15


async def _loaded(pilot) -> None:
    """Wait for the title to show the story with nothing left to do."""
    app = pilot.app
    while (
        app.story is None
        or not getattr(app, "screens_prepared", True)
        or not getattr(app, "play_screen_ready", True)
    ):
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def new_game_times(story: Path, repeat: int = NEW_GAMES) -> tuple[list[Timing], list[Timing]]:
    from game.tui.app import DeniableApp
    from game.tui.screens.play import PlayScreen

    ours: list[Timing] = []
    bare: list[Timing] = []
    async with BareApp().run_test(size=SIZE) as bare_pilot:
        await bare_pilot.pause()
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as saves:
                app = DeniableApp(story, seed=7, saves=Path(saves))
                async with app.run_test(size=SIZE) as pilot:
                    await _loaded(pilot)
                    bare.append(await bare_switch(bare_pilot))

                    def playing(app: DeniableApp = app) -> bool:
                        return isinstance(app.screen, PlayScreen)

                    ours.append(await press_until_drawn(pilot, "n", "n", playing))
            # A player's process holds one app; the apps closed here are freed before the
            # next starts, so no press pays for collecting the ones before it.
            gc.collect()
    return ours, bare


async def play_times(
    story: Path, presses: int = PRESSES
) -> tuple[list[Timing], list[Timing], list[Timing], list[Timing]]:
    """(choice, bare beside it, continue, bare beside it)."""
    from game.tui.app import DeniableApp
    from game.tui.screens.ending import EndingScreen
    from game.tui.screens.play import PlayScreen
    from game.tui.widgets.choice_list import ChoiceList

    choices: list[Timing] = []
    continues: list[Timing] = []
    bare_choices: list[Timing] = []
    bare_continues: list[Timing] = []
    with tempfile.TemporaryDirectory() as saves:
        app = DeniableApp(story, seed=7, saves=Path(saves))
        async with BareApp().run_test(size=SIZE) as bare_pilot, app.run_test(size=SIZE) as pilot:
            await _loaded(pilot)
            app.new_game()
            while not isinstance(app.screen, PlayScreen):
                await pilot.pause(0.01)
            await pilot.pause()
            while len(choices) < presses:
                screen = app.screen
                if isinstance(screen, EndingScreen):
                    app.new_game()
                    while not isinstance(app.screen, PlayScreen):
                        await pilot.pause(0.01)
                    await pilot.pause()
                    continue
                options = screen.query_one(ChoiceList).engine_options
                number = next(o.number for o in options if not o.locked)
                before = len(app.session.steps)

                def chosen(before=before, screen=screen) -> bool:
                    return len(app.session.steps) == before + 1 and screen.showing_outcome

                def moved_on(screen=screen) -> bool:
                    return app.screen is not screen or not screen.showing_outcome

                key = str(number)
                bare_choices.append(await bare_switch(bare_pilot))
                choices.append(await press_until_drawn(pilot, key, key, chosen))
                await pilot.pause()  # let the autosave and timers run between presses
                if not screen.showing_outcome:
                    continue  # a page turn: the next page is already showing
                bare_continues.append(await bare_switch(bare_pilot))
                continues.append(await press_until_drawn(pilot, "enter", "\r", moved_on))
                await pilot.pause()
    return choices, bare_choices, continues, bare_continues


def rows() -> list[BenchRow]:
    story = story_folder()
    new, bare_new = asyncio.run(new_game_times(story))
    choices, bare_choices, continues, bare_continues = asyncio.run(play_times(story))
    return [
        *keypress_rows(f"New game to the first scene ({story.name})", new, bare_new, 1.5),
        *keypress_rows("choice key press to outcome and note card", choices, bare_choices, 1.2),
        *keypress_rows("Continue to the next scene", continues, bare_continues, 1.2),
    ]
