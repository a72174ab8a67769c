"""Random byte mutations of real save files: they load, or fail with a clear message.

Either way nothing on disk changes: loading never writes.
"""

from __future__ import annotations

import hashlib
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from story_helpers import CAMPAIGN, ROOT

from game.saves.store import SaveError, SaveStore
from game.story.loader import load_story

EXAMPLE = ROOT / "saves" / "examples" / "campaign-historical.json"
STORY = load_story(CAMPAIGN)


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_save_loads_or_says_why(tmp_path, data):
    folder = tmp_path / "saves"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    raw = bytearray(EXAMPLE.read_bytes())
    for _ in range(data.draw(st.integers(1, 5))):
        position = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        if action == "flip":
            raw[position] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del raw[position : position + data.draw(st.integers(1, 64))]
        elif action == "insert":
            raw[position:position] = data.draw(st.binary(min_size=1, max_size=8))
        else:
            del raw[position:]
        if not raw:
            break
    target = folder / "mutant.json"
    target.write_bytes(bytes(raw))
    before = digest(folder)
    try:
        loaded = SaveStore(folder).load(str(target), STORY)
    except SaveError as error:
        message = str(error)
        assert message and "Traceback" not in message
        assert "mutant" in message  # names the file
    else:
        assert loaded.session.story is STORY
        for name, stat in STORY.stats.items():
            assert stat.min <= loaded.session.state.values[name] <= stat.max
    assert digest(folder) == before
