"""Choices, effects, random draws and endings: the functions the interfaces call."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator

from game.engine.grown_set import GrownSet
from game.engine.reading import leaves_history, outcome_context
from game.engine.state import GameState, Step, StepLog
from game.frozen import frozen
from game.story.model import Branch, Choice, Effect, Story


class ChoiceUnavailable(ValueError):
    """The choice does not exist here, is locked, or was a once-only choice already made."""


@frozen
class Option:
    choice: Choice
    number: int  # 1-based position among the options shown
    locked: bool
    reason: str = ""

    @property
    def available(self) -> bool:
        return not self.locked


@frozen
class EffectChange:
    target: str
    before: int | bool
    after: int | bool


@frozen
class Outcome:
    state: GameState
    choice: Choice
    text: str
    note: str
    changes: tuple[EffectChange, ...]
    branch: int | None
    scene: str
    ending: str | None


def new_game(story: Story, seed: int = 0) -> GameState:
    start = story.start
    return GameState(
        seed=seed,
        scene=start,
        values=story.initial_values(),
        visited=GrownSet((start,)),
        chosen=GrownSet(),
        steps=StepLog(),
        notes=(),
        ending=start if story.scenes[start].ending is not None else None,
    )


def available_options(story: Story, state: GameState) -> list[Option]:
    """Choices the player sees here: open ones, and locked ones with their reason."""
    if state.ending is not None:
        return []
    options: list[Option] = []
    values, visited, chosen = state.values, state.visited, state.chosen
    for choice in story.scenes[state.scene].choices:
        if choice.once and choice.full_id in chosen:
            continue
        if choice.condition is not None and not choice.condition.evaluate(values, visited, chosen):
            if choice.locked is None:
                continue
            options.append(Option(choice, len(options) + 1, True, choice.locked))
        else:
            options.append(Option(choice, len(options) + 1, False))
    return options


def is_open(story: Story, state: GameState, choice: Choice) -> bool:
    if state.ending is not None or choice.scene != state.scene:
        return False
    if choice.once and choice.full_id in state.chosen:
        return False
    cond = choice.condition
    return cond is None or bool(cond.evaluate(state.values, state.visited, state.chosen))


def draw_branch(branches: tuple[Branch, ...], seed: int, step: int) -> int:
    """The branch a random choice takes: fixed by the game's seed and the step number."""
    rng = random.Random(f"{seed}:{step}")
    weights = [branch.weight for branch in branches]
    return rng.choices(range(len(branches)), weights=weights)[0]


def _apply(
    story: Story,
    effects: tuple[Effect, ...],
    values: dict[str, int | bool],
    state: GameState,
    changes: list[EffectChange],
) -> None:
    for effect in effects:
        if effect.unless_visited is not None and effect.unless_visited in state.visited:
            continue  # an on_first_arrival effect, and the scene was visited before
        target = effect.target
        before = values[target]
        if effect.kind == "flag":
            after = effect.value
        else:
            amount = (
                effect.value
                if effect.expression is None
                else effect.expression.evaluate(values, state.visited, state.chosen)
            )
            after = amount if effect.kind == "set" else before + amount
            stat = story.stats[target]
            after = min(stat.max, max(stat.min, after))
        values[target] = after
        if after != before and not effect.quiet:
            changes.append(EffectChange(target, before, after))


