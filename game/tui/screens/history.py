"""The history: every choice so far with its outcome; picking one rewinds to just before it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.presentation.losses import rewind_undoes
from game.tui.kept_overlays import KeptScreen, focus_afresh
from game.tui.prose import inline_content
from game.tui.screens.composed import composed
from game.tui.screens.confirm import ConfirmScreen
from game.tui.widgets.hanging import Hanging

if TYPE_CHECKING:
    from game.engine.rules import Outcome
    from game.engine.session import Session
    from game.engine.state import GameState
    from game.story.model import Story

OUTCOME_CHARS = 160


def shorten(text: str, limit: int = OUTCOME_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Each row as built, by the outcome it shows: (outcome, state before it, row). A session
# keeps its outcomes, so a history reopened after a choice builds and measures one row.
ROWS_KEPT: dict[int, tuple[Outcome, GameState, Hanging]] = {}
ROWS_KEPT_MAX = 4096


def history_row(story: Story, outcome: Outcome, before: GameState) -> Hanging:
    kept = ROWS_KEPT.get(id(outcome))
    if kept is not None and kept[0] is outcome and kept[1] is before:
        return kept[2]
    scene = story.scenes[before.scene]
    chapter = story.chapter_of(before.scene)
    where = f"{chapter.title} · {scene.title}" if scene.title else chapter.title
    row = Hanging(
        (
            (Content.styled(f"{before.choices_made + 1}. ", "bold"), Content.styled(where, "bold")),
            (Content("   > "), inline_content(outcome.choice.text.render(before.values))),
            (Content("     "), Content.styled(shorten(outcome.text), "italic")),
        )
    )
    if len(ROWS_KEPT) >= ROWS_KEPT_MAX:
        ROWS_KEPT.clear()
    ROWS_KEPT[id(outcome)] = (outcome, before, row)
    return row


def history_rows(session: Session) -> list[tuple[int, Hanging]]:
    """One entry per choice, with its step in the log: number, chapter and scene, what was
    chosen, what followed. A page break's "Continue" is no choice and has no entry."""
    return [
        (index, history_row(session.story, outcome, session.states[index]))
        for index, outcome in enumerate(session.outcomes)
        if not outcome.choice.page_turn
    ]


def hint(rows: list[tuple[int, Hanging]]) -> str:
    return "Pick a choice to rewind to just before it." if rows else "No choices yet."


def options(rows: list[tuple[int, Hanging]]) -> list[Option]:
    return [Option(row, id=str(step)) for step, row in rows]


class HistoryScreen(ModalScreen[int | None], KeptScreen):
    """Dismisses with the 0-based step to rewind to, or None."""

    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        rows = history_rows(self.session)
        with Vertical(classes="dialog"):
            yield Static("History", classes="dialog-title")
            yield Static(hint(rows), classes="hint")
            yield OptionList(*options(rows), id="steps")

    def on_mount(self) -> None:
        if not composed(self):
            return
        self.open_at_start().focus()
        self.ready = True

    def open_at_start(self) -> OptionList:
        """As the history opens: the last choice highlighted."""
        steps = self.query_one("#steps", OptionList)
        if steps.option_count:
            steps.highlighted = steps.option_count - 1
        return steps

    def reopen(self, session: Session) -> bool:
        """Opened again (tui/kept_overlays.py): the choices of `session`, as a new history
        shows them."""
        if not self.ready:
            return False
        self.session = session
        rows = history_rows(session)
        self.query_one(".hint", Static).update(hint(rows))
        # Set again even when the rows are the same: the list back at the top, no highlight.
        self.query_one("#steps", OptionList).set_options(options(rows))
        focus_afresh(self, self.open_at_start())
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:  # every entry has its step as its id
            return
        step = int(event.option.id)
        number = self.session.states[step].choices_made  # choices made before this one

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(step)

        self.app.push_screen(
            ConfirmScreen(
                f"Rewind to just before choice {number + 1}? {rewind_undoes(self.session, step)}",
                yes="Rewind",
            ),
            answered,
        )
