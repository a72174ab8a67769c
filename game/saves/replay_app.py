"""The replay viewer: step through a saved game, and branch off to play on from any step.

A small Textual app of its own, so it starts fast and owns no game rules: it shows the
steps `transcript.build_replay` made. It exits with the position to branch from (an int)
or None. Author text is shown with markup off, so `[aside]` or a stray `[/]` shows as written.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from game.plain import text as render
from game.saves.transcript import Replay, end_text


class ReplayApp(App[int | None]):
    """Positions 0..n-1 are the steps; position n is where the save ends (its ending)."""

    TITLE = "Deniable: replay"
    CSS = """
    #position { background: $primary-background; color: $text; padding: 0 1; text-style: bold; }
    #body { padding: 0 2; }
    .part { margin: 1 0 0 0; }
    #chosen { text-style: bold; color: $accent; }
    #not-taken { color: $text-muted; }
    #changes { color: $text-muted; }
    #note { border-left: thick $secondary; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        # priority: the scrolling body would otherwise take these keys for itself
        Binding("left", "back", "Back", priority=True),
        Binding("right", "forward", "Forward", priority=True),
        Binding("home", "first", "First", priority=True),
        Binding("end", "last", "Last", priority=True),
        Binding("b", "branch", "Branch: play on from here"),
        Binding("q", "quit", "Quit"),
        Binding("escape", "quit", "Quit", show=False),
    ]

    def __init__(self, replay: Replay, label: str = "", start: int = 0):
        super().__init__()
        self.replay = replay
        self.label = label
        self.position = max(0, min(start, len(replay.steps)))

    @property
    def last(self) -> int:
        return len(self.replay.steps)

    def compose(self) -> ComposeResult:
        yield Static("", id="position", markup=False)
        with VerticalScroll(id="body"):
            for part in ("heading", "scene", "chosen", "not-taken", "outcome", "changes", "note"):
                yield Static("", id=part, classes="part", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    # ---------------------------------------------------------------- display

    def _set(self, part: str, text: str) -> None:
        widget = self.query_one(f"#{part}", Static)
        widget.update(text)
        widget.display = bool(text)

    def position_text(self) -> str:
        total = len(self.replay.steps)
        name = f"{self.label}: " if self.label else ""
        if self.position == total:
            what = "the ending" if self.replay.ending is not None else "where the save stops"
            return f"{name}{what} (after {total} step{'' if total == 1 else 's'})"
        step = self.replay.steps[self.position]
        where = f"Chapter {step.chapter_number}: {step.chapter.title}"
        if step.scene.title:
            where += f" · {step.scene.title}"
        return f"{name}step {self.position + 1} of {total} · {where}"

    def show(self) -> None:
        self.query_one("#position", Static).update(self.position_text())
        story = self.replay.story
        if self.position == self.last:
            for part in ("scene", "chosen", "not-taken", "outcome", "changes", "note"):
                self._set(part, "")
            self._set("heading", end_text(self.replay))
        else:
            step = self.replay.steps[self.position]
            self._set("heading", render.chapter_heading(story, step.chapter))
            self._set("scene", step.scene_text.strip())
            mark = "  (as history went)" if step.historical else ""
            self._set("chosen", f"You chose: {step.chosen}{mark}")
            lines = []
            for other in step.not_taken:
                locked = f"  (locked: {other.locked})" if other.locked else ""
                lines.append(f"  - {other.text}{locked}")
            self._set("not-taken", "Not taken:\n" + "\n".join(lines) if lines else "")
            self._set("outcome", step.outcome)
            self._set("changes", "\n".join(f"({change})" for change in step.changes))
            self._set("note", render.note_text(step.note))
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def go(self, position: int) -> None:
        position = max(0, min(position, self.last))
        if position != self.position:
            self.position = position
            self.show()

    # ---------------------------------------------------------------- actions

    def action_back(self) -> None:
        self.go(self.position - 1)

    def action_forward(self) -> None:
        self.go(self.position + 1)

    def action_first(self) -> None:
        self.go(0)

    def action_last(self) -> None:
        self.go(self.last)

    def action_branch(self) -> None:
        if self.position == self.last and self.replay.ending is not None:
            self.notify("This is the ending: step back to the choice you want to make again.")
            return
        self.exit(self.position)
