"""A key press timed to the frame that shows its result, ours beside a bare Textual app.

Keys go to the app's driver as a terminal sends them. The clock stops at the last frame
the app draws by itself once the key's work is done and nothing is left to lay out or
paint: no redraw is forced, so a frame waits for Textual's own refresh timer as it would
on a terminal. Headless apps skip turning a frame into terminal output; the hook here
does that work too (and throws the text away), for ours and the bare app alike.

Each figure is kept as wall time and as CPU time of the process (`time.process_time`,
all threads: the autosave thread counts): on a machine shared with others the wall time
moves with their load, the CPU time much less. The bare app's screen switch is measured
alternately with ours, one press each in turn, so load that comes and goes falls on both.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from benchmarks.table import BenchRow

SIZE = (80, 24)
DEADLINE = 30.0  # seconds a press may take before the benchmark gives up


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds from the key sent to its frame drawn
    cpu: float  # CPU seconds of the process over the same span


class FrameClock:
    """Counts the frames an app draws and notes when the last one was done."""

    def __init__(self, app: App[object]) -> None:
        self.frames = 0
        self.at = (0.0, 0.0)  # (perf_counter, process_time) of the last frame
        display = app._display

        def counted(screen: Screen[object], renderable: object) -> None:
            display(screen, renderable)  # type: ignore[arg-type]
            if renderable is None:
                return
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # what a terminal would be sent
            self.frames += 1
            self.at = (time.perf_counter(), time.process_time())

        app._display = counted  # type: ignore[method-assign]


def frame_clock(app: App[object]) -> FrameClock:
    """The app's FrameClock, hooked in at its first timed press."""
    clock = getattr(app, "_bench_frame_clock", None)
    if clock is None:
        clock = FrameClock(app)
        app._bench_frame_clock = clock  # type: ignore[attr-defined]
    return clock


def _pending(screen: Screen[object]) -> bool:
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    )


async def press_until_drawn(pilot, key: str, char: str, done: Callable[[], bool]) -> Timing:
    """Send `key`; wait until `done()` says its work happened and the app has drawn it."""
    app = pilot.app
    clock = frame_clock(app)
    started = (time.perf_counter(), time.process_time())
    frames = clock.frames
    app._driver.send_message(events.Key(key, char))
    # Polled by sleeping, not by Pilot's wait for the screen: that wait posts a callback
    # to every widget on the screen and waits for them all, so each poll cost the app
    # with more widgets more (some 640 callbacks in one New game on the campaign, each
    # paying for inspect.signature), inside the time measured. It is asked once, when
    # the frame seems drawn, to be sure no widget still holds a message that would change it.
    while not done():
        if time.perf_counter() - started[0] > DEADLINE:
            raise TimeoutError(f"{key!r} did not do what was expected in {DEADLINE} s")
        await asyncio.sleep(0)
    while True:  # what the change set off (mounting, layout), then the frame it draws
        if clock.frames > frames and not _pending(app.screen):
            await pilot._wait_for_screen()
            if not _pending(app.screen):
                break
        if time.perf_counter() - started[0] > DEADLINE:
            raise TimeoutError(f"{key!r} was never drawn in {DEADLINE} s")
        await asyncio.sleep(0.001)  # let the refresh timer fire
    wall, cpu = clock.at
    return Timing(wall - started[0], cpu - started[1])


class BareOverlay(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        yield Static("An overlay")
        yield OptionList(*(f"Entry {n}" for n in range(40)))
        yield Footer()


class BareApp(App[None]):
    """The baseline: a bare Textual app that switches to a page of a list on a key."""

    BINDINGS = [Binding("o", "open", "Open")]

    def compose(self) -> ComposeResult:
        yield Static("The bare app")
        yield Footer()

    def action_open(self) -> None:
        self.push_screen(BareOverlay())


async def bare_switch(pilot) -> Timing:
    """One bare screen switch, timed; closed again off the clock."""
    app = pilot.app
    timing = await press_until_drawn(pilot, "o", "o", lambda: isinstance(app.screen, BareOverlay))
    await press_until_drawn(pilot, "escape", "\x1b", lambda: len(app.screen_stack) == 1)
    await pilot.pause()
    return timing


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def keypress_rows(
    label: str, ours: list[Timing], bare: list[Timing], target: float, ms_limit: float | None = None
) -> list[BenchRow]:
    """Three rows for one key path: the median wall time and the median CPU time, each
    over the bare switch measured beside it, and the 90th percentile over the median."""
    wall = statistics.median(t.wall for t in ours) * 1000
    bare_wall = statistics.median(t.wall for t in bare) * 1000
    base = "bare Textual screen switch"
    ratio_target = f"<= {target}x"
    if ms_limit is not None:
        ratio_target += f" (and <= {ms_limit:g} ms)"
    return [
        BenchRow(
            f"TUI: {label}, median (wall, {len(ours)} presses)",
            wall,
            "ms",
            bare_wall,
            base,
            ratio_target,
            target,
            "ratio",
            ms_limit,
        ),
        BenchRow(
            f"TUI: {label}, median (CPU)",
            statistics.median(t.cpu for t in ours) * 1000,
            "ms",
            statistics.median(t.cpu for t in bare) * 1000,
            base + ", CPU",
            ratio_target,
            target,
            "ratio",
            ms_limit,
        ),
        BenchRow(
            f"TUI: {label}, 90th percentile (wall)",
            p90([t.wall for t in ours]) * 1000,
            "ms",
            wall,
            "its median",
            "<= 2x",
            2.0,
            "ratio",
        ),
    ]
