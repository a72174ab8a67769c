"""The timeline, 1945-1960: the dated facts, the chapters and the player's own choices.

Entries come from `game.presentation.pictures.timeline` (the plain player prints the same
list), grouped under their year; Enter on an entry opens its card below the list. A
fact's card always shows the fact, since facts are history; the note that cites it shows
once the player has unlocked it in play, and until then the card says it is not yet found.
"""

from __future__ import annotations

from functools import lru_cache

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.state import GameState
from game.presentation import answers
from game.presentation.pictures.timeline import LAST_YEAR, TimelineEntry, timeline_entries
from game.presentation.pictures.year_axis import year_axis
from game.story.dates import format_date
from game.story.model import Story
from game.tui.kept_overlays import KeptScreen, focus_afresh
from game.tui.screens.composed import composed
from game.tui.widgets.chapter_heading import heading_content
from game.tui.widgets.footer import Footer
from game.tui.widgets.hanging import Hanging
from game.tui.widgets.note_card import NoteCard

MARKERS = {
    "chapter": ("■", "bold $primary"),
    "fact": ("•", "bold $secondary"),
    "followed": ("✓", "bold $success"),
    "parted": ("✗", "bold $accent"),
    "yours": ("›", "bold $foreground"),  # a choice where history made none of its own
}

# Left and Right as one footer entry, "←→ Year", so the footer fits at 60 columns.
YEARS = Binding.Group("Year", compact=True)

NOT_FOUND = "The note on this is not yet found: it unlocks in play."
NO_GAME = "Start a game, and your own choices take their place on the timeline."


def year_heading(year: int) -> str:
    return str(year) if year <= LAST_YEAR else f"{year} · afterwards"


def entry_marker(entry: TimelineEntry) -> tuple[str, str]:
    if entry.kind == "choice":
        verdict = {True: "followed", False: "parted", None: "yours"}[entry.historical]
        return MARKERS[verdict]
    return MARKERS[entry.kind]


@lru_cache(maxsize=4096)
def entry_prompt(entry: TimelineEntry) -> Hanging:
    """Kept per entry, so a reopened timeline measures only the entries that are new. Its
    lines after the first go on under the date, clear of the marker."""
    mark, style = entry_marker(entry)
    text_style = "bold" if entry.kind == "chapter" else ""
    parts: list[tuple[str, str] | str] = [
        (entry.when, "$text-muted"),
        "  ",
        (entry.text, text_style),
    ]
    if entry.kind == "choice" and entry.historical is not None:
        verdict = " · as history went" if entry.historical else " · parted from history"
        parts.append((verdict, style))
    return Hanging(((Content.styled(f"{mark} ", style), Content.assemble(*parts)),))


def legend() -> Content:
    return Content.assemble(
        *(
            piece
            for key, label in (
                ("chapter", "chapter"),
                ("fact", "fact"),
                ("followed", "as history went"),
                ("parted", "parted from history"),
                ("yours", "your choice"),
            )
            for piece in ((f"{MARKERS[key][0]} ", MARKERS[key][1]), f"{label}  ")
        )
    ).rstrip()


