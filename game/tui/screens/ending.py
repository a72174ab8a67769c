"""The ending: title and epilogue, the path beside history, how the stats moved, the notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine import reading
from game.engine.comparison import KeyDecision, dated_key_decisions, matched_count
from game.presentation import answers
from game.presentation.labels import ending_heading
from game.story.dates import format_date
from game.tui.page_keys import PAGE_BINDINGS, scroll_page
from game.tui.prose import inline_content
from game.tui.screens.composed import composed
from game.tui.widgets.footer import Footer
from game.tui.widgets.prose_view import Prose
from game.tui.widgets.stat_chart import StatChart

if TYPE_CHECKING:
    from textual import getters

    from game.tui.app import DeniableApp

# How each key decision is marked on the path: followed history, parted from it, or never
# reached. The same marks and colours as the timeline screen's choices.
PATH_MARKS = {
    "followed": ("✓", "bold $success", "followed history"),
    "parted": ("✗", "bold $accent", "parted from history"),
    "unreached": ("·", "$text-muted", "not reached"),
}


def path_mark(row: KeyDecision) -> str:
    if not row.reached:
        return "unreached"
    return "followed" if row.matched else "parted"


class PathBesideHistory(Vertical):
    """The player's path as a timeline, with what history did beside each step.

    Author text goes in as Content, never markup: it appears exactly as written.
    """

    DEFAULT_CSS = """
    PathBesideHistory {
        height: auto;
    }
    PathBesideHistory > Horizontal {
        height: auto;
        margin-bottom: 1;
    }
    PathBesideHistory .when {
        width: 14;
        color: $text-muted;
    }
    PathBesideHistory .mark {
        width: 2;
    }
    PathBesideHistory .yours, PathBesideHistory .history {
        width: 1fr;
        height: auto;
        padding-right: 1;
    }
    PathBesideHistory > .header {
        margin-bottom: 0;
    }
    PathBesideHistory > .header > Static {
        text-style: bold underline;
        color: $foreground;
    }
    """

    def __init__(self, rows: list[tuple[str, KeyDecision]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Horizontal(classes="header"):
            yield Static("When", classes="when")
            yield Static("", classes="mark")
            yield Static("Your path", classes="yours")
            yield Static("What history did", classes="history")
        for date, row in self.rows:
            mark, style, verdict = PATH_MARKS[path_mark(row)]
            chose = inline_content(row.player.text.raw) if row.player is not None else ""
            yours = Content.assemble(
                (row.where, "bold"),
                "\n",
                *(chose, "\n") if chose else (),
                (verdict, style),
            )
            with Horizontal(classes=f"step -{path_mark(row)}"):
                yield Static(Content(format_date(date)), classes="when")
                yield Static(Content.styled(mark, style), classes="mark")
                yield Static(yours, classes="yours")
                yield Static(Content(row.history), classes="history")


class EndingScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(DeniableApp)

    CSS_PATH = "ending.tcss"
    BINDINGS = [
        Binding("u", "app.undo", "Undo"),
        Binding("j", "app.journal", "Journal"),
        Binding("h", "app.history", "History"),
        Binding("m", "app.map", "Map", show=False),  # in help and the palette: the footer
        Binding("t", "app.timeline", "Timeline", show=False),  # keeps room for quit and help
        *PAGE_BINDINGS,  # the menu keeps the focus; the page keys scroll the ending
    ]

    def compose(self) -> ComposeResult:
        session = self.app.session
        assert session is not None, "the ending is shown for a game in play"
        story, state = session.story, session.state
        scene = story.scenes[state.scene]
        ending = scene.ending
        assert ending is not None, "the ending screen is shown at an ending"
        text = reading.scene_text(story, state)
        epilogue = reading.epilogue_text(story, state)
        with VerticalScroll(id="ending-page"):
            yield Static(Content(ending.title), id="ending-title")
            if ending.kind:
                yield Static(Content(ending_heading(ending.kind)), id="ending-kind")
            states = session.states
            found = answers.recap(story, states[-2], state) if len(states) > 1 else None
            if found is not None:
                heading, recap = found
                yield Static(Content.assemble((heading, "bold"), "\n", recap), id="recap")
            yield Prose("\n\n".join(t for t in (text, epilogue) if t), id="epilogue")
            parted = answers.parted_line(story, state)
            if parted:
                yield Static(Content(parted), id="parted")
            rows = dated_key_decisions(story, state)
            if rows:
                matched, reached = matched_count([row for _, row in rows])
                yield Static(
                    Content(
                        f"Your path beside history: {matched} of {reached} key decisions "
                        "as history went"
                    ),
                    classes="heading",
                )
                yield PathBesideHistory(rows, id="path")
            if story.stats:
                yield Static(Content("How the stats moved"), classes="heading")
                yield StatChart(story, session.states, id="chart")
            if story.notes:
                yield Static(
                    Content(f"Notes unlocked: {len(state.notes)} of {len(story.notes)}"),
                    id="notes-count",
                )
        yield OptionList(
            Option("New game", id="new"),
            Option("Replay this game", id="replay"),
            Option("Quit", id="quit"),
            id="ending-menu",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if not composed(self):
            return
        menu = self.query_one("#ending-menu", OptionList)
        menu.highlighted = 0
        menu.focus()

    def action_scroll_page(self, direction: int) -> None:
        scroll_page(self.query_one("#ending-page", VerticalScroll), direction)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        app = self.app
        if event.option.id == "new":
            app.new_game()
        elif event.option.id == "replay":
            self.replay()
        else:
            self.run_worker(app.action_quit())

    def replay(self) -> None:
        """Step through this playthrough in the replay viewer, from its autosave."""
        app = self.app
        path = app.kept_game()
        if path is None:
            self.notify("This game could not be saved, so it cannot be replayed.")
            return
        app.replay(path)
