"""Playing found paths as a tree (game/authoring/replays.py) gives, path for path, what
playing each one from the start in the engine gives, refusals included."""

from __future__ import annotations

from collections import Counter

import pytest
from authoring_stories import PassesAfter, random_story

from benchmarks.synthetic import write_story
from game.authoring.explore import explore
from game.authoring.replays import Chain, Layered, LayeredLog, unwind, walk
from game.engine.grown_set import GrownSet
from game.engine.rules import ReplayDiverged, replay
from game.engine.state import GameState, Step, StepLog
from game.story.loader import load_story


def _every_state_as_chain(story) -> list[Chain]:
    """A chain to every state enumeration finds, sharing beginnings as a search's do."""
    found = explore(story, 20_000)
    machine = found.machine
    chains: list[Chain] = []
    for state in range(found.states):
        parent = found.parent[state]
        if parent < 0:
            chains.append(None)
            continue
        item = machine.choices[found.via_choice[state]]
        draw = found.via_edge[state] if item.choice.branches else None
        chains.append((chains[parent], Step(item.choice.scene, item.choice.id, draw)))
    return chains


def _same(a: GameState, b: GameState) -> None:
    assert (a.scene, a.values, a.notes, a.ending, a.diverged) == (
        b.scene,
        b.values,
        b.notes,
        b.ending,
        b.diverged,
    )
    assert list(a.visited) == list(b.visited) and set(a.visited) == set(b.visited)
    assert list(a.chosen) == list(b.chosen) and len(a.chosen) == len(b.chosen)
    assert list(a.steps) == list(b.steps) and len(a.steps) == len(b.steps)
    assert a.steps.choices_made == b.steps.choices_made
    assert a.steps.scene_counts() == b.steps.scene_counts()


def _from_the_start(story, chain: Chain) -> tuple[int | None, GameState]:
    try:
        return None, replay(story, 0, unwind(chain))
    except ReplayDiverged as exc:
        return exc.index, exc.state


@pytest.mark.parametrize("seed", range(6))
def test_the_tree_plays_every_path_as_the_engine_does_from_the_start(tmp_path, seed):
    story = load_story(random_story(tmp_path, seed, scenes=9))
    chains = _every_state_as_chain(story)
    # and paths the engine refuses, with paths that go on past the refusal
    wrong = [(chain, Step(chain[1].scene, chain[1].choice, None)) for chain in chains if chain]
    wrong += [(chain, Step("nowhere", "x", None)) for chain in chains[:5]]
    wrong += [(bad, step) for bad in wrong[:5] for step in {c[1] for c in chains if c}]
    everything = chains + wrong
    played, complete = walk(story, everything, keep={id(c) for c in everything})
    assert complete
    for chain in everything:
        refused, state = _from_the_start(story, chain)
        result = played[id(chain)]
        assert result.refused == refused
        assert result.length == len(unwind(chain))
        if refused is not None:
            assert result.step == unwind(chain)[refused]
        assert result.state is not None
        _same(result.state, state)


def test_each_step_is_played_once_and_counted_for_every_path_through_it(tmp_path):
    story = load_story(random_story(tmp_path, 3, scenes=9))
    chains = _every_state_as_chain(story)
    seen: Counter[int] = Counter()
    times: dict[int, int] = {}

    def on_step(node, before, outcome, paths):
        seen[len(outcome.state.steps)] += 1
        times[id(outcome)] = paths

    walk(story, chains + chains[-3:], on_step=on_step)
    nodes = {id(c) for c in chains if c is not None}
    assert sum(seen.values()) == len(nodes)  # one engine step per node of the tree
    # every path passes the first step of its own: the counts add up to the steps the
    # paths would take one by one
    assert sum(times.values()) == sum(len(unwind(c)) for c in chains + chains[-3:])


def test_a_walk_stops_when_asked_and_leaves_out_what_it_did_not_play(tmp_path):
    story = load_story(random_story(tmp_path, 1, scenes=9))
    chains = _every_state_as_chain(story)
    played, complete = walk(story, chains, stop=PassesAfter(1).passed)
    assert not complete and not played