class TimelineScreen(KeptScreen):
    CSS_PATH = "timeline.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("t", "dismiss", "Close", show=False),
        # Priority: the list's own (hidden) Left/Right would otherwise stand first in the
        # footer and hide these; the list never scrolls sideways, so nothing is lost.
        Binding("left", "jump_year(-1)", "Year", key_display="←", priority=True, group=YEARS),
        Binding("right", "jump_year(1)", "Year", key_display="→", priority=True, group=YEARS),
    ]

    def __init__(self, story: Story, state: GameState | None) -> None:
        super().__init__()
        self.story = story
        self.state = state
        self.entries = timeline_entries(story, state)
        self._axis_drawn: list[tuple[str, str]] = []  # the axis's lines and styles, drawn

    def compose(self) -> ComposeResult:
        with Vertical(id="timeline-body"):
            yield Static(
                Content.assemble(
                    ("Timeline, 1945–1960", "bold $primary"),
                    ("  Enter reads an entry", "$text-muted"),
                ),
                id="timeline-title",
            )
            yield Static(id="timeline-axis", markup=False)
            yield Static(legend(), id="timeline-legend")
            with Vertical(id="timeline-reading"):
                yield OptionList(*self.options(), id="entries")
                with VerticalScroll(id="entry-card"):
                    yield Static(id="entry-head", markup=False)
                    yield NoteCard(id="entry-note")
                    yield Static(id="entry-hint", markup=False)
        yield Footer(compact=True)

    def options(self) -> list[Option | None]:
        options: list[Option | None] = []
        year = None
        for index, entry in enumerate(self.entries):
            if entry.year != year:
                year = entry.year
                if options:
                    options.append(None)
                options.append(Option(year_heading(year), id=f"year:{year}", disabled=True))
            options.append(Option(entry_prompt(entry), id=f"entry:{index}"))
        return options

    def on_mount(self) -> None:
        if not composed(self):
            return
        self.open_at_start().focus()
        self.ready = True

    def open_at_start(self) -> OptionList:
        """As the timeline opens: the card closed, the first choice highlighted."""
        self.query_one("#entry-card").display = False
        entries = self.query_one("#entries", OptionList)
        first_choice = next((i for i, e in enumerate(self.entries) if e.kind == "choice"), 0)
        if self.entries:
            entries.highlighted = entries.get_option_index(f"entry:{first_choice}")
        return entries

    def reopen(self, story: Story, state: GameState | None) -> bool:
        """Opened again (tui/kept_overlays.py): the entries of `state`, shown as a new
        timeline shows them."""
        if not self.ready or story is not self.story:
            return False
        self.state = state
        self.entries = timeline_entries(story, state)
        # Set again even when the entries are the same: it scrolls the list back to the
        # top and forgets the highlight, as a new list starts.
        self.query_one("#entries", OptionList).set_options(self.options())
        focus_afresh(self, self.open_at_start())
        if self.outer_size.width:  # laid out: else the Resize of its first layout draws it
            self.draw_axis(self.size.width)
        return True

    def on_resize(self, event: events.Resize) -> None:
        """The axis spans the width it is given, so it is drawn again on resize."""
        if not composed(self):
            return
        self.draw_axis(event.size.width)

    def draw_axis(self, width: int) -> None:
        axis = year_axis(self.entries, max(16, width - 4))
        path_style = "bold $accent" if "✗" in axis.path else "bold $success"
        lines = [(axis.chapters, MARKERS["chapter"][1])]
        if axis.path.strip():
            lines.append((axis.path, path_style))
        lines += [(axis.axis, "$text-muted"), (axis.labels, "$text-muted")]
        if lines == self._axis_drawn:  # reopened on the same path: no layout for nothing
            return
        self._axis_drawn = lines
        self.query_one("#timeline-axis", Static).update(
            Content("\n").join(Content.styled(text, style) for text, style in lines)
        )

    def action_jump_year(self, direction: int) -> None:
        """Left and Right: the first entry of the year before or after the highlighted one."""
        entries = self.query_one("#entries", OptionList)
        if not self.entries:
            return
        index = entries.highlighted
        current = entries.get_option_at_index(index).id if index is not None else None
        here = self.entries[int(current.removeprefix("entry:"))] if current else self.entries[0]
        years = sorted({entry.year for entry in self.entries})
        position = years.index(here.year) + direction
        if 0 <= position < len(years):
            first = next(i for i, e in enumerate(self.entries) if e.year == years[position])
            entries.highlighted = entries.get_option_index(f"entry:{first}")
            entries.scroll_to_highlight(top=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("entry:"):
            self.show_entry(self.entries[int(option_id.removeprefix("entry:"))])

    def show_entry(self, entry: TimelineEntry) -> None:
        """The entry's card: the fact or chapter itself, then its note where there is one."""
        head = self.query_one("#entry-head", Static)
        card = self.query_one("#entry-note", NoteCard)
        hint = self.query_one("#entry-hint", Static)
        unlocked = self.state.notes if self.state is not None else ()
        note = self.story.notes.get(entry.note or "")
        if entry.kind == "fact" and entry.fact is not None:
            fact = self.story.facts[entry.fact]
            head.update(
                Content.assemble(
                    (f"{format_date(fact.date)}: ", "bold"),
                    fact.claim,
                    "\n",
                    ("Source: ", "bold"),
                    (fact.source, "$text-muted"),
                )
            )
        elif entry.kind == "chapter" and entry.chapter is not None:
            chapter = self.story.chapter_index[entry.chapter]
            head.update(heading_content(self.story, chapter))
        else:
            head.update(entry_prompt(entry))
        readable = note if note is not None and note.id in unlocked else None
        card.display = readable is not None
        if readable is not None and self.state is not None:  # unlocked: there is a game
            card.show(readable, answers.journal_texts(self.story, self.state)[readable.id])
        message = ""
        if note is not None and readable is None:
            message = NOT_FOUND
        elif entry.kind == "chapter" and self.state is None:
            message = NO_GAME
        hint.update(Content(message))
        hint.display = bool(message)
        box = self.query_one("#entry-card", VerticalScroll)
        box.display = True
        box.scroll_home(animate=False)
        # The list has just lost half its height: keep the chosen entry in sight.
        entries = self.query_one("#entries", OptionList)
        self.call_after_refresh(entries.scroll_to_highlight, top=True)

    def action_close(self) -> None:
        """Escape closes an open card first, then the timeline."""
        box = self.query_one("#entry-card")
        if box.display:
            box.display = False
        else:
            self.dismiss()
