"""Writes the example saves shipped in saves/examples/: real playthroughs of a story.

    python -m game.authoring.examples --story scenes --prefix campaign
    python -m game.authoring.examples --story tests/stories/feature-tour --prefix tour

One save follows history (the historical choice wherever there is one), and one more
reaches each other ending by the shortest way the playtest's proof finds. Run it again
after a story edit that `deniable saves verify --saves saves/examples` reports, once the
change is meant. A writer's tool (it proves paths with the playtest), so it lives in
authoring, which imports saves and never the reverse.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

from game.engine.rules import Option, available_options, choose, new_game
from game.engine.session import Session
from game.engine.state import GameState, Step
from game.saves.store import SaveStore
from game.story.loader import load_story
from game.story.model import Story

MAX_STEPS = 2000
MAX_NODES = 200_000


def _key(state: GameState) -> Hashable:
    return state.scene, tuple(state.values.values()), state.chosen


def _ordered(story: Story, state: GameState) -> list[Option]:
    """Open choices, history's first: examples should stray from history only where needed."""
    options = [o for o in available_options(story, state) if not o.locked]
    return sorted(options, key=lambda option: not option.choice.historical)


def path_to(story: Story, seed: int, goal: Callable[[GameState], bool]) -> list[str] | None:
    """Choice ids from the start to a state where goal(state) holds (depth-first, memoised)."""
    start = new_game(story, seed)
    stack: list[tuple[GameState, list[str]]] = [(start, [])]
    seen = {_key(start)}
    nodes = 0
    while stack:
        state, path = stack.pop()
        if goal(state):
            return path
        if state.ending is not None or len(path) >= MAX_STEPS:
            continue
        nodes += 1
        if nodes > MAX_NODES:
            return None
        for option in reversed(_ordered(story, state)):
            after = choose(story, state, option.choice.id).state
            key = _key(after)
            if key not in seen:
                seen.add(key)
                stack.append((after, [*path, option.choice.id]))
    return None


def historical_path(story: Story, seed: int) -> list[str] | None:
    """History's choice wherever the scene has one; where it has none, the first open one."""
    return path_to(story, seed, lambda state: state.ending is not None)


def ending_paths(story: Story) -> dict[str, tuple[int, list[Step]]]:
    """The shortest playthrough to each ending, from the playtest's proof, with a seed that
    draws its random branches (the draws are recorded in the save either way)."""
    from game.authoring.paths import find_seed
    from game.authoring.prove import prove

    proof = prove(story, 2_000_000)
    found = {}
    for ending in story.endings:
        path = proof.scenes.get(ending.id)
        if path is not None:
            seed = find_seed(story, path)
            steps = [Step(step.scene, step.choice, step.draw) for step in path]
            found[ending.id] = (1 if seed is None else seed, steps)
    return found


def write_examples(story: Story, out: Path, prefix: str, title: str, seed: int = 1) -> list[Path]:
    """The historical path, then the shortest path to every other ending."""
    plans: list[tuple[str, str, Session | None]] = []
    history = historical_path(story, seed)
    historical = _play(story, seed, history) if history is not None else None
    plans.append(("historical", f"{title}: the historical path", historical))
    paths = ending_paths(story)
    for ending in story.endings:
        if historical is not None and ending.id == historical.state.ending:
            continue
        session = None
        if ending.id in paths:
            ending_seed, steps = paths[ending.id]
            session = Session.from_log(story, ending_seed, steps)
        assert ending.ending is not None  # story.endings are the scenes with one
        plans.append((ending.local_id, f"{title}: the ending {ending.ending.title}", session))
    store = SaveStore(out)
    written = []
    for name, slot, session in plans:
        if session is None or session.divergence is not None:
            print(f"no playthrough found for {slot!r}", file=sys.stderr)
            continue
        info = store.save(slot, session)
        target = out / f"{prefix}-{name}.json"
        info.path.replace(target)
        written.append(target)
    for leftover in out.glob("*.bak"):
        leftover.unlink()
    return written


def _play(story: Story, seed: int, path: list[str]) -> Session:
    session = Session(story, seed)
    for choice in path:
        session.choose(choice)
    return session


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.authoring.examples", description=__doc__)
    parser.add_argument("--story", type=Path, required=True)
    parser.add_argument("--prefix", required=True, help="file names start with this")
    parser.add_argument("--title", default=None, help="slot names start with this")
    parser.add_argument("--out", type=Path, default=Path("saves/examples"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    story = load_story(args.story)
    for path in write_examples(story, args.out, args.prefix, args.title or story.title, args.seed):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
