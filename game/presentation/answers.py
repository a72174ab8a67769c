"""How the interfaces answer the player's own path: a history note in a world that has
left history, a note read twice, where the path parted, and a chapter's recap.

Every interface (plain player, transcripts, TUI) asks these, so they all say the same.
"""

from __future__ import annotations

from game.engine import reading
from game.engine.rules import Outcome, ReplayDiverged, new_game, replay_outcomes
from game.engine.state import GameState
from game.frozen import frozen
from game.presentation.chapters import chapter_number
from game.presentation.labels import note_label
from game.presentation.prose import plain_inline
from game.story.dates import format_date
from game.story.model import Note, Story

IN_HISTORY = "In history"  # a history note's heading once the world has left history
IN_YOUR_STORY = "In your story:"  # the outcome's heading above such a note


def apart_from_history(note: Note, after: GameState) -> bool:
    """True for a history note read after the world left history: it is not this story."""
    return note.kind == "history" and after.diverged is not None


def note_heading(note: Note, after: GameState | None = None) -> str:
    """'What really happened', or 'In history' where the player's world went elsewhere."""
    if after is not None and apart_from_history(note, after):
        return IN_HISTORY
    return note_label(note)


def read_before(note: Note, before: GameState) -> bool:
    """True when this playthrough has already unlocked (and shown) the note."""
    return note.id in before.notes


def reminder(note: Note, *, transcript: bool = False) -> str:
    """The one line a note read earlier shows instead of its text; the journal keeps it whole
    (a transcript, which has no journal key, shows it whole where it was first unlocked)."""
    where = (
        "It is given in full earlier in this transcript."
        if transcript
        else "It is in the journal, j."
    )
    return f"(Note read before: {note.title}. {where})"


@frozen
class NoteShown:
    """A note as the outcome of a choice shows it: what every interface draws."""

    note: Note
    heading: str  # its kind's label, or 'In history' once the world has left history
    text: str  # resolved at the choice (reading.note_text)
    read_before: bool  # shown as the one-line reminder, not in full
    apart: bool  # a history note after the world left history: see IN_YOUR_STORY

    @property
    def reminder(self) -> str:
        return reminder(self.note)


def note_shown(story: Story, outcome: Outcome, before: GameState) -> NoteShown | None:
    """The note a choice unlocked, as shown after it (None: the choice shows no note).

    `before` is the state the choice was made in: it tells a note read before.
    """
    note = story.notes.get(outcome.note)
    if note is None:
        return None
    return NoteShown(
        note,
        note_heading(note, outcome.state),
        reading.note_text(story, before, outcome.choice, outcome.state),
        read_before(note, before),
        apart_from_history(note, outcome.state),
    )


def journal_texts(story: Story, state: GameState) -> dict[str, str]:
    """Each unlocked note's text as it was shown when the choice unlocked it.

    Notes without variants need nothing more; otherwise the log is replayed once.
    """
    texts = {}
    varying = set()
    for note_id in state.notes:
        static = story.notes[note_id].text.prose.static
        if static is None:
            varying.add(note_id)
        else:
            texts[note_id] = static
    if varying:
        before = new_game(story, state.seed)
        try:
            for outcome in replay_outcomes(story, state.seed, state.steps):
                if outcome.note in varying and outcome.note not in texts:
                    texts[outcome.note] = reading.note_text(
                        story, before, outcome.choice, outcome.state
                    )
                before = outcome.state
        except ReplayDiverged:  # a log the story no longer fits: read them as of now
            pass
        for note_id in varying - texts.keys():
            texts[note_id] = reading.resolve_here(story, state, story.notes[note_id].text)
    return {note_id: texts[note_id] for note_id in state.notes}


def parted_line(story: Story, state: GameState) -> str | None:
    """Where the path left history: step, chapter, scene, its date and the choice."""
    if state.diverged is None or state.diverged >= len(state.steps):
        return None
    step = state.steps[state.diverged]
    scene = story.scenes[step.scene]
    chapter = story.chapter_index[scene.chapter]
    choice = story.choices.get(step.choice_full_id)
    where = chapter.title + (f", {scene.title}" if scene.title else "")
    chose = f': you chose "{plain_inline(choice.text.raw).rstrip(".")}"' if choice else ""
    return (
        f"Your path parted from history at step {state.diverged + 1} "
        f"({where}, {format_date(scene.date)}){chose}."
    )


def recap(story: Story, before: GameState, after: GameState) -> tuple[str, str] | None:
    """(heading, text) of the recap of the chapter the player has just entered, or None.

    Resolved like scene text (reading.resolve_here), against the state entering it.
    """
    left = story.chapter_of(before.scene)
    entered = story.chapter_of(after.scene)
    if left.id == entered.id or entered.recap is None:
        return None
    text = reading.resolve_here(story, after, entered.recap).strip()
    if not text:
        return None
    return f"Chapter {chapter_number(story, left)} recap", text
