"""The replay viewer: step through a saved game, and branch off to play on from any step.

A small Textual app of its own, so it starts fast and owns no game rules: it shows the
steps `transcript.build_replay` made. It exits with the position to branch from (an int)
or None. Author text is shown with markup off, so `[aside]` or a stray `[/]` shows as written.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from game.presentation import text as render
from game.presentation.chapters import chapter_title, place_line
from game.presentation.labels import ending_kind, note_label
from game.presentation.transcript import Replay

_STRONG = re.compile(r"\*\*(.+?)\*\*", re.S)
_EM = re.compile(r"(?<![*\w])\*(?![\s*])(.+?)(?<![\s*])\*(?![*\w])", re.S)


def reflow(text: str) -> str:
    """Join each paragraph's lines so the terminal wraps them; keep lists and blank lines."""
    out = []
    for paragraph in text.strip().split("\n\n"):
        lines = paragraph.splitlines()
        if any(line.lstrip().startswith(("- ", "* ", "> ")) for line in lines):
            out.append("\n".join(lines))
        else:
            out.append(" ".join(line.strip() for line in lines))
    return "\n\n".join(out)


def prose(text: str) -> Text:
    """Author prose as styled text: **strong** and *emphasis* shown, nothing else parsed."""
    plain = reflow(text)
    result = Text()
    position = 0
    marks = sorted(
        [(m.start(), 0, m.end(), m.group(1), "bold") for m in _STRONG.finditer(plain)]
        + [(m.start(), 1, m.end(), m.group(1), "italic") for m in _EM.finditer(plain)]
    )
    for start, _, end, inner, style in marks:
        if start < position:
            continue  # an emphasis inside a strong span: keep the outer one
        result.append(plain[position:start])
        result.append(inner, style=style)
        position = end
    result.append(plain[position:])
    return result


def heading_view(story, chapter) -> Text:
    text = Text()
    text.append(chapter_title(story, chapter), style="bold underline")
    text.append(f"\n{place_line(story, chapter)}")
    return text


def note_view(note) -> Text:
    label = note_label(note)
    text = Text()
    text.append(f"{label}: {note.title}", style="bold")
    text.append("\n")
    text.append_text(prose(note.text))
    text.append("\nSources: " + "; ".join(note.sources), style="italic")
    return text


def ending_view(replay: Replay) -> Text:
    """The ending (or where the save stops) and the player's path beside history."""
    story, state = replay.story, replay.final
    text = Text()
    ending = replay.ending
    if ending is not None:
        kind = ending_kind(ending.ending.kind)
        text.append(f"THE END: {ending.ending.title} ({kind})", style="bold")
        if ending.text.parts != ("",):
            text.append("\n\n")
            text.append_text(prose(ending.text.render(state.values)))
        text.append("\n\n")
        text.append_text(prose(ending.ending.epilogue.render(state.values)))
    else:
        scene = story.scenes[state.scene]
        where = f"{story.chapter_of(state.scene).title}, {scene.title or state.scene}"
        text.append(f"The saved game stops here, before a choice: {where}.", style="bold")
        if replay.divergence is not None:
            text.append(f"\n\nThe rest no longer fits the story: {replay.divergence.describe()}.")
    table = render.path_beside_history(story, state)
    if table:
        heading, _, rest = table.partition("\n")
        text.append(f"\n\n{heading}", style="bold")
        text.append(f"\n{rest}")
    text.append(f"\n\nNotes unlocked: {len(state.notes)} of {len(story.notes)}.")
    return text


class ReplayApp(App[int | None]):
    """Positions 0..n-1 are the steps; position n is where the save ends (its ending)."""

    TITLE = "Deniable: replay"
    CSS = """
    #position { background: $primary-background; color: $text; padding: 0 1; text-style: bold; }
    #body { padding: 0 2; }
    .part { margin: 1 0 0 0; }
    #chosen { text-style: bold; color: $accent; }
    #not-taken { color: $text-muted; }
    #changes { color: $text-muted; }
    #note { border-left: thick $secondary; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        # priority: the scrolling body would otherwise take these keys for itself
        Binding("left", "back", "Back", priority=True),
        Binding("right", "forward", "Forward", priority=True),
        Binding("home", "first", "First", priority=True),
        Binding("end", "last", "Last", priority=True),
        Binding("b", "branch", "Branch"),
        Binding("q", "quit", "Quit"),
        Binding("escape", "quit", "Quit", show=False),
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
            for part in ("heading", "scene", "chosen", "not-taken", "outcome", "changes", "note"):
                yield Static("", id=part, classes="part", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        if self.notice:
            self.notify(self.notice, title="This save and the story", timeout=15, markup=False)

    # ---------------------------------------------------------------- display

    def _set(self, part: str, text: str | Text) -> None:
        widget = self.query_one(f"#{part}", Static)
        widget.update(text)
        widget.display = bool(text)

    def position_text(self) -> str:
        total = len(self.replay.steps)
        name = f"{self.label}: " if self.label else ""
        if self.position == total:
            what = "the ending" if self.replay.ending is not None else "where the save stops"
            return f"{name}{what} (after {total} step{'' if total == 1 else 's'})"
        step = self.replay.steps[self.position]
        where = f"Chapter {step.chapter_number}: {step.chapter.title}"
        if step.scene.title:
            where += f" · {step.scene.title}"
        return f"{name}step {self.position + 1} of {total} · {where}"

    def show(self) -> None:
        self.query_one("#position", Static).update(self.position_text())
        if self.position == self.last:
            for part in ("scene", "chosen", "not-taken", "outcome", "changes", "note"):
                self._set(part, "")
            self._set("heading", ending_view(self.replay))
        else:
            step = self.replay.steps[self.position]
            self._set("heading", heading_view(self.replay.story, step.chapter))
            self._set("scene", prose(step.scene_text))
            chosen = Text()
            chosen.append("You chose: ", style="bold")
            chosen.append_text(prose(step.chosen))
            if step.historical:
                chosen.append("  (as history went)", style="italic")
            self._set("chosen", chosen)
            lines = []
            for other in step.not_taken:
                locked = f"  (locked: {other.locked})" if other.locked else ""
                lines.append(f"  - {other.text}{locked}")
            self._set("not-taken", "Not taken:\n" + "\n".join(lines) if lines else "")
            self._set("outcome", prose(step.outcome))
            self._set("changes", "\n".join(f"({change})" for change in step.changes))
            self._set("note", note_view(step.note))
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

    def action_branch(self) -> None:
        if self.position == self.last and self.replay.ending is not None:
            self.notify("This is the ending: step back to the choice you want to make again.")
            return
        self.exit(self.position)
