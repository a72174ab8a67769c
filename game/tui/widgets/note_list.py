"""The journal's list of notes, grouped under chapter headings.

An OptionList draws only the lines on screen, so a journal of hundreds of notes opens
and filters at once; each note is one option of several lines: kind and title, text,
sources.
"""

from __future__ import annotations

from functools import lru_cache

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.presentation.chapters import chapter_title
from game.presentation.labels import note_label
from game.story.model import Note, Story
from game.tui.prose import prose_content
from game.tui.widgets.measured import Measured
from game.tui.widgets.note_card import sources_content

KIND_STYLES = {"history": "bold $success", "counterfactual": "bold $accent"}


@lru_cache(maxsize=4096)
def note_prompt(note: Note, text: str) -> Content:
    """Kept per note and text: the same Content keeps the height it was measured at, so
    reopening the journal after a choice measures only the new note, not every one."""
    return Measured(
        Content.assemble(
            (note_label(note), KIND_STYLES.get(note.kind, "bold")),
            " · ",
            (note.title, "bold"),
            "\n",
            prose_content(text),
            "\n",
            sources_content(note),
        )
    )


class NoteList(OptionList):
    DEFAULT_CSS = """
    NoteList {
        height: 1fr;
        border: none;
        background: transparent;
        /* Room for the scrollbar kept from the start: the notes are wrapped at one width,
           not once before the scrollbar appears and again after. */
        scrollbar-gutter: stable;
    }
    NoteList > .option-list--option {
        padding-right: 1;  /* the scrollbar sits inside the list's padding, by the text */
    }
    NoteList > .option-list--option-disabled {
        color: $primary;
        text-style: bold underline;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: list[str] = []  # note ids on show, in order

    def show(self, story: Story, notes: list[Note], texts: dict[str, str]) -> None:
        """`notes` in the order given, under the heading of each one's chapter; `texts`
        holds each one's resolved text (answers.journal_texts)."""
        options: list[Option | None] = []
        self.shown = []
        for chapter in story.chapters:
            here = [note for note in notes if note.chapter == chapter.id]
            if not here:
                continue
            if options:
                options.append(None)
            # "Chapter 2: The Patrol", as the plain journal heads it
            title = chapter_title(story, chapter)
            heading = Option(Content(title), id=f"chapter:{chapter.id}", disabled=True)
            options.append(heading)
            for index, note in enumerate(here):
                if index:
                    options.append(None)  # a rule between notes
                options.append(Option(note_prompt(note, texts[note.id]), id=f"note:{note.id}"))
                self.shown.append(note.id)
        self.set_options(options)
        first = next((i for i, o in enumerate(options) if o is not None and not o.disabled), None)
        self.highlighted = None if first is None else self._index_of(first, options)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Textual scrolls a highlighted note to the top of the list when it is taller than
        the list, as the campaign's are at 80x24: the first note keeps its chapter's
        heading in view above it instead."""
        super().scroll_to_highlight(top)
        if self.highlighted == 1 and self.get_option_at_index(0).disabled:
            self.scroll_home(animate=False, immediate=True)

    @staticmethod
    def _index_of(position: int, options: list[Option | None]) -> int:
        # Separators are not options: count only real options before `position`.
        return sum(1 for option in options[:position] if option is not None)
