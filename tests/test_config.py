"""config.toml: a few choices made by hand, read by the game, never fatal when wrong."""

from __future__ import annotations

import pytest
from cli_helpers import deniable

from game.config import Config, config_path, load_config


def write(text: str):
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_the_defaults():
    assert load_config() == Config()


def test_init_writes_a_commented_file_the_game_reads_as_defaults_and_never_overwrites():
    first = deniable("config", "--init")
    assert first.returncode == 0, first.stderr
    assert load_config() == Config() and not load_config().problems
    write('panel = "hide"\n')
    again = deniable("config", "--init")
    assert again.returncode == 1 and "exists already" in again.stderr
    assert config_path().read_text() == 'panel = "hide"\n'


def test_each_mistake_names_the_file_and_line_and_keeps_the_rest():
    path = write('theme = "nord"\npanel = "sometimes"\ncolour = 3\n')
    config = load_config()
    assert config.theme == "nord" and config.panel is None
    assert f"{path}:2: panel should be" in config.problems[0]
    assert f"{path}:3: 'colour' is not a setting" in config.problems[1]
    shown = deniable("config")
    assert shown.returncode == 1
    assert "theme = nord" in shown.stdout and "panel = auto" in shown.stdout
    assert f"{path}:2:" in shown.stderr


@pytest.mark.parametrize("text", ["panel = \n", "\xff\xfe", "x" * 70_000])
def test_a_broken_file_falls_back_to_the_defaults_with_a_reason(text):
    write(text)
    config = load_config()
    assert (config.theme, config.panel) == (None, None)
    assert len(config.problems) == 1 and str(config_path()) in config.problems[0]
