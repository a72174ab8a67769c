"""The story map reads well when drawn: one font, coloured endings and key decisions, and
self-loops whose labels do not sit on top of each other."""

from __future__ import annotations

import re

from authoring_stories import choice, scene, write
from story_helpers import FEATURE_TOUR

from game.authoring.storymap import to_dot, to_mermaid
from game.story.loader import load_story


def test_dot_sets_one_font_for_clusters_nodes_and_edges():
    dot = to_dot(load_story(FEATURE_TOUR))
    for scope in ("graph", "node", "edge"):
        assert re.search(rf'^  {scope} \[.*fontname="Helvetica"', dot, re.MULTILINE), scope


def test_dot_colours_endings_by_kind_and_key_decisions():
    dot = to_dot(load_story(FEATURE_TOUR))
    historical = re.search(r'"two\.end-history" \[(.*)\];', dot).group(1)
    counterfactual = re.search(r'"two\.end-exposed" \[(.*)\];', dot).group(1)
    key = re.search(r'"airfield\.briefing" \[(.*)\];', dot).group(1)
    plain = re.search(r'"airfield\.hangar" \[(.*)\];', dot).group(1)
    fills = [
        re.search(r'fillcolor="([^"]+)"', attrs) for attrs in (historical, counterfactual, key)
    ]
    assert all(fills) and len({fill.group(1) for fill in fills}) == 3
    assert "fillcolor" not in plain  # ordinary scenes keep the default fill


def test_mermaid_draws_one_loop_per_scene_carrying_every_label(tmp_path):
    folder = write(
        tmp_path,
        scene(
            "start",
            choice("ask", "start", once=True),
            choice("wait", "start", once=True),
            choice("go", "end"),
        )
        + scene("end", ending="Out"),
    )
    mermaid = to_mermaid(load_story(folder))
    loops = re.findall(r"^  (n\d+) [-=.]+>\|\"(.*)\"\| \1$", mermaid, re.MULTILINE)
    assert len(loops) == 1
    label = loops[0][1]
    assert "Choose ask." in label and "Choose wait." in label
