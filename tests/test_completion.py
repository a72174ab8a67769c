"""Shell completion: the script bash runs offers commands, options and story folders."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def complete(tmp_path, words: list[str]) -> list[str]:
    script = subprocess.run(
        [sys.executable, "-m", "game", "completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    (tmp_path / "completion.sh").write_text(script)
    line = " ".join(words)
    probe = (
        f"source completion.sh; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
        f"COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; _shtab_deniable; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = subprocess.run(
        ["bash", "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=30
    )
    return result.stdout.split()


def test_bash_completes_commands_options_and_story_folders(tmp_path):
    (tmp_path / "my-story").mkdir()
    (tmp_path / "my-notes.txt").write_text("")
    assert complete(tmp_path, ["deniable", "pl"]) == ["play", "playtest"]
    assert "--story" in complete(tmp_path, ["deniable", "play", "--st"])
    assert complete(tmp_path, ["deniable", "play", "--story", "my"]) == ["my-story"]
    assert "completion" in complete(tmp_path, ["deniable", "com"])


@pytest.mark.parametrize("shell", ["zsh", "tcsh"])
def test_other_shells_get_a_script_naming_every_command(shell):
    script = subprocess.run(
        [sys.executable, "-m", "game", "completion", shell],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert script.returncode == 0
    for command in ("play", "check", "playtest", "replay", "saves", "serve", "new"):
        assert command in script.stdout
