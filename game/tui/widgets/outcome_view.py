"""What follows a choice: the choice, the outcome, the changes, the note card, Continue."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from game.engine.rules import Outcome
from game.engine.state import GameState
from game.presentation import answers
from game.presentation.changes import ARROW, change_line
from game.story.model import Story
from game.tui.prose import inline_content
from game.tui.widgets.hanging import Hanging
from game.tui.widgets.note_card import NoteCard
from game.tui.widgets.prose_view import Prose


class OutcomeView(Vertical):
    """Shown in place of the scene until the player picks Continue in the choice list."""

    DEFAULT_CSS = """
    OutcomeView {
        height: auto;
        padding: 0 1;
    }
    OutcomeView > #chosen {
        text-style: bold;
        color: $primary;
    }
    OutcomeView > Prose {
        margin: 1 0 0 0;
    }
    /* "In your story:" heads the outcome: the gap goes above it, not between them */
    OutcomeView > #in-your-story {
        margin-top: 1;
    }
    OutcomeView.-apart > Prose {
        margin: 0;
    }
    OutcomeView > #changes {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="chosen", markup=False)
        yield Static(answers.IN_YOUR_STORY, id="in-your-story", markup=False)
        yield Prose(id="outcome")
        yield Static(id="changes", markup=False)
        yield NoteCard(id="note")

    def show(self, story: Story, outcome: Outcome, choice_text: str, before: GameState) -> None:
        """`before` is the state the choice was made in: it tells a note read before."""
        # A choice's later lines go on under its words, not back under the marker.
        self.query_one("#chosen", Static).update(
            Hanging(((Content("> "), inline_content(choice_text)),))
        )
        self.query_one("#outcome", Prose).show(outcome.text)
        changes = self.query_one("#changes", Static)
        changes.update(Content("\n".join(change_line(story, c, ARROW) for c in outcome.changes)))
        changes.display = bool(outcome.changes)
        card = self.query_one(NoteCard)
        card.display = bool(outcome.note)  # a page turn, or a choice with 'note: none'
        shown = answers.note_shown(story, outcome, before)
        apart = shown is not None and shown.apart
        headed = apart and bool(outcome.text)
        self.query_one("#in-your-story", Static).display = headed
        self.set_class(headed, "-apart")
        if shown is not None:
            reminder = shown.reminder if shown.read_before else ""
            card.show(shown.note, shown.text, shown.heading, reminder)
