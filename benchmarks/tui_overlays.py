"""Opening the overlays (journal, map, timeline, help, history) over a game with 75
choices made, from the key press to the overlay drawn, beside a bare Textual app's
screen switch timed the same way in the same run.

Run: `python -m benchmarks tui_overlays`. The campaign is played through the session
(the first open choice each time; that path runs 90 choices before an ending) until
75 are made, then each overlay is opened with its key and closed
with Escape, REPEAT times. Keys go to the driver as a terminal sends them, and the clock
stops when the overlay's screen has processed its messages and drawn (see tui_keypress).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from benchmarks._tui_runs import story_folder
from benchmarks.table import BenchRow
from benchmarks.tui_keypress import press_until_drawn

CHOICES = 75
REPEAT = 7
OVERLAYS = (  # key, character, screen class name, label
    ("j", "j", "JournalScreen", "journal"),
    ("m", "m", "MapScreen", "map"),
    ("t", "t", "TimelineScreen", "timeline"),
    ("question_mark", "?", "HelpScreen", "help"),
    ("h", "h", "HistoryScreen", "history"),
)


class BareOverlay(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        yield Static("An overlay")
        yield OptionList(*(f"Entry {n}" for n in range(40)))
        yield Footer()


class BareApp(App[None]):
    BINDINGS = [Binding("o", "open", "Open")]

    def compose(self) -> ComposeResult:
        yield Static("The bare app")
        yield Footer()

    def action_open(self) -> None:
        self.push_screen(BareOverlay())


async def bare_switch(repeat: int = REPEAT) -> list[float]:
    times: list[float] = []
    app = BareApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(repeat):
            times.append(
                await press_until_drawn(
                    pilot, "o", "o", lambda: isinstance(app.screen, BareOverlay)
                )
            )
            await press_until_drawn(pilot, "escape", "\x1b", lambda: len(app.screen_stack) == 1)
            await pilot.pause()
    return times


async def overlay_times(story: Path, repeat: int = REPEAT) -> tuple[dict[str, list[float]], int]:
    from game.tui.app import DeniableApp
    from game.tui.screens.play import PlayScreen

    times: dict[str, list[float]] = {label: [] for *_, label in OVERLAYS}
    with tempfile.TemporaryDirectory() as saves:
        app = DeniableApp(story, seed=7, saves=Path(saves))
        async with app.run_test(size=(80, 24)) as pilot:
            while app.story is None:
                await pilot.pause(0.01)
            app.new_game()
            made = 0
            while made < CHOICES:
                session = app.session
                assert session is not None and session.state.ending is None, "75 fit a path"
                option = next(o for o in session.options() if not o.locked)
                session.choose(option.choice.id)
                made += 1
            app.show_session()
            while not isinstance(app.screen, PlayScreen):
                await pilot.pause(0.01)
            await pilot.pause()
            play = app.screen
            for _ in range(repeat):
                for key, char, name, label in OVERLAYS:

                    def opened(name: str = name) -> bool:
                        return type(app.screen).__name__ == name

                    times[label].append(await press_until_drawn(pilot, key, char, opened))
                    await press_until_drawn(pilot, "escape", "\x1b", lambda: app.screen is play)
                    await pilot.pause()
    return times, made


def rows() -> list[BenchRow]:
    story = story_folder()
    bare = statistics.median(asyncio.run(bare_switch())) * 1000
    times, made = asyncio.run(overlay_times(story))
    return [
        BenchRow(
            f"TUI: {label} overlay, key press to drawn, median ({made} choices made)",
            statistics.median(values) * 1000,
            "ms",
            baseline=bare,
            baseline_name="bare Textual screen switch",
            target="<= 100 ms",
            limit=100,
        )
        for label, values in times.items()
    ]
