"""Plain-text renderings of scenes, notes and endings: the plain player's and transcripts'.

Author prose goes through game.presentation.prose, so its Markdown is taken away rather
than printed; every line is wrapped at prose.WIDTH, lists with a hanging indent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from game.engine import reading
from game.engine.comparison import dated_key_decisions, matched_count
from game.engine.rules import Option
from game.engine.state import GameState
from game.presentation import answers
from game.presentation.chapters import chapter_title, chapters_by_place, place_and_date
from game.presentation.labels import ending_title, note_label
from game.presentation.prose import WIDTH, plain_inline, plain_text, wrap_line, wrap_lines
from game.story.dates import format_date
from game.story.model import Chapter, Note, Story

if TYPE_CHECKING:
    from game.presentation.pictures.map import MapPicture


def chapter_heading(story: Story, chapter: Chapter, width: int = WIDTH) -> str:
    lines = [chapter_title(story, chapter), place_and_date(story, chapter)]
    lines.append(f"You are {chapter.viewpoint}." if chapter.viewpoint else "")
    return "\n".join(wrap_line(line, width) for line in lines if line)


def scene_text(story: Story, state: GameState, width: int = WIDTH) -> str:
    scene = story.scenes[state.scene]
    parts = []
    if scene.title:
        parts.append(wrap_line(f"-- {scene.title} --", width))
    text = reading.scene_text(story, state)
    if text:
        parts.append(plain_text(text, width))
    return "\n\n".join(parts)


def option_lines(
    options: list[Option], values: Mapping[str, int | bool], width: int = WIDTH
) -> str:
    lines = []
    for option in options:
        text = plain_inline(option.choice.text.render(values))
        if option.locked:
            lines.append(f"  {option.number}. (locked) {text} -- {option.reason}")
        else:
            lines.append(f"  {option.number}. {text}")
    return wrap_lines("\n".join(lines), width)


def note_text(note: Note, text: str, width: int = WIDTH, heading: str | None = None) -> str:
    """The note in full, `text` resolved (answers.note_shown, answers.journal_texts);
    `heading` replaces its kind's label (answers.note_heading)."""
    label = heading or note_label(note)
    sources = "; ".join(note.sources)
    return "\n".join(
        [
            wrap_line(f"-- {label}: {note.title} --", width),
            plain_text(text, width),
            wrap_line(f"Sources: {sources}", width),
        ]
    )


def note_after_choice(shown: answers.NoteShown, width: int = WIDTH) -> str:
    """The note a choice unlocked: a one-line reminder if read before, else in full."""
    if shown.read_before:
        return wrap_line(shown.reminder, width)
    return note_text(shown.note, shown.text, width, shown.heading)


def recap_text(story: Story, before: GameState, after: GameState, width: int = WIDTH) -> str:
    """The recap shown on the way into a new chapter; empty when there is none."""
    found = answers.recap(story, before, after)
    if found is None:
        return ""
    heading, text = found
    return "\n".join([wrap_line(f"-- {heading} --", width), plain_text(text, width)])


def stats_text(story: Story, values: Mapping[str, int | bool], width: int = WIDTH) -> str:
    label_width = max((len(stat.label) for stat in story.stats.values()), default=0)
    lines = []
    for name, stat in story.stats.items():
        value = values[name]
        lines.append(f"  {stat.label.ljust(label_width)}  {value} of {stat.max}")
    return wrap_lines("\n".join(lines), width)


def ending_text(story: Story, state: GameState, width: int = WIDTH) -> str:
    scene = story.scenes[state.scene]
    ending = scene.ending
    assert ending is not None, "ending_text is for a state at an ending"
    parts = [wrap_line(f"THE END: {ending_title(ending.title, ending.kind)}", width)]
    if not scene.text.empty:
        parts.append(plain_text(reading.scene_text(story, state), width))
    parts.append(plain_text(reading.epilogue_text(story, state), width))
    parted = answers.parted_line(story, state)
    if parted:
        parts.append(wrap_line(parted, width))
    parts.append(path_beside_history(story, state, width))
    if story.notes:
        parts.append(wrap_line(f"Notes unlocked: {len(state.notes)} of {len(story.notes)}.", width))
    return "\n\n".join(parts)


def path_beside_history(story: Story, state: GameState, width: int | None = WIDTH) -> str:
    """The key decisions beside history; `width=None` leaves the wrapping to a widget."""
    dated = dated_key_decisions(story, state)
    if not dated:
        return ""
    matched, reached = matched_count([row for _, row in dated])
    lines = [f"Your path beside history ({matched} of {reached} key decisions as history went):"]
    for date, row in dated:
        where = f"{format_date(date)}, {row.where}"
        if row.player is None:
            lines.append(f"  - {where}: not reached; history: {plain_inline(row.history)}")
            continue
        mark = "as history" if row.matched else "differs"
        lines.append(
            f"  - {where} ({mark}): you chose {quoted(row.player.text.raw)}; "
            f"history: {plain_inline(row.history)}"
        )
    text = "\n".join(lines)
    return wrap_lines(text, width) if width else text


def quoted(text: str) -> str:
    """Author text in quotes, its own full stop dropped: `chose "Stay."; history` not `".;`."""
    words = plain_inline(text)
    return f'"{words[:-1] if words.endswith(".") else words}"'


def map_text(story: Story, state: GameState | None, width: int = 60, height: int = 22) -> str:
    """The map as text, with every place and the chapters that happen there."""
    from game.presentation.pictures.map import CURRENT, MARK, draw_map

    current = story.chapter_of(state.scene).place if state is not None else None
    picture = draw_map(story.places, width, height, current=current)
    lines = picture.lines()
    lines.append("")
    if current in story.places:
        lines.append(f"{CURRENT} you are here: {story.places[current].name}    {MARK} other places")
    lines.append(_places_by_region(story, picture, current, width=WIDTH))
    return "\n".join(lines)


def places_text(story: Story, state: GameState | None, width: int = WIDTH) -> str:
    """The map in words, for screen readers: each region's places and their chapters,
    where you are first named; `map --picture` draws the Braille picture instead."""
    from game.presentation.pictures.map import draw_map

    current = story.chapter_of(state.scene).place if state is not None else None
    picture = draw_map(story.places, 60, 22, current=current)
    lines = []
    if current in story.places:
        lines.append(wrap_line(f"You are at {story.places[current].name}.", width))
    lines.append(_places_by_region(story, picture, current, width))
    return "\n".join(lines)


def _places_by_region(story: Story, picture: MapPicture, current: str | None, width: int) -> str:
    by_place = chapters_by_place(story)
    lines = []
    regions = (
        ("Korea and southern Manchuria:", picture.shown),
        ("Far from Korea:", picture.off_map),
    )
    for heading, places in regions:
        if not places:
            continue
        lines.append(heading)
        for place in places:
            chapters = "; ".join(by_place.get(place.id, [])) or "no chapter"
            here = " (you are here)" if place.id == current else ""
            lines.append(wrap_line(f"  {place.name}{here}: {chapters}", width, hang="      "))
    return "\n".join(lines)
