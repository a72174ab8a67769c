"""How each stat moved over a playthrough: one labelled sparkline per stat.

Textual's Sparkline is imported inside `compose`, so it loads only when a chart is shown
(the ending), never with the play screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from game.engine.state import GameState
from game.story.model import StatDef, Story


def stat_series(story: Story, states: Sequence[GameState]) -> dict[str, list[int]]:
    """Each stat's value at the start and after every choice."""
    return {name: [state.values[name] for state in states] for name in story.stats}


def stat_summary(stat: StatDef, values: list[int]) -> Content:
    """Start and end, and the range it moved in (on the stat's own scale)."""
    start, end = values[0], values[-1]
    low, high = min(values), max(values)
    moved = f"{start} → {end}" if start != end else f"held at {start}"
    spread = f"lowest {low}, highest {high}" if low != high else "never moved"
    return Content.assemble(
        (stat.label, "bold"),
        "  ",
        moved,
        (f" · {spread} · scale {stat.min}–{stat.max}", "$text-muted"),
    )


SCALE_NOTE = "Each line runs from the stat's lowest in this playthrough to its highest."


class StatChart(Vertical):
    DEFAULT_CSS = """
    StatChart {
        height: auto;
    }
    StatChart > .stat-summary {
        height: auto;
    }
    StatChart > .stat-note {
        color: $text-muted;
        text-style: italic;
        margin-bottom: 1;
    }
    StatChart > Sparkline {
        height: 2;
        margin-bottom: 1;
    }
    """

    def __init__(self, story: Story, states: Sequence[GameState], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.story = story
        self.series = stat_series(story, states)

    def compose(self) -> ComposeResult:
        from textual.widgets import Sparkline

        yield Static(Content(SCALE_NOTE), classes="stat-note")
        for name, stat in self.story.stats.items():
            values = self.series[name]
            yield Static(stat_summary(stat, values), classes="stat-summary")
            yield Sparkline(values, id=f"stat-{name}")
