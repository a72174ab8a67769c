"""What prose reads at a moment of play: the Context of a state, worked out from its log.

Everything here is a function of the choice log, so variants chosen after undo, after a
load (a replay of the log) and in every interface are the same. A scene is visited once
for each time it is entered: the start, then the scene each step led to.

The world "follows history" until the first step that leaves it: a key decision the
player took against history (a choice not marked `historical` in a `key` scene), or a
choice the author marks `diverges: true`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from game.engine.state import GameState, Step
from game.story.model import Choice, Story, Template
from game.story.prose_tree import Context


def visit_counts(state: GameState) -> Counter[str]:
    """How many times each scene has been entered, this scene's current visit included."""
    counts = state.steps.scene_counts()
    counts[state.scene] += 1
    return counts


def leaves_history(story: Story, choice: Choice) -> bool:
    """Whether making this choice takes the world off history's path."""
    return choice.diverges or (story.scenes[choice.scene].key and not choice.historical)


def diverged_at(story: Story, steps: Iterable[Step]) -> int | None:
    """The index of the step where the world left history, or None while it follows it."""
    for index, step in enumerate(steps):
        choice = story.choices.get(step.choice_full_id)
        if choice is not None and leaves_history(story, choice):
            return index
    return None


def context_of(story: Story, state: GameState) -> Context:
    """The Context prose of the state's scene (its text, an epilogue) is resolved in."""
    counts = visit_counts(state)
    return Context(
        state.values,
        chosen=state.chosen,
        visits=counts,
        here=counts[state.scene],
        diverged=state.diverged is not None,
    )


def outcome_context(
    story: Story, state: GameState, choice: Choice, values: Mapping[str, int | bool]
) -> Context:
    """The Context of a choice's outcome: still in the state's scene, the choice made.

    `values` are the stats and flags after the choice's effects.
    """
    counts = visit_counts(state)
    return Context(
        values,
        chosen=state.chosen | {choice.full_id},
        visits=counts,
        here=counts[state.scene],
        diverged=state.diverged is not None or leaves_history(story, choice),
    )


def resolve_here(story: Story, state: GameState, text: Template) -> str:
    """Prose of the state's scene; the log is read only when the prose has variants."""
    if text.prose.static is not None:
        return text.prose.static
    return text.resolve(context_of(story, state))


def note_text(story: Story, before: GameState, choice: Choice, after: GameState) -> str:
    """A note's text as the choice that unlocked it shows it: read like that choice's
    outcome (still in its scene, the choice made), with the stats and flags after all its
    effects. The journal shows it the same way, from the same step of the log."""
    note = story.notes[choice.note]
    if note.text.prose.static is not None:
        return note.text.prose.static
    return note.text.resolve(outcome_context(story, before, choice, after.values))


def scene_text(story: Story, state: GameState) -> str:
    return resolve_here(story, state, story.scenes[state.scene].text)


def epilogue_text(story: Story, state: GameState) -> str:
    """The ending's epilogue; empty when the state is not at an ending."""
    scene = story.scenes[state.scene]
    if scene.ending is None:
        return ""
    return resolve_here(story, state, scene.ending.epilogue)
