"""The journal: every note unlocked so far, by chapter, with a filter and what is still locked."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.engine.state import GameState
from game.story.model import Note, Story
from game.tui.widgets.note_card import NoteCard, note_label


def matches(note: Note, words: list[str]) -> bool:
    """Every word of the filter appears somewhere in the note (title, text, kind, sources)."""
    haystack = " ".join((note.title, note.text, note_label(note), *note.sources)).casefold()
    return all(word in haystack for word in words)


def count_line(story: Story, unlocked: int, shown: int | None = None) -> str:
    total = len(story.notes)
    line = f"{unlocked} of {total} notes unlocked; {total - unlocked} still locked."
    if shown is not None and shown != unlocked:
        line += f" Showing {shown}."
    return line


class JournalScreen(ModalScreen[None]):
    CSS_PATH = "journal.tcss"
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, story: Story, state: GameState | None) -> None:
        super().__init__()
        self.story = story
        self.unlocked = list(state.notes) if state is not None else []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Journal", classes="dialog-title")
            yield Input(placeholder="Filter: type to narrow the notes", id="filter")
            with VerticalScroll(id="notes"):
                for chapter in self.story.chapters:
                    notes = [
                        self.story.notes[n]
                        for n in self.unlocked
                        if self.story.notes[n].chapter == chapter.id
                    ]
                    if not notes:
                        continue
                    yield Static(
                        Content(chapter.title), classes="chapter", name=chapter.id, markup=False
                    )
                    for note in notes:
                        yield NoteCard(note, name=chapter.id)
                yield Static(self._empty_text(), id="empty", markup=False)
            yield Static(count_line(self.story, len(self.unlocked)), id="count", markup=False)

    def _empty_text(self) -> str:
        if not self.unlocked:
            return "The journal is empty: a note unlocks with every choice you make."
        return "No note matches the filter."

    def on_mount(self) -> None:
        self.query_one("#empty").display = not self.unlocked
        self.query_one("#filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    def apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        shown = 0
        visible_chapters = set()
        for card in self.query(NoteCard):
            card.display = matches(card.note, words)
            if card.display:
                shown += 1
                visible_chapters.add(card.name)
        for heading in self.query(".chapter"):
            heading.display = heading.name in visible_chapters
        self.query_one("#empty").display = shown == 0
        self.query_one("#count", Static).update(
            Content(count_line(self.story, len(self.unlocked), shown if words else None))
        )
