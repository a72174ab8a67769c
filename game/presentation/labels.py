"""The names the interfaces give to kinds of notes and endings: one table for all of them."""

from __future__ import annotations

from game.story.model import Note

NOTE_LABELS = {"history": "What really happened", "counterfactual": "What might have happened"}
ENDING_KINDS = {"historical": "the history that happened", "counterfactual": "a counterfactual"}
ENDING_HEADINGS = {"historical": "As history went", "counterfactual": "A counterfactual ending"}


def note_label(note: Note) -> str:
    """'What really happened' for a history note; a kind with no label shows as its name."""
    return NOTE_LABELS.get(note.kind, note.kind)


def ending_kind(kind: str) -> str:
    """'the history that happened', as in 'THE END: Deniable (the history that happened)'."""
    return ENDING_KINDS.get(kind, kind)


def ending_heading(kind: str) -> str:
    """'As history went': the line the ending screen shows above an ending's title."""
    return ENDING_HEADINGS.get(kind, kind)


def ending_title(title: str, kind: str) -> str:
    """'On board (a counterfactual)'; just the title when the ending has no kind."""
    return f"{title} ({ending_kind(kind)})" if kind else title
