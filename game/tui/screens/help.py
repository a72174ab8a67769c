"""Every key, in one place. `escape` closes it, as it closes every overlay."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.kept_overlays import KeptScreen, focus_afresh
from game.tui.screens.composed import composed

KEYS = (
    ("Playing", None),
    ("1 – 9", "make the numbered choice"),
    ("↑ ↓, Enter", "move through the choices and choose"),
    ("mouse", "click a choice"),
    ("Enter", "continue after the note card"),
    ("PgUp, PgDn", "scroll the scene's text, or the ending, when longer than the screen"),
    ("u", "undo the last choice (as often as you like)"),
    ("h", "history: the playthrough so far; pick a choice to rewind to it"),
    ("j", "journal: every note unlocked so far, with a filter"),
    ("n", "show or hide the side panel (stats and chapters)"),
    ("m", "the map: where the story happens; the chapter's place is marked"),
    ("t", "the timeline, year by year: facts, chapters, your choices; Enter reads one"),
    ("Saving", None),
    ("s", "save to a named slot"),
    ("l", "load a save"),
    ("d", "in the save and load lists: delete the highlighted save"),
    ("", "the game autosaves after every choice and when you quit"),
    ("Everywhere", None),
    ("?", "this help"),
    ("ctrl+p", "the command palette: new game, save, load, journal, map, timeline, theme…"),
    ("escape", "close any overlay"),
    ("ctrl+q, ctrl+c", "autosave and quit"),
    ("Title screen", None),
    ("n, c, l, j", "new game, continue, load, journal"),
    ("m, t", "the map and the timeline, on the title and at the ending too"),
    ("Replaying a saved game", None),
    ("← →", "the step before and the step after"),
    ("Home, End", "the first step and the last"),
    ("b", "play on from the step on show, as a new game with a save of its own"),
    ("escape, q", "back to the title"),
)


def keys_table() -> Table:
    """Two columns that wrap on their own, so the help reads well down to 60 columns."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column("key", style="bold", no_wrap=True, min_width=10)
    table.add_column("what it does", ratio=1)
    for key, meaning in KEYS:
        if meaning is None:
            if table.row_count:
                table.add_row(Text(""), Text(""))
            table.add_row(Text(key, style="bold underline"), Text(""))
        else:
            table.add_row(Text(key), Text(meaning))
    return table


class HelpScreen(ModalScreen[None], KeptScreen):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def on_mount(self) -> None:
        self.ready = composed(self)

    def reopen(self) -> bool:
        """Opened again (tui/kept_overlays.py): scrolled to the top, as a new help opens."""
        if not self.ready:
            return False
        dialog = self.query_one(VerticalScroll)
        dialog.scroll_to(0, 0, animate=False, immediate=True)
        focus_afresh(self, dialog)
        return True

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            yield Static(keys_table(), id="keys")
            yield Static("escape closes this help", classes="hint")
