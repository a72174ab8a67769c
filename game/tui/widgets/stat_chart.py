"""How each stat moved over a playthrough: one small chart per stat, on its declared range.

Each chart runs from the stat's lowest possible value (bottom) to its highest (top), with
those two numbers beside it, and a tick on the axis where each chapter began; the drawing
itself is `presentation.stat_plot`, redrawn at whatever width the chart is given.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from game.engine.state import GameState
from game.presentation.stat_plot import plot_stat
from game.story.model import StatDef, Story

CHART_ROWS = 3


def stat_series(story: Story, states: Sequence[GameState]) -> dict[str, list[int]]:
    """Each stat's value at the start and after every choice."""
    return {name: [state.values[name] for state in states] for name in story.stats}


def chapter_series(story: Story, states: Sequence[GameState]) -> list[int]:
    """The chapter number (1-based) each state is in."""
    numbers = {chapter.id: index for index, chapter in enumerate(story.chapters, start=1)}
    return [numbers[story.chapter_of(state.scene).id] for state in states]


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


SCALE_NOTE = (
    "Each chart runs from the stat's lowest possible value to its highest; "
    "the numbers below mark where each chapter began."
)


class StatPlotView(Widget):
    """One stat's chart: the scale's ends at the left, the course, the chapter axis."""

    DEFAULT_CSS = """
    StatPlotView {
        height: auto;
        margin-bottom: 1;
    }
    """

    def __init__(self, stat: StatDef, values: list[int], chapters: list[int], *, id: str) -> None:
        super().__init__(id=id)
        self.stat = stat
        self.values = values
        self.chapters = chapters

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return CHART_ROWS + 2

    def render(self) -> Content:
        stat = self.stat
        gutter = max(cell_len(str(stat.min)), cell_len(str(stat.max))) + 1
        width = max(1, self.size.width - gutter - 1)
        plot = plot_stat(self.values, self.chapters, stat.min, stat.max, width, CHART_ROWS)
        lines: list[Content] = []
        for row, text in enumerate(plot.rows):
            label = str(stat.max) if row == 0 else str(stat.min) if row == CHART_ROWS - 1 else ""
            lines.append(
                Content.assemble(
                    (label.rjust(gutter - 1) + " ", "$text-muted"),
                    ("┤" if label else "│", "$text-muted"),
                    (text, "$primary"),
                )
            )
        lines.append(Content.styled(" " * gutter + "└" + plot.axis, "$text-muted"))
        lines.append(Content.styled(" " * (gutter + 1) + plot.labels, "$text-muted"))
        return Content("\n").join(lines)


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
    """

    def __init__(self, story: Story, states: Sequence[GameState], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.story = story
        self.series = stat_series(story, states)
        self.chapters = chapter_series(story, states)

    def compose(self) -> ComposeResult:
        yield Static(Content(SCALE_NOTE), classes="stat-note")
        for name, stat in self.story.stats.items():
            values = self.series[name]
            yield Static(stat_summary(stat, values), classes="stat-summary")
            yield StatPlotView(stat, values, self.chapters, id=f"stat-{name}")