def choose(
    story: Story,
    state: GameState,
    choice_id: str,
    draw: int | None = None,
    logged: Step | None = None,
) -> Outcome:
    """Make a choice; `draw` replays a recorded random branch instead of drawing anew.

    `logged` is the step a replay is following: the new log keeps that very object when it
    says the same, so replaying a long save allocates no step of its own.
    """
    scene = story.scenes[state.scene]
    choice = next((c for c in scene.choices if c.id == choice_id), None)
    if choice is None:
        raise ChoiceUnavailable(f"scene {state.scene!r} has no choice {choice_id!r}")
    if not is_open(story, state, choice):
        reason = choice.locked or "not available now"
        raise ChoiceUnavailable(f"choice {choice.full_id!r} is locked: {reason}")
    # A state's values are never changed once it exists, so a step without effects shares
    # them: a long log of such steps costs no dict per step.
    values = state.values
    changes: list[EffectChange] = []
    if choice.effects:
        values = dict(values)
        _apply(story, choice.effects, values, state, changes)
    context = None  # worked out from the log only when an outcome has variants
    if choice.outcome.prose.static is None:
        context = outcome_context(story, state, choice, values)
    texts = [choice.outcome.resolve(context)]
    branch_index = None
    target = choice.goto
    if choice.branches:
        if draw is None:
            branch_index = draw_branch(choice.branches, state.seed, len(state.steps))
        elif 0 <= draw < len(choice.branches):
            branch_index = draw
        else:
            raise ChoiceUnavailable(f"choice {choice.full_id!r} has no random branch {draw}")
        branch = choice.branches[branch_index]
        if branch.effects:
            values = dict(values) if values is state.values else values
            _apply(story, branch.effects, values, state, changes)
        if branch.outcome is not None:
            if context is None and branch.outcome.prose.static is None:
                context = outcome_context(story, state, choice, values)
            texts.append(branch.outcome.resolve(context))
        target = branch.goto
    assert target is not None, "the loader gives every choice a goto or random branches"
    next_scene = story.scenes[target]
    note = choice.note
    notes = state.notes if not note or note in state.notes else state.notes + (note,)
    new_state = GameState(
        seed=state.seed,
        scene=target,
        values=values,
        visited=state.visited.plus(target),
        chosen=state.chosen.plus(choice.full_id),
        steps=state.steps.plus(
            logged
            if logged is not None
            and logged.draw == branch_index
            and logged.choice == choice.id
            and logged.scene == state.scene
            else Step(state.scene, choice.id, branch_index)
        ),
        notes=notes,
        ending=target if next_scene.ending is not None else None,
        diverged=state.diverged
        if state.diverged is not None or not leaves_history(story, choice)
        else len(state.steps),
    )
    return Outcome(
        state=new_state,
        choice=choice,
        text=texts[0] if len(texts) == 1 else "\n\n".join(t for t in texts if t),
        note=choice.note,
        changes=tuple(changes),
        branch=branch_index,
        scene=target,
        ending=new_state.ending,
    )


class ReplayDiverged(ValueError):
    """A logged step no longer fits the story; `index` is the 0-based step that failed."""

    def __init__(self, index: int, step: Step, reason: str, state: GameState):
        super().__init__(f"step {index + 1} ({step.scene}, choice {step.choice!r}): {reason}")
        self.index = index
        self.step = step
        self.reason = reason
        self.state = state  # the state after the last step that still fitted


def replay_outcomes(story: Story, seed: int, steps: Iterable[Step]) -> Iterator[Outcome]:
    """Each outcome of a choice log played from the start: the one replay of the engine.

    Raises ReplayDiverged at the first step that no longer fits the story; the outcomes
    yielded before it still stand. Each step costs the same however long the log is.
    """
    state = new_game(story, seed)
    for index, step in enumerate(steps):
        outcome = replay_step(story, state, index, step)
        state = outcome.state
        yield outcome


def replay_step(story: Story, state: GameState, index: int, step: Step) -> Outcome:
    """Step `index` of a choice log, played in `state`; ReplayDiverged if it no longer fits
    (a replay from the start, or the playtest's walk of many logs sharing beginnings)."""
    if step.scene != state.scene:
        if step.scene not in story.scenes:
            reason = f"scene {step.scene!r} no longer exists"
        else:
            reason = f"the story now leads to {state.scene!r} instead of {step.scene!r}"
        raise ReplayDiverged(index, step, reason, state)
    try:
        return choose(story, state, step.choice, step.draw, step)
    except ChoiceUnavailable as exc:
        raise ReplayDiverged(index, step, str(exc), state) from None


def replay(story: Story, seed: int, steps: Iterable[Step]) -> GameState:
    """Play a choice log from the start; raise ReplayDiverged where it stops fitting."""
    state = new_game(story, seed)
    for outcome in replay_outcomes(story, seed, steps):
        state = outcome.state
    return state


def values_after(
    story: Story, state: GameState, effects: tuple[Effect, ...]
) -> dict[str, int | bool]:
    """The stats and flags after `effects` in `state`: what a choice's own outcome reads,
    before a random branch's effects (the playtest's variant tally replays this)."""
    values = dict(state.values)
    _apply(story, effects, values, state, [])
    return values
