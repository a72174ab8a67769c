"""Install like any Python program: build the wheel, install it into a fresh virtual
environment, and play from a folder outside the checkout.

This proves what a checkout hides: that the campaign ships inside the wheel (as
game/_scenes) and that saves go to the user data folder, not next to the code.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from e2e_helpers import Served, Tab
from story_helpers import CAMPAIGN, FEATURE_TOUR, ROOT

from game.story.loader import check_story

TIMEOUT = 300

# The installed wheel is one module fixture: its tests share one xdist worker, so it is
# built and installed once per run.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("wheel")]


def run(command, *, input_text=None, cwd=None, env=None, timeout=60):
    return subprocess.run(
        [str(part) for part in command],
        input=input_text,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def campaign_report() -> dict:
    """The checkout's own `deniable check scenes --format json`, as the wheel is built."""
    result = run([sys.executable, "-m", "game", "check", CAMPAIGN, "--format", "json"], cwd=ROOT)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel built from this checkout, and a home outside the checkout."""
    base = tmp_path_factory.mktemp("wheel-install")
    dist = base / "dist"
    # Built with the hatchling the test extra installs (as `make dist` does), not in a
    # fresh isolated build environment each run.
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", dist, ROOT],
        timeout=TIMEOUT,
    )
    # The campaign is being written while tests run: compare against the check made now.
    report = campaign_report()
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("deniable-*.whl"))

    venv = base / "venv"
    # The venv gets no pip of its own (seeding one takes longer than the rest): this
    # checkout's pip installs into it. Nothing is byte-compiled ahead; the game does that
    # as it runs, as it would for a user whose install skipped it.
    made = run([sys.executable, "-m", "venv", "--without-pip", venv], timeout=TIMEOUT)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    # Dependencies come from the package index like any user's install.
    install = run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile", wheel],
        timeout=TIMEOUT,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    home = base / "home"
    elsewhere = base / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "DENIABLE_SAVES")
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    )
    return {
        "venv": venv,
        "python": python,
        "deniable": venv / "bin" / "deniable",
        "env": env,
        "cwd": elsewhere,
        "home": home,
        "report": report,
    }


def deniable(installed, *args, input_text=None):
    return run(
        [installed["deniable"], *args],
        input_text=input_text,
        cwd=installed["cwd"],
        env=installed["env"],
    )


def site_packages(installed) -> Path:
    found = run(
        [installed["python"], "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        env=installed["env"],
    )
    return Path(found.stdout.strip())


def test_the_game_runs_from_the_installed_wheel_not_the_checkout(installed):
    where = run(
        [installed["python"], "-c", "import game; print(game.__file__)"],
        cwd=installed["cwd"],
        env=installed["env"],
    )
    location = Path(where.stdout.strip())
    assert location.is_relative_to(site_packages(installed)), where.stdout + where.stderr
    assert not location.is_relative_to(ROOT)
    assert (site_packages(installed) / "game" / "_scenes" / "story.yaml").is_file()
    version = deniable(installed, "--version")
    assert version.returncode == 0 and version.stdout.startswith("deniable ")


def test_check_finds_the_shipped_campaign_and_agrees_with_the_checkout(installed):
    """`deniable check` with no path checks the campaign inside the wheel: same verdict."""
    result = deniable(installed, "check", "--format", "json")
    assert "Traceback" not in result.stderr
    shipped = json.loads(result.stdout)
    expected = installed["report"]

    def where(report):
        return sorted((Path(d["path"]).name, d["line"], d["code"]) for d in report["diagnostics"])

    # A missing campaign would be one D014 "no story.yaml here"; a partial copy, other errors.
    assert where(shipped) == where(expected)
    assert result.returncode == (0 if expected["ok"] else 1)
    for diagnostic in shipped["diagnostics"]:
        assert "_scenes" in Path(diagnostic["path"]).parts
    if expected["ok"]:
        text = deniable(installed, "check")
        assert text.returncode == 0
        assert "no errors" in text.stdout + text.stderr


def test_plain_play_of_the_shipped_campaign(installed):
    if not installed["report"]["ok"]:
        pytest.skip("the checkout's campaign does not pass 'deniable check scenes' yet")
    story, _ = check_story(CAMPAIGN)
    result = deniable(installed, "play", "--plain", input_text="1\nq\n")
    assert result.returncode == 0, result.stderr
    assert story.title in result.stdout
    first = story.chapter_of(story.start)
    assert first.title in result.stdout
    assert "> " in result.stdout  # the first choice was made


def copy_tour(installed) -> Path:
    """The feature tour is a test story, not shipped: copy it next to the player."""
    target = installed["cwd"] / "feature-tour"
    if not target.exists():
        shutil.copytree(FEATURE_TOUR, target)
    return target


def test_plain_play_of_a_story_folder_with_piped_input(installed):
    copy_tour(installed)
    result = deniable(
        installed, "play", "--plain", "--story", "feature-tour", input_text="2\n1\n1\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Chapter 1: The Airfield" in result.stdout
    assert "What really happened: Borrowed uniforms" in result.stdout
    assert "THE END: As It Was" in result.stdout


def test_saves_go_to_the_user_data_folder_not_site_packages(installed):
    copy_tour(installed)
    before = {path for path in installed["venv"].rglob("*")}
    saved = deniable(
        installed,
        "play",
        "--plain",
        "--story",
        "feature-tour",
        input_text="2\ns wheel-test\nq\n",
    )
    assert saved.returncode == 0, saved.stderr
    data_home = installed["home"] / "data" / "deniable"
    saves = [path for path in data_home.rglob("*") if "wheel-test" in path.name]
    assert saves, f"no save named wheel-test under {data_home}: {saved.stdout}"
    added = {path for path in installed["venv"].rglob("*")} - before
    assert not [path for path in added if "__pycache__" not in path.parts], added
    assert not list(installed["cwd"].glob("saves")), "saved into the working folder"

    # and it loads again: the same save, found by name, continues the game
    loaded = deniable(
        installed,
        "play",
        "--plain",
        "--story",
        "feature-tour",
        "--load",
        "wheel-test",
        input_text="h\nq\n",
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "1. The Airfield: Put on the uniform." in loaded.stdout


async def test_the_installed_game_serves_the_campaign_to_a_browser_tab(installed):
    """textual-serve's page and scripts ship with the install, and a tab starts the
    installed game (not the checkout's) on the shipped campaign."""
    if not installed["report"]["ok"]:
        pytest.skip("the checkout's campaign does not pass 'deniable check scenes' yet")
    story, _ = check_story(CAMPAIGN)
    served = Served(
        python=installed["python"], cwd=installed["cwd"], env=installed["env"], inherit_env=False
    )
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{served.url}static/js/textual.js") as script:
                assert script.status == 200
            tab = await Tab.open(session, served)
            title = await tab.wait_for(story.subtitle or "New game")
            assert "New game" in title
            await tab.websocket.close()
    finally:
        assert served.stop() == 0
    assert "Traceback" not in served.output
