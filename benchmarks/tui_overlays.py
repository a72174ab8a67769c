"""Opening the overlays (journal, map, timeline, help, history) over a game with 75
choices made, from the key press to the overlay drawn, each beside a bare Textual app's
screen switch timed the same way, alternately, in the same run.

Run: `python -m benchmarks tui_overlays`. The campaign is played through the session
(the first open choice each time; that path runs 90 choices before an ending) until
75 are made. Each round opens every overlay once with its key, a bare switch before
each, and closes it with Escape; between rounds one more choice is made, so no round
finds an overlay of the same game already built. The rounds start once the app has
composed its overlays ahead, in the quiet after the 75 choices, and brought them up to
date for the game in a pause, as a player reading the 75th outcome gives it (the first
opening of an overlay in a process that never had a quiet second composes it, as
before; see docs/performance.md). See _tui_press for the clock.
"""

from __future__ import annotations

import asyncio
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

CHOICES = 75
ROUNDS = 15
OVERLAYS = (  # key, character, screen class name, label
    ("j", "j", "JournalScreen", "journal"),
    ("m", "m", "MapScreen", "map"),
    ("t", "t", "TimelineScreen", "timeline"),
    ("question_mark", "?", "HelpScreen", "help"),
    ("h", "h", "HistoryScreen", "history"),
)


def _choose_first_open(app) -> None:
    session = app.session
    assert session is not None and session.state.ending is None, "the rounds fit a path"
    option = next(o for o in session.options() if not o.locked)
    session.choose(option.choice.id)


async def overlay_times(
    story: Path, rounds: int = ROUNDS
) -> tuple[dict[str, list[Timing]], dict[str, list[Timing]]]:
    """(ours, bare) by overlay label."""
    from game.tui.app import DeniableApp
    from game.tui.screens.play import PlayScreen

    ours: dict[str, list[Timing]] = {label: [] for *_, label in OVERLAYS}
    bare: dict[str, list[Timing]] = {label: [] for *_, label in OVERLAYS}
    with tempfile.TemporaryDirectory() as saves:
        app = DeniableApp(story, seed=7, saves=Path(saves))
        async with BareApp().run_test(size=SIZE) as bare_pilot, app.run_test(size=SIZE) as pilot:
            while app.story is None or not getattr(app, "screens_prepared", True):
                await pilot.pause(0.01)
            app.new_game()
            for _ in range(CHOICES):
                _choose_first_open(app)
            app.show_session()
            while not isinstance(app.screen, PlayScreen):
                await pilot.pause(0.01)
            await pilot.pause()
            # The overlays composed ahead in the game's quiet moments (game/tui/
            # kept_overlays.py), as they are by the time a player has made 75 choices,
            # and as New game waits for the play screen composed ahead. Each is still
            # brought up to date for the game's state on every opening.
            while not getattr(app, "overlays_ready", True):
                await pilot.pause(0.05)
            # The pause a player takes after the 75th choice, reading it: the kept overlays
            # are brought up to date for the game then (one per tenth of a second), as
            # after any input followed by a second's quiet.
            overlays = app.overlays
            if hasattr(app, "pauses"):
                app.pauses.input_seen()
                for _ in range(100):
                    if overlays.brought_ahead >= len(OVERLAYS):
                        break
                    await pilot.pause(0.05)
                await pilot.pause(0.2)  # laid out and drawn after each is brought up to date
            await pilot.pause()
            play = app.screen
            for round_ in range(rounds):
                if round_:
                    _choose_first_open(app)
                    play.show_state()
                    await pilot.pause()
                for key, char, name, label in OVERLAYS:

                    def opened(name: str = name) -> bool:
                        return type(app.screen).__name__ == name

                    bare[label].append(await bare_switch(bare_pilot))
                    ours[label].append(await press_until_drawn(pilot, key, char, opened))
                    await press_until_drawn(pilot, "escape", "\x1b", lambda: app.screen is play)
                    await pilot.pause()
    return ours, bare


def rows() -> list[BenchRow]:
    story = story_folder()
    ours, bare = asyncio.run(overlay_times(story))
    made = f"{CHOICES}-{CHOICES + ROUNDS - 1} choices made"
    return [
        row
        for label in ours
        for row in keypress_rows(
            f"{label} overlay, key press to drawn ({made})", ours[label], bare[label], 1.5, 100
        )
    ]
