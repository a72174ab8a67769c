"""From a choice's key press to the next scene drawn, with Pilot, in this process.

Run: `python -m benchmarks tui_keypress`. Plays the campaign (or the feature tour when
the campaign does not load) at 80x24 by pressing the number of the first open choice,
then Enter on the note card, over and over, starting a new game at each ending.

Each key goes to the app's driver as a terminal would send it; the clock stops once
every widget of the screen has processed its messages (repeated until the new state is
showing and nothing more is queued) and the screen has been composed and drawn. We do
not time `pilot.press` itself: it sleeps in steps of 20 ms waiting for the CPU to go
idle, which would measure the test harness rather than the game.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual import events

from benchmarks._tui_runs import story_folder
from benchmarks.table import BenchRow

PRESSES = 60


async def press_until_drawn(pilot, key: str, char: str, done: Callable[[], bool]) -> float:
    app = pilot.app
    start = time.perf_counter()
    app._driver.send_message(events.Key(key, char))
    while True:
        await pilot._wait_for_screen()
        if done():
            break
        await asyncio.sleep(0)
    await pilot._wait_for_screen()  # what the change set off (Markdown mounting its blocks)
    app.screen._on_timer_update()  # draw now, as the next refresh would
    return time.perf_counter() - start


async def measure(story: Path, presses: int = PRESSES) -> tuple[list[float], list[float]]:
    from game.tui.app import DeniableApp
    from game.tui.screens.ending import EndingScreen
    from game.tui.screens.play import PlayScreen
    from game.tui.widgets.choice_list import ChoiceList

    choice_times: list[float] = []
    continue_times: list[float] = []
    with tempfile.TemporaryDirectory() as saves:
        app = DeniableApp(story, seed=7, saves=Path(saves))
        async with app.run_test(size=(80, 24)) as pilot:
            while app.story is None:
                await pilot.pause(0.01)
            app.new_game()
            while not isinstance(app.screen, PlayScreen):
                await pilot.pause(0.01)
            await pilot.pause()
            while len(choice_times) < presses:
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
                choice_times.append(await press_until_drawn(pilot, key, key, chosen))
                continue_times.append(await press_until_drawn(pilot, "enter", "\r", moved_on))
                await pilot.pause()  # let the autosave and timers run between presses
    return choice_times, continue_times


def rows() -> list[BenchRow]:
    story = story_folder()
    choice_times, continue_times = asyncio.run(measure(story))
    return [
        BenchRow(
            f"TUI: choice key press to outcome and note card drawn, median ({story.name})",
            statistics.median(choice_times) * 1000,
            "ms",
            target="<= 50 ms",
            limit=50,
        ),
        BenchRow(
            "TUI: Continue key press to the next scene drawn, median",
            statistics.median(continue_times) * 1000,
            "ms",
            target="<= 50 ms",
            limit=50,
        ),
        BenchRow(
            "TUI: choice key press to outcome drawn, 90th percentile",
            statistics.quantiles(choice_times, n=10)[-1] * 1000,
            "ms",
        ),
    ]
