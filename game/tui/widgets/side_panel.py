"""The side panel: stats as bars, what is on the record, and the chapters with progress."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine.state import GameState
from game.story.model import Story

BAR_WIDTH = 10


def stat_bar(label: str, value: int, low: int, high: int, width: int = BAR_WIDTH) -> Content:
    span = max(1, high - low)
    filled = round((value - low) * width / span)
    return Content.assemble(
        (label, "bold"),
        "\n",
        ("█" * filled, "$primary"),
        ("░" * (width - filled), "$text-muted"),
        f" {value}/{high}",
    )


def stats_content(story: Story, state: GameState) -> Content:
    lines = [
        stat_bar(stat.label, state.values[name], stat.min, stat.max)
        for name, stat in story.stats.items()
    ]
    flags = [flag.label for name, flag in story.flags.items() if state.values.get(name)]
    if flags:
        lines.append(Content.assemble(("On the record", "bold"), "\n", "\n".join(flags)))
    return Content("\n").join(lines)


def chapters_content(story: Story, state: GameState, width: int = 26) -> Content:
    """Each chapter marked done, current or ahead, with scenes seen out of scenes written;
    a long title wraps under its own first word, not under the mark, at `width`."""
    current = story.scenes[state.scene].chapter
    current_index = next(i for i, c in enumerate(story.chapters) if c.id == current)
    lines = [Content.styled("Chapters", "bold")]
    for index, chapter in enumerate(story.chapters):
        seen = sum(1 for scene in chapter.scenes if scene in state.visited)
        if index == current_index:
            mark, style = "▶", "bold $primary"
        elif index < current_index or seen:
            mark, style = "✓", ""
        else:
            mark, style = "·", "$text-muted"
        head = f"{mark} {index + 1}. "
        count = f"{seen}/{len(chapter.scenes)}"
        text = textwrap.fill(
            f"{head}{chapter.title} {count}",
            max(len(head) + 8, width),
            subsequent_indent=" " * len(head),
            break_long_words=False,
        )
        at = text.rindex(count)
        lines.append(Content(text).stylize(style, 0, at).stylize("$text-muted", at, len(text)))
    return Content("\n").join(lines)


def panel_width(screen_width: int) -> int:
    """28 columns on a normal terminal, growing with a wide one up to 48."""
    return max(28, min(48, screen_width // 5))


class SidePanel(VerticalScroll):
    """Hidden by the play screen on narrow terminals; `n` toggles it."""

    DEFAULT_CSS = """
    SidePanel {
        width: 28;
        height: 1fr;
        padding: 0 1;
        border-left: vkey $primary 40%;
        background: $surface;
    }
    SidePanel > Static {
        margin-bottom: 1;
    }

    """

    shown: tuple[Story, GameState] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="stats", markup=False)
        yield Static(id="chapters", markup=False)

    def show(self, story: Story, state: GameState) -> None:
        self.shown = (story, state)
        self.query_one("#stats", Static).update(stats_content(story, state))
        self._wrap_chapters()

    def on_resize(self) -> None:
        """The play screen widens or narrows the panel with the terminal: wrap again."""
        if self.shown is not None:
            self._wrap_chapters()

    def _wrap_chapters(self) -> None:
        assert self.shown is not None
        story, state = self.shown
        width = (self.size.width or panel_width(self.app.size.width)) - 3  # border, padding
        self.query_one("#chapters", Static).update(chapters_content(story, state, width))