def test_layered_sets_and_logs_read_as_the_engines_own():
    shared = GrownSet(["a", "b"])
    layered = Layered.over(shared).plus("c").plus("a").plus("d")
    assert list(layered) == ["a", "b", "c", "d"] and len(layered) == 4
    assert layered == frozenset("abcd") and "c" in layered and "e" not in layered
    assert hash(layered) == hash(GrownSet("abcd"))
    deep = layered
    for item in range(40):  # layer upon layer: copied into one now and then
        deep = Layered.over(deep).plus(str(item))
    assert list(deep) == [*"abcd", *map(str, range(40))]
    steps = [Step("s", "go", None), Step("t", "stay", 1), Step("s", "go", None)]
    log = StepLog(steps[:1])
    layered_log = LayeredLog.over(log).plus(steps[1]).plus(steps[2])
    plain = StepLog(steps)
    assert list(layered_log) == steps and layered_log == plain and plain == layered_log
    assert layered_log[1] == steps[1] and layered_log[-1] == steps[2]
    assert layered_log[0:2] == tuple(steps[:2])
    assert layered_log.choices_made == plain.choices_made
    assert layered_log.scene_counts() == plain.scene_counts() == Counter({"s": 2, "t": 1})


@pytest.mark.slow
def test_the_proof_of_a_long_story_plays_its_paths_once_each(tmp_path, monkeypatch):
    """The refinement's paths to 200 scenes share their beginnings: the engine plays each
    step once, where playing each path from the start took the square of the story."""
    import game.engine.rules as rules
    from game.authoring.prove import prove

    story = load_story(write_story(tmp_path / "long", 200, shape="branching"))
    calls = 0
    choose = rules.choose

    def counted(*args, **kwargs):
        nonlocal calls
        calls += 1
        return choose(*args, **kwargs)

    monkeypatch.setattr("game.engine.rules.choose", counted)
    proof = prove(story, 2_000_000, method="refine")
    assert len(proof.scenes) == len(story.scenes)
    # played one by one, each proved path alone took its length in steps
    one_by_one = sum(
        len(found[target]) for found in (proof.scenes, proof.choices) for target in found
    )
    assert calls * 5 < one_by_one  # 4,785 steps against 73,196 (at 300 scenes: 9,821, 164,754)


def test_the_variant_pass_counts_what_the_proofs_paths_show_as_if_played_one_by_one():
    """The text variants' tally plays the proof's paths as one tree: every branch is
    counted as often as playing each path from the start showed it."""
    from story_helpers import ROOT

    from game.authoring.progress import Silent
    from game.authoring.prove import prove
    from game.authoring.variant_targets import Tally

    story = load_story(ROOT / "tests" / "stories" / "answers-back")
    proof = prove(story, 100_000)
    found = [(paths, target) for paths in (proof.scenes, proof.choices) for target in paths]
    one_by_one, as_tree = Tally(story), Tally(story)
    assert one_by_one.sites  # the tour has text variants
    for paths, target in found:
        one_by_one.play(0, paths[target])
    as_tree.play_tree(0, [paths.chain(target) for paths, target in found], Silent())
    assert as_tree.played == one_by_one.played == len(found)
    assert as_tree.counts == one_by_one.counts and sum(as_tree.counts.values()) > 0


@pytest.mark.parametrize("seed", range(3))
def test_the_reports_paths_played_as_a_tree_are_those_played_one_by_one(tmp_path, seed):
    from game.authoring.paths import PathError, replayable, replayables

    story = load_story(random_story(tmp_path, seed, scenes=9))
    chains = _every_state_as_chain(story)
    made = replayables(story, dict(enumerate(chains)))
    assert list(made) == list(range(len(chains)))
    for number, chain in enumerate(chains):
        assert made[number] == replayable(story, unwind(chain))
    wrong = (chains[-1], Step("nowhere", "x", None))
    with pytest.raises(PathError):
        replayables(story, {"ok": chains[-1], "wrong": wrong})
