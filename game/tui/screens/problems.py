"""What is wrong with the story after an edit, while `play --watch` waits for a fix.

Shown over the game, which stays as it was; the live reloader closes it once the files
load again. `escape` hides it and plays on with the version that last loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.screens.composed import composed

if TYPE_CHECKING:
    from game.story.diagnostics import Diagnostic

RESUMES = "The game resumes where it was as soon as the files are fixed and saved."
NO_GAME = "The story loads as soon as the files are fixed and saved."
PLAY_ON = "escape: play on with the version that last loaded."


def problem_line(diagnostic: Diagnostic) -> Content:
    """`file:line:col: CODE message`, then the hint on a dimmer line of its own."""
    d = diagnostic
    line = Content(f"{d.path}:{d.line}:{d.col}: {d.code} {d.message}")
    if d.hint:
        line = Content.assemble(line, "\n", (f"    hint: {d.hint}", "dim"))
    return line


class ProblemsScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    ProblemsScreen > Vertical {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: thick $error 70%;
        background: $surface;
        padding: 0 1;
    }
    ProblemsScreen #problem-list {
        height: auto;
        max-height: 65vh;
    }
    ProblemsScreen .problem {
        margin-bottom: 1;
    }
    """
    BINDINGS = [Binding("escape", "play_on", "Play on with the last good version")]

    def __init__(
        self, problems: list[Content | str], *, game_in_play: bool, can_play_on: bool
    ) -> None:
        super().__init__()
        self.problems = list(problems)
        self.game_in_play = game_in_play
        self.can_play_on = can_play_on  # False while no version of the story has loaded

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="problems-title", classes="dialog-title", markup=False)
            yield VerticalScroll(id="problem-list")
            yield Static(id="resumes", classes="hint", markup=False)

    def on_mount(self) -> None:
        if not composed(self):
            return
        self.show_problems(self.problems)

    def show_problems(self, problems: list[Content | str]) -> None:
        """Replace the list with the problems of the latest attempt to load."""
        self.problems = list(problems)
        count = len(self.problems)
        self.query_one("#problems-title", Static).update(
            f"The story has {count} error{'' if count == 1 else 's'}"
        )
        listing = self.query_one("#problem-list", VerticalScroll)
        listing.remove_children()
        listing.mount_all(
            Static(Content(p) if isinstance(p, str) else p, classes="problem", markup=False)
            for p in self.problems
        )
        then = RESUMES if self.game_in_play else NO_GAME
        if self.can_play_on:
            then += "\n" + PLAY_ON
        self.query_one("#resumes", Static).update(then)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "play_on":
            return self.can_play_on
        return True

    def action_play_on(self) -> None:
        self.dismiss()
