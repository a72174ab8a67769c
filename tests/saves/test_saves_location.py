"""Where saves go: --saves, then DENIABLE_SAVES, then saves/ in a checkout, else user data."""

from __future__ import annotations

from pathlib import Path

from saves_helpers import ROOT

from game.saves import location
from game.saves.location import save_dir


def test_the_option_beats_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DENIABLE_SAVES", str(tmp_path / "env"))
    assert save_dir(tmp_path / "option") == tmp_path / "option"
    assert save_dir(None) == tmp_path / "env"


def test_a_checkout_saves_beside_the_code(monkeypatch):
    monkeypatch.delenv("DENIABLE_SAVES", raising=False)
    assert save_dir(None) == ROOT / "saves"


def test_installed_saves_go_to_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DENIABLE_SAVES", raising=False)
    monkeypatch.setattr("game.story.resources.running_from_checkout", lambda: False)
    monkeypatch.setattr(
        "platformdirs.user_data_path", lambda name, appauthor=None: tmp_path / "data" / name
    )
    assert save_dir(None) == tmp_path / "data" / "deniable" / "saves"


def test_a_blank_environment_variable_is_ignored(monkeypatch):
    monkeypatch.setenv("DENIABLE_SAVES", "  ")
    assert save_dir(None) == ROOT / "saves"


def test_home_is_expanded(monkeypatch):
    monkeypatch.setenv("DENIABLE_SAVES", "~/my-saves")
    assert save_dir(None) == Path.home() / "my-saves"
    assert location.ENV_VAR == "DENIABLE_SAVES"
