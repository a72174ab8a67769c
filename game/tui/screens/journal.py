"""The journal: every note unlocked so far, by chapter, with a filter and what is still locked."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.engine.state import GameState
from game.presentation import answers
from game.presentation.labels import note_label
from game.story.model import Note, Story
from game.tui.kept_overlays import KeptScreen, focus_afresh
from game.tui.page_keys import PAGE_BINDINGS, scroll_page
from game.tui.screens.composed import composed
from game.tui.widgets.note_list import NoteList

EMPTY = "The journal is empty: a note unlocks with every choice you make."
NO_MATCH = "No note matches the filter."


def matches(note: Note, text: str, words: list[str]) -> bool:
    """Every word of the filter appears somewhere in the note (title, the text as shown,
    kind, sources)."""
    haystack = " ".join((note.title, text, note_label(note), *note.sources)).casefold()
    return all(word in haystack for word in words)


def count_line(story: Story, unlocked: int, shown: int | None = None) -> str:
    total = len(story.notes)
    line = f"{unlocked} of {total} notes unlocked; {total - unlocked} still locked."
    if shown is not None and shown != unlocked:
        line += f" Showing {shown}."
    return line


class JournalScreen(ModalScreen[None], KeptScreen):
    CSS_PATH = "journal.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        *PAGE_BINDINGS,  # the filter keeps the focus; the page keys scroll the notes
    ]

    def __init__(self, story: Story, state: GameState | None) -> None:
        super().__init__()
        self.story = story
        self.unlocked: list[Note] = []
        self.texts: dict[str, str] = {}
        self.take(state)

    def take(self, state: GameState | None) -> None:
        story = self.story
        self.unlocked = [story.notes[n] for n in state.notes] if state is not None else []
        self.texts = answers.journal_texts(story, state) if state is not None else {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Journal", classes="dialog-title")
            yield Input(placeholder="Filter: type to narrow the notes", id="filter")
            yield NoteList(id="notes")
            yield Static(EMPTY, id="empty", markup=False)
            yield Static(count_line(self.story, len(self.unlocked)), id="count", markup=False)

    def on_mount(self) -> None:
        if not composed(self):
            return
        self.apply_filter("")
        self.query_one("#filter", Input).focus()
        self.ready = True

    def reopen(self, story: Story, state: GameState | None) -> bool:
        """Opened again (tui/kept_overlays.py): the notes of `state`, the filter empty and
        focused, as a new journal opens."""
        if not self.ready or story is not self.story:
            return False
        self.take(state)
        typed = self.query_one("#filter", Input)
        if typed.value:  # its Changed filters again, with the same empty filter
            typed.value = ""
        self.apply_filter("")
        focus_afresh(self, typed)
        return True

    def action_scroll_page(self, direction: int) -> None:
        scroll_page(self.query_one(NoteList), direction)

    def on_input_changed(self, event: Input.Changed) -> None:
        # The filter as it stands, not as the message says: a key typed as the journal
        # closed changes the filter then, but its message can arrive after the journal was
        # opened again with the filter emptied, and would filter by that key.
        self.apply_filter(event.input.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(NoteList).focus()  # Enter moves to the notes, to read with the arrows

    def apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        notes = [note for note in self.unlocked if matches(note, self.texts[note.id], words)]
        note_list = self.query_one(NoteList)
        note_list.show(self.story, notes, self.texts)
        note_list.display = bool(notes)
        empty = self.query_one("#empty", Static)
        empty.display = not notes
        empty.update(Content(NO_MATCH if self.unlocked else EMPTY))
        self.query_one("#count", Static).update(
            Content(count_line(self.story, len(self.unlocked), len(notes) if words else None))
        )
