"""After a replay: does the rebuilt game match what was saved, and if not, from which step?

Each step of a save records a short digest of the state it led to, so a difference is
pinned to the first step where the replay and the save part, not just noticed at the end.
Stats or flags the story has gained since are ignored; the player never saw them.
"""

from __future__ import annotations

from game.engine.session import Session
from game.frozen import frozen
from game.saves.format import SaveData, state_check
from game.story.model import Story


@frozen
class Mismatch:
    """The log replays, but the state it gives differs from the one saved."""

    index: int | None  # 0-based step after which the states first differ; None if unknown
    scene: str | None
    choice: str | None
    differences: tuple[str, ...]

    def describe(self) -> str:
        where = ""
        if self.index is not None:
            where = f" from step {self.index + 1} ({self.scene}, choice {self.choice!r})"
        what = "; ".join(self.differences) if self.differences else "the state differs"
        return f"the replayed game differs from the saved one{where}: {what}"


def _label(story: Story, key: str) -> str:
    if key in story.stats:
        return story.stats[key].label
    if key in story.flags:
        return f"flag {key!r}"
    return repr(key)


def differences(story: Story, data: SaveData, session: Session) -> list[str]:
    """What the player would see differ between the snapshot and the replayed state."""
    snap, state = data.snapshot, session.state
    found = []
    if snap.scene != state.scene:
        found.append(f"saved at scene {snap.scene}, replay reaches {state.scene}")
    elif snap.ending != state.ending:
        found.append(f"saved ending {snap.ending}, replay ending {state.ending}")
    for key, saved in snap.values.items():
        if key in state.values and state.values[key] != saved:
            now = state.values[key]
            found.append(f"{_label(story, key)} was {_show(saved)} when saved, is {_show(now)} now")
    if set(snap.notes) != set(state.notes):
        lost = [n for n in snap.notes if n not in state.notes]
        gained = [n for n in state.notes if n not in snap.notes]
        if lost:
            found.append("notes no longer unlocked: " + ", ".join(lost))
        if gained:
            found.append("notes now unlocked: " + ", ".join(gained))
    return found


def _show(value: int | bool) -> str:
    if isinstance(value, bool):
        return "set" if value else "unset"
    return str(value)


def compare(story: Story, data: SaveData, session: Session) -> Mismatch | None:
    """None when the replay gives what was saved (up to any divergence, which is told apart)."""
    keys = list(data.snapshot.values)
    first = None
    if all(key in session.state.values for key in keys):
        replayed = session.states[1:]
        # States of a long log repeat (steps without effects share their values): the
        # digest of each distinct state is computed once. The states keep `values` alive,
        # so its id stays theirs.
        digests: dict[tuple[str, str | None, int, tuple[str, ...]], str] = {}
        for index, (check, state) in enumerate(zip(data.checks, replayed, strict=False)):
            if check is None:
                continue
            seen = (state.scene, state.ending, id(state.values), state.notes)
            digest = digests.get(seen)
            if digest is None:
                digest = digests[seen] = state_check(state, keys)
            if check != digest:
                first = index
                break
    found = differences(story, data, session) if session.divergence is None else []
    if first is None and not found:
        return None
    if first is None:
        return Mismatch(None, None, None, tuple(found))
    step = data.steps[first]
    return Mismatch(first, step.scene, step.choice, tuple(found))
