"""The note card after every choice and in the journal: what really or might have happened."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from game.presentation.labels import note_label
from game.story.model import Note
from game.tui.widgets.prose_view import Prose


def sources_content(note: Note) -> Content:
    return Content.assemble(("Sources: ", "bold"), "; ".join(note.sources))


class NoteCard(Vertical):
    """A bordered card whose border title names the kind, so it reads before the text."""

    DEFAULT_CSS = """
    NoteCard {
        height: auto;
        border: round $secondary;
        border-title-style: bold;
        padding: 0 1;
        margin: 1 0 0 0;
    }
    NoteCard.-history {
        border: round $success;
        border-title-color: $success;
    }
    NoteCard.-counterfactual {
        border: round $accent;
        border-title-color: $accent;
    }
    NoteCard > .note-title {
        text-style: bold;
    }
    NoteCard > .note-sources {
        color: $text-muted;
    }
    """

    def __init__(self, note: Note | None = None, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.note = note
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(classes="note-title", markup=False)
        yield Prose()
        yield Static(classes="note-sources", markup=False)

    def on_mount(self) -> None:
        if self.note is not None:
            self.show(self.note, self.text)

    def show(self, note: Note, text: str, heading: str = "", reminder: str = "") -> None:
        """`text` is the note's resolved text (game.presentation.answers); `heading`
        replaces the kind's label ('In history'); `reminder` stands in for the whole
        note when it was read before in this playthrough."""
        self.note = note
        self.text = text
        self.border_title = heading or note_label(note)
        self.set_class(note.kind == "history", "-history")
        self.set_class(note.kind == "counterfactual", "-counterfactual")
        self.query_one(".note-title", Static).update(Content(reminder or note.title))
        self.query_one(Prose).show(text)
        self.query_one(Prose).display = not reminder
        self.query_one(".note-sources", Static).update(sources_content(note))
        self.query_one(".note-sources", Static).display = not reminder
