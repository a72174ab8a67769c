"""The ending: its title and epilogue, the key decisions beside history, the notes found."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.comparison import key_decisions, matched_count
from game.tui.widgets.prose_view import Prose

KIND = {"historical": "As history went", "counterfactual": "A counterfactual ending"}


def decisions_table(story, state) -> Table | None:
    """Rich Text cells, never markup: the author's words appear exactly as written."""
    rows = key_decisions(story, state)
    if not rows:
        return None
    table = Table(expand=True, show_lines=True, header_style="bold")
    table.add_column("Decision", ratio=2)
    table.add_column("You chose", ratio=3)
    table.add_column("History", ratio=3)
    for row in rows:
        where = row.chapter_title + (f": {row.scene.title}" if row.scene.title else "")
        if row.player is None:
            yours = Text("not reached", style="italic")
        else:
            yours = Text(row.player.text.raw)
            yours.append(" ✓ as history" if row.matched else " ✗ differs", style="bold")
        table.add_row(Text(where), yours, Text(row.history))
    return table


class EndingScreen(Screen):
    CSS_PATH = "ending.tcss"
    BINDINGS = [
        Binding("u", "app.undo", "Undo"),
        Binding("j", "app.journal", "Journal"),
        Binding("h", "app.history", "History"),
    ]

    def compose(self) -> ComposeResult:
        session = self.app.session
        story, state = session.story, session.state
        scene = story.scenes[state.scene]
        ending = scene.ending
        text = scene.text.render(state.values)
        epilogue = ending.epilogue.render(state.values)
        with VerticalScroll(id="ending-page"):
            yield Static(Content(ending.title), id="ending-title")
            yield Static(Content(KIND.get(ending.kind, ending.kind)), id="ending-kind")
            yield Prose("\n\n".join(t for t in (text, epilogue) if t), id="epilogue")
            table = decisions_table(story, state)
            if table is not None:
                matched, reached = matched_count(key_decisions(story, state))
                yield Static(
                    Content(
                        f"Your path beside history: {matched} of {reached} key decisions "
                        "as history went"
                    ),
                    classes="heading",
                )
                yield Static(table, id="decisions")
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
        yield Footer()

    def on_mount(self) -> None:
        menu = self.query_one("#ending-menu", OptionList)
        menu.highlighted = 0
        menu.focus()

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
        if not app.autosave():
            self.notify("This game could not be saved, so it cannot be replayed.")
            return
        info = next((i for i in app.store.list() if i.autosave), None)
        if info is None:
            self.notify("The autosave could not be found.", severity="error")
            return
        app.replay(info.path)
