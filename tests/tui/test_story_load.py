"""The story load that starts with the app: its result however late it is asked for."""

from __future__ import annotations

import threading

import pytest

from game.tui.story_load import Loaded, StoryLoad


def test_wait_gives_nothing_until_the_load_is_done_then_its_result():
    release = threading.Event()
    result = Loaded(story=None, problems=["one"])

    def read() -> Loaded:
        release.wait(5)
        return result

    load = StoryLoad(read)
    load.start()
    assert load.wait(0.01) is None and not load.done
    release.set()
    assert load.wait(5) is result and load.done
    assert load.wait(0) is result, "asked again, the same result"


def test_a_load_that_raised_raises_in_the_thread_that_asks():
    def read() -> Loaded:
        raise RuntimeError("a bug in the loader")

    load = StoryLoad(read)
    load.start()
    with pytest.raises(RuntimeError, match="a bug in the loader"):
        load.wait(5)
