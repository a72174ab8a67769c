"""The timeline: dated facts, the chapters, and the player's own decisions, in one order."""

from __future__ import annotations

from game.engine.state import GameState
from game.frozen import frozen
from game.presentation.chapters import numbered_title
from game.story.dates import format_date, sort_key
from game.story.model import Story

FIRST_YEAR, LAST_YEAR = 1945, 1960


@frozen
class TimelineEntry:
    date: str
    kind: str  # "fact", "chapter" or "choice"
    text: str
    note: str | None = None  # the note to read for this entry, where there is one
    fact: str | None = None
    historical: bool | None = None  # for choices: did it follow history?
    chapter: str | None = None  # for chapters: the chapter's id

    @property
    def year(self) -> int:
        return sort_key(self.date)[0]

    @property
    def when(self) -> str:
        return format_date(self.date)


_KIND_ORDER = {"chapter": 0, "fact": 1, "choice": 2}


def timeline_entries(story: Story, state: GameState | None = None) -> list[TimelineEntry]:
    """Every dated thing in the story; with a state, the player's choices too."""
    citing: dict[str, str] = {}
    for note in story.notes.values():
        for fact_id in note.facts:
            citing.setdefault(fact_id, note.id)
    entries = [
        TimelineEntry(fact.date, "fact", fact.claim, citing.get(fact.id), fact.id)
        for fact in story.facts.values()
    ]
    entries += [
        TimelineEntry(
            chapter.date, "chapter", numbered_title(index, chapter.title), chapter=chapter.id
        )
        for index, chapter in enumerate(story.chapters, start=1)
    ]
    keys = [sort_key(entry.date) for entry in entries]
    if state is not None:
        # The player's choices in the order they were made: a choice dated only by its
        # month ("July 1950", the middle of it) is never listed before one made earlier
        # on a day of that month ("7 July 1950"), which its month alone sorts after.
        latest = (0, 0, 0)
        for step in state.steps:
            choice = story.choices.get(step.choice_full_id)
            if choice is None or step.page_turn:  # a page break's Continue is no choice
                continue
            # Only where history made a choice of its own can the player follow or part.
            recorded = any(c.historical for c in story.scenes[step.scene].choices)
            date = story.scenes[step.scene].date  # the scene's own date, or its chapter's
            entries.append(
                TimelineEntry(
                    date,
                    "choice",
                    f"You: {choice.text.raw}",
                    choice.note,
                    historical=choice.historical if recorded else None,
                )
            )
            latest = max(latest, sort_key(date))
            keys.append(latest)
    # Stable sort: within a date, chapters first, then facts, then the player's choices
    # in the order they were made.
    order = sorted(range(len(entries)), key=lambda i: (keys[i], _KIND_ORDER[entries[i].kind]))
    return [entries[i] for i in order]


def timeline_text(
    story: Story, state: GameState | None = None, year: int | None = None, width: int = 78
) -> str:
    """The timeline as plain text, for the plain player and transcripts: one `year`, or
    every year; each entry wrapped at `width` under its own words."""
    from game.presentation.prose import plain_inline, wrap_line

    lines = []
    shown = None
    for entry in timeline_entries(story, state):
        if year is not None and entry.year != year:
            continue
        if entry.year != shown:
            shown = entry.year
            heading = str(shown) if shown <= LAST_YEAR else f"{shown} (afterwards)"
            lines.append("")
            lines.append(heading)
        # A chapter's line stands flush left, with no marker a screen reader would read
        # aloud; facts and choices sit under it.
        marker = {"chapter": "", "fact": " - ", "choice": " > "}[entry.kind]
        suffix = ""
        if entry.kind == "choice" and entry.historical is not None:
            suffix = " (as history went)" if entry.historical else " (not as history went)"
        lines.append(
            wrap_line(
                f"{marker}{entry.when}: {plain_inline(entry.text)}{suffix}", width, hang="   "
            )
        )
    return "\n".join(lines).strip()


def timeline_years(story: Story, state: GameState | None = None) -> list[int]:
    """The years the timeline has entries in, in order: the plain player's pages."""
    return sorted({entry.year for entry in timeline_entries(story, state)})
