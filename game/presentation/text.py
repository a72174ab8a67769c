"""Plain-text renderings of scenes, notes and endings: the plain player's and transcripts'.

Author prose goes through game.presentation.prose, so its Markdown is taken away rather
than printed; every line is wrapped at prose.WIDTH, lists with a hanging indent.
"""

from __future__ import annotations

from game.engine import reading
from game.engine.comparison import key_decisions, matched_count
from game.engine.rules import Option
from game.engine.state import GameState
from game.presentation.chapters import chapter_title, chapters_by_place, place_and_date
from game.presentation.labels import ending_kind, note_label
from game.presentation.prose import WIDTH, plain_inline, plain_text, wrap_line, wrap_lines
from game.story.model import Chapter, Note, Story


def chapter_heading(story: Story, chapter: Chapter) -> str:
    return "\n".join(
        [
            chapter_title(story, chapter),
            place_and_date(story, chapter),
            f"You are {chapter.viewpoint}.",
        ]
    )


def scene_text(story: Story, state: GameState) -> str:
    scene = story.scenes[state.scene]
    parts = []
    if scene.title:
        parts.append(f"-- {scene.title} --")
    text = reading.scene_text(story, state)
    if text:
        parts.append(plain_text(text))
    return "\n\n".join(parts)


def option_lines(options: list[Option], values: dict) -> str:
    lines = []
    for option in options:
        text = plain_inline(option.choice.text.render(values))
        if option.locked:
            lines.append(f"  {option.number}. (locked) {text} -- {option.reason}")
        else:
            lines.append(f"  {option.number}. {text}")
    return wrap_lines("\n".join(lines))


def note_text(note: Note) -> str:
    label = note_label(note)
    sources = "; ".join(note.sources)
    return "\n".join(
        [
            wrap_line(f"-- {label}: {note.title} --"),
            plain_text(note.text),
            wrap_line(f"Sources: {sources}"),
        ]
    )


def stats_text(story: Story, values: dict) -> str:
    width = max((len(stat.label) for stat in story.stats.values()), default=0)
    lines = []
    for name, stat in story.stats.items():
        value = values[name]
        lines.append(f"  {stat.label.ljust(width)}  {value} of {stat.max}")
    return "\n".join(lines)


def ending_text(story: Story, state: GameState) -> str:
    scene = story.scenes[state.scene]
    ending = scene.ending
    parts = [wrap_line(f"THE END: {ending.title} ({ending_kind(ending.kind)})")]
    if not scene.text.empty:
        parts.append(plain_text(reading.scene_text(story, state)))
    parts.append(plain_text(reading.epilogue_text(story, state)))
    parts.append(path_beside_history(story, state))
    parts.append(f"Notes unlocked: {len(state.notes)} of {len(story.notes)}.")
    return "\n\n".join(parts)


def path_beside_history(story: Story, state: GameState, width: int | None = WIDTH) -> str:
    """The key decisions beside history; `width=None` leaves the wrapping to a widget."""
    rows = key_decisions(story, state)
    if not rows:
        return ""
    matched, reached = matched_count(rows)
    lines = [f"Your path beside history ({matched} of {reached} key decisions as history went):"]
    for row in rows:
        if not row.reached:
            lines.append(
                f"  - {row.chapter_title}: not reached. History: {plain_inline(row.history)}"
            )
            continue
        mark = "as history" if row.matched else "differs"
        lines.append(
            f'  - {row.chapter_title} ({mark}): you chose "{plain_inline(row.player.text.raw)}". '
            f"History: {plain_inline(row.history)}"
        )
    text = "\n".join(lines)
    return wrap_lines(text, width) if width else text


def map_text(story: Story, state: GameState | None, width: int = 60, height: int = 22) -> str:
    """The map as text, with every place and the chapters that happen there."""
    from game.presentation.pictures.map import CURRENT, MARK, draw_map

    current = story.chapter_of(state.scene).place if state is not None else None
    picture = draw_map(story.places, width, height, current=current)
    lines = picture.lines()
    lines.append("")
    if current in story.places:
        lines.append(f"{CURRENT} you are here: {story.places[current].name}    {MARK} other places")
    by_place = chapters_by_place(story)
    for heading, places in (("On the map:", picture.shown), ("Far from Korea:", picture.off_map)):
        if not places:
            continue
        lines.append(heading)
        for place in places:
            chapters = "; ".join(by_place.get(place.id, [])) or "no chapter"
            here = " (you are here)" if place.id == current else ""
            lines.append(wrap_line(f"  {place.name}{here}: {chapters}", hang="      "))
    return "\n".join(lines)
