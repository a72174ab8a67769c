"""A played game as a list of steps: what the replay viewer, `--plain` and exports all show.

Built from a Session (states and outcomes), so it needs no file: a loaded save, a branch
or a game in progress all turn into the same steps.
"""

from __future__ import annotations

from game.engine import reading
from game.engine.rules import available_options
from game.engine.session import Divergence, Session
from game.engine.state import GameState
from game.frozen import frozen
from game.presentation import answers
from game.presentation import text as render
from game.presentation.changes import Change, describe_change
from game.presentation.chapters import chapter_number
from game.presentation.prose import plain_inline, plain_text, wrap_line, wrap_lines
from game.story.model import Chapter, Note, Scene, Story


@frozen
class NotTaken:
    text: str
    locked: str | None  # the author's reason when the choice was shown locked


@frozen
class ReplayStep:
    index: int  # 0-based
    chapter: Chapter
    chapter_number: int  # 1-based, in story order
    new_chapter: bool  # the first step shown in this chapter: transcripts put a heading here
    scene: Scene
    scene_text: str  # the scene's prose as the player read it (stats substituted)
    choice_id: str
    chosen: str
    not_taken: tuple[NotTaken, ...]
    outcome: str
    changes: tuple[Change, ...]  # str() of one is its line with an ASCII arrow
    note: Note | None  # None: the choice shows no note (a page turn, 'note: none')
    historical: bool  # the choice history took
    note_text: str = ""  # the note's text as the choice showed it (answers.note_shown)
    note_heading: str = ""  # 'In history' for a history note once the world left it
    note_read_before: bool = False  # shown as a one-line reminder, not in full
    in_your_story: bool = False  # the outcome is headed 'In your story:'
    recap: str = ""  # the recap shown on the way into this step's chapter, as plain text
    page_turn: bool = False  # a page break's "Continue", not a decision
    made: int = 0  # the choices made up to this step, this one included


@frozen
class Replay:
    story: Story
    session: Session
    steps: tuple[ReplayStep, ...]

    @property
    def final(self) -> GameState:
        return self.session.state

    @property
    def choices(self) -> int:
        """The choices made in the whole game: page turns are not counted."""
        return self.final.choices_made

    @property
    def ending(self) -> Scene | None:
        state = self.final
        return self.story.scenes[state.ending] if state.ending else None

    @property
    def divergence(self) -> Divergence | None:
        return self.session.divergence

    def branch_session(self, position: int) -> Session:
        """A new game at the moment before step `position` (len(steps): where the save ends)."""
        session = Session.from_log(self.story, self.session.seed, self.final.steps[:position])
        session.divergence = None
        return session


def build_replay(session: Session) -> Replay:
    story = session.story
    steps = []
    shown_chapter = None
    for index, outcome in enumerate(session.outcomes):
        before = session.states[index]
        scene = story.scenes[before.scene]
        chapter = story.chapter_index[scene.chapter]
        values = before.values
        not_taken = tuple(
            NotTaken(option.choice.text.render(values), option.reason if option.locked else None)
            for option in available_options(story, before)
            if option.choice.id != outcome.choice.id
        )
        scene_text = reading.scene_text(story, before)
        shown = answers.note_shown(story, outcome, before)
        entering = chapter.id != shown_chapter and index > 0
        steps.append(
            ReplayStep(
                index=index,
                chapter=chapter,
                chapter_number=chapter_number(story, chapter),
                new_chapter=chapter.id != shown_chapter,
                scene=scene,
                scene_text=scene_text,
                choice_id=outcome.choice.id,
                chosen=outcome.choice.text.render(values),
                not_taken=not_taken,
                outcome=outcome.text,
                changes=tuple(describe_change(story, change) for change in outcome.changes),
                note=story.notes.get(outcome.note),
                historical=outcome.choice.historical,
                page_turn=outcome.choice.page_turn,
                made=outcome.state.choices_made,
                note_text=shown.text if shown else "",
                note_heading=shown.heading if shown else "",
                note_read_before=shown is not None and shown.read_before,
                in_your_story=shown is not None and shown.apart,
                recap=render.recap_text(story, session.states[index - 1], before)
                if entering
                else "",
            )
        )
        shown_chapter = chapter.id
    return Replay(story, session, tuple(steps))


def step_label(replay: Replay, step: ReplayStep) -> str:
    """What a step is called in every transcript and the viewer: "Choice 3 of 7", or for a
    page break's Continue (no choice) "A page after choice 3"."""
    if step.page_turn:
        return f"A page after choice {step.made}" if step.made else "A page before any choice"
    return f"Choice {step.made} of {replay.choices}"


# ---------------------------------------------------------------------------- plain text


def step_text(replay: Replay, step: ReplayStep, *, heading: bool = True) -> str:
    """One step as plain text: the viewer's body and `replay --plain` both use this."""
    story = replay.story
    parts = []
    if heading and step.recap:
        parts.append(step.recap)
    if heading and step.new_chapter:
        parts.append(render.chapter_heading(story, step.chapter))
    title = step_label(replay, step)
    if step.scene.title:
        title += f": {step.scene.title}"
    parts.append(wrap_line(f"-- {title} --"))
    if step.scene_text:
        parts.append(plain_text(step.scene_text))
    mark = " (as history went)" if step.historical else ""
    if step.page_turn:
        parts.append(wrap_line("> Continue"))
    else:
        parts.append(wrap_line(f"> You chose: {plain_inline(step.chosen)}{mark}"))
    if step.not_taken:
        lines = ["Not taken:"]
        for other in step.not_taken:
            suffix = f" (locked: {other.locked})" if other.locked else ""
            lines.append(f"  - {plain_inline(other.text)}{suffix}")
        parts.append(wrap_lines("\n".join(lines)))
    if step.outcome and step.in_your_story:
        parts.append(answers.IN_YOUR_STORY + "\n" + plain_text(step.outcome))
    elif step.outcome:
        parts.append(plain_text(step.outcome))
    if step.changes:
        parts.append(wrap_lines("\n".join(f"  ({change})" for change in step.changes)))
    if step.note is not None:
        if step.note_read_before:
            parts.append(wrap_line(answers.reminder(step.note, transcript=True)))
        else:
            parts.append(render.note_text(step.note, step.note_text, heading=step.note_heading))
    return "\n\n".join(parts)


def end_text(replay: Replay) -> str:
    """Where the saved game stops: its ending with the path beside history, or its last scene."""
    state = replay.final
    states = replay.session.states
    recap = render.recap_text(replay.story, states[-2], state) if len(states) > 1 else ""
    if state.ending is not None:
        ending = render.ending_text(replay.story, state)
        return f"{recap}\n\n{ending}" if recap else ending
    scene = replay.story.scenes[state.scene]
    chapter = replay.story.chapter_of(state.scene)
    where = scene.title or state.scene
    parts = [wrap_line(f"The saved game stops here, before a choice: {chapter.title}, {where}.")]
    if replay.divergence is not None:
        parts.append(
            wrap_line(
                f"The rest of the save no longer fits the story: {replay.divergence.describe()}."
            )
        )
    table = render.path_beside_history(replay.story, state)
    if table:
        parts.append(table)
    return "\n\n".join(parts)


def plain_transcript(replay: Replay) -> str:
    story = replay.story
    parts = [story.title]
    if story.subtitle:
        parts.append(story.subtitle)
    if not replay.steps:
        parts.append(render.chapter_heading(story, story.chapter_of(replay.final.scene)))
    parts.extend(step_text(replay, step) for step in replay.steps)
    parts.append(end_text(replay))
    return "\n\n".join(parts) + "\n"
