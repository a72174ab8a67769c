"""The replay viewer: step through a saved game, and branch off to play on from any step.

A screen of the game, opened from the title's "Replay a saved game", from the ending's
"Replay this game", or by `deniable replay NAME`. Escape (or q) goes back to where it was
opened from: the title, or the ending (from the command line, the title). `b` saves the
game up to the step on show as a named slot of its own and plays on from there, in this
same app. The steps come from `game.presentation.transcript`; author text goes through the
one prose parse and is shown as Content, never read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.engine import reading
from game.presentation import answers
from game.presentation import text as render
from game.presentation.changes import ARROW
from game.presentation.chapters import chapter_title, numbered_title, place_line
from game.presentation.labels import ending_title, note_label
from game.presentation.transcript import Replay, step_label
from game.story.model import Chapter, Note, Story
from game.tui.prose import inline_content, prose_content
from game.tui.screens.composed import composed
from game.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from textual import getters

    from game.tui.app import DeniableApp

PARTS = ("heading", "scene", "chosen", "not-taken", "outcome", "changes", "note")


def heading_view(story: Story, chapter: Chapter) -> Content:
    return Content.assemble(
        (chapter_title(story, chapter), "bold underline"), "\n", place_line(story, chapter)
    )


def note_view(note: Note, text: str, heading: str = "") -> Content:
    """The step's note, `text` as the choice showed it; `heading` ('In history') replaces
    its kind's label."""
    return Content.assemble(
        (f"{heading or note_label(note)}: {note.title}", "bold"),
        "\n",
        prose_content(text),
        "\n",
        ("Sources: " + "; ".join(note.sources), "italic"),
    )


def ending_view(replay: Replay) -> Content:
    """The ending (or where the save stops) and the player's path beside history."""
    story, state = replay.story, replay.final
    pieces: list[str | Content | tuple[str, str]] = []
    ending = replay.ending
    if ending is not None and ending.ending is not None:
        title = ending_title(ending.ending.title, ending.ending.kind)
        pieces.append((f"THE END: {title}", "bold"))
        if not ending.text.empty:
            pieces += ["\n\n", prose_content(reading.scene_text(story, state))]
        pieces += ["\n\n", prose_content(reading.epilogue_text(story, state))]
        parted = answers.parted_line(story, state)
        if parted:
            pieces += ["\n\n", (parted, "bold")]
    else:
        scene = story.scenes[state.scene]
        where = f"{story.chapter_of(state.scene).title}, {scene.title or state.scene}"
        pieces.append((f"The saved game stops here, before a choice: {where}.", "bold"))
        if replay.divergence is not None:
            pieces.append(f"\n\nThe rest no longer fits the story: {replay.divergence.describe()}.")
    table = render.path_beside_history(story, state, width=None)
    if table:
        heading, _, rest = table.partition("\n")
        pieces += ["\n\n", (heading, "bold"), f"\n{rest}"]
    if story.notes:
        pieces.append(f"\n\nNotes unlocked: {len(state.notes)} of {len(story.notes)}.")
    return Content.assemble(*pieces)


def branch_slot(label: str, position: int) -> str:
    """The slot a branch is saved in: the save's name and the step it leaves from."""
    return f"{label[:50]}, branch at step {position + 1}"


class ReplayScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(DeniableApp)

    """Positions 0..n-1 are the steps; position n is where the save ends (its ending)."""

    CSS = """
    ReplayScreen #position {
        background: $primary-background; color: $text; padding: 0 1; text-style: bold;
    }
    ReplayScreen #body { padding: 0 2; }
    ReplayScreen .part { margin: 1 0 0 0; }
    ReplayScreen #chosen { text-style: bold; color: $accent; }
    ReplayScreen #not-taken { color: $text-muted; }
    ReplayScreen #changes { color: $text-muted; }
    ReplayScreen #note { border-left: thick $secondary; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        # priority: the scrolling body would otherwise take these keys for itself
        Binding("left", "back", "Back", priority=True),
        Binding("right", "forward", "Forward", priority=True),
        # Shown in the help, not the footer: with them there, quit no longer fit at 80.
        Binding("home", "first", "First", priority=True, show=False),
        Binding("end", "last", "Last", priority=True, show=False),
        Binding("b", "branch", "Branch"),
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
    ]

    def __init__(self, replay: Replay, label: str = "", start: int = 0, notice: str = ""):
        super().__init__()
        self.replay = replay
        self.label = label
        self.notice = notice  # what loading had to say (a divergence, a backup used)
        self.position = max(0, min(start, len(replay.steps)))

    @property
    def last(self) -> int:
        return len(self.replay.steps)

    def compose(self) -> ComposeResult:
        yield Static("", id="position", markup=False)
        with VerticalScroll(id="body"):
            for part in PARTS:
                yield Static("", id=part, classes="part", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if not composed(self):
            return
        self.show()
        if self.notice:
            self.notify(self.notice, title="This save and the story", timeout=15, markup=False)

    # ---------------------------------------------------------------- display

    def _set(self, part: str, content: Content) -> None:
        widget = self.query_one(f"#{part}", Static)
        widget.update(content)
        widget.display = bool(content.plain)

    def position_text(self) -> str:
        name = f"{self.label}: " if self.label else ""
        if self.position == self.last:
            total = self.replay.choices
            what = "the ending" if self.replay.ending is not None else "where the save stops"
            return f"{name}{what} (after {total} choice{'' if total == 1 else 's'})"
        step = self.replay.steps[self.position]
        where = numbered_title(step.chapter_number, step.chapter.title)
        if step.scene.title:
            where += f" · {step.scene.title}"
        label = step_label(self.replay, step)
        return f"{name}{label[0].lower()}{label[1:]} · {where}"

    def show(self) -> None:
        self.query_one("#position", Static).update(Content(self.position_text()))
        if self.position == self.last:
            for part in PARTS[1:]:
                self._set(part, Content(""))
            self._set("heading", ending_view(self.replay))
        else:
            step = self.replay.steps[self.position]
            self._set("heading", heading_view(self.replay.story, step.chapter))
            self._set("scene", prose_content(step.scene_text))
            mark = ("  (as history went)", "italic") if step.historical else ""
            chosen = Content.assemble(("You chose: ", "bold"), inline_content(step.chosen), mark)
            if step.page_turn:
                chosen = Content.assemble(("Continue", "bold"))
            self._set("chosen", chosen)
            lines = [Content("Not taken:")] if step.not_taken else []
            for other in step.not_taken:
                locked = f"  (locked: {other.locked})" if other.locked else ""
                lines.append(Content.assemble("  - ", inline_content(other.text), locked))
            self._set("not-taken", Content("\n").join(lines))
            outcome = prose_content(step.outcome)
            if step.outcome and step.in_your_story:
                outcome = Content.assemble((answers.IN_YOUR_STORY, "bold"), "\n", outcome)
            self._set("outcome", outcome)
            changes = "\n".join(f"({change.text(ARROW)})" for change in step.changes)
            self._set("changes", Content(changes))
            note = step.note
            shown = note_view(note, step.note_text, step.note_heading) if note else Content("")
            self._set("note", shown)
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def go(self, position: int) -> None:
        position = max(0, min(position, self.last))
        if position != self.position:
            self.position = position
            self.show()

    # ---------------------------------------------------------------- actions

    def action_back(self) -> None:
        self.go(self.position - 1)

    def action_forward(self) -> None:
        self.go(self.position + 1)

    def action_first(self) -> None:
        self.go(0)

    def action_last(self) -> None:
        self.go(self.last)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_branch(self) -> None:
        """Play on from the step on show as a new game, saved first as a slot of its own."""
        if self.position == self.last and self.replay.ending is not None:
            self.notify("This is the ending: step back to the choice you want to make again.")
            return
        self.app.branch(self.replay.branch_session(self.position), self.label, self.position)
