"""The title's words read from story.yaml alone (game/story/framing.py), for the title to
show while the chapters are still checked."""

from __future__ import annotations

from story_helpers import ROOT

from game.story.framing import Framing, read_framing
from game.story.loader import load_story


def test_the_framing_is_the_loaded_storys_own_words():
    campaign = load_story(ROOT / "scenes")
    assert read_framing(ROOT / "scenes") == Framing(
        campaign.title, campaign.subtitle, campaign.intro
    )
    assert read_framing(ROOT / "scenes" / "story.yaml") == read_framing(ROOT / "scenes")


def test_a_manifest_that_cannot_give_a_framing_gives_none(make_story, tmp_path):
    assert read_framing(tmp_path / "nowhere") is None
    folder = make_story({"story.yaml": "story: [unclosed\n"})
    assert read_framing(folder) is None
    folder = make_story({"story.yaml": "story:\n  id: x\n  title: [a, list]\n"})
    assert read_framing(folder) is None
    folder = make_story({"story.yaml": "story:\n  id: x\n  title: T\n  intro: 12\n"})
    assert read_framing(folder) is None
    folder = make_story({"story.yaml": b"story:\n  title: \xff\n"})
    assert read_framing(folder) is None


def test_a_framing_without_subtitle_or_intro_is_empty_there(make_story):
    folder = make_story({"story.yaml": "story:\n  id: x\n  title: T\n  intro: |\n    Once.\n"})
    assert read_framing(folder) == Framing("T", "", "Once.")
