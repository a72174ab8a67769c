"""`deniable serve` as a player meets it: the page, a game per tab over textual-serve's
websocket, saves in the usual folder, Ctrl+C, and clear messages for bad addresses."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from e2e_helpers import FEATURE_TOUR, ROOT, Served, Tab, free_port, game_processes

from game.serve.network import is_loopback
from game.serve.server import end_process, game_argv, game_command


@pytest.fixture
def saves(tmp_path) -> Path:
    return tmp_path / "saves"


@pytest.fixture
def served(saves):
    server = Served("--story", str(FEATURE_TOUR), env={"DENIABLE_SAVES": str(saves)})
    yield server
    if server.process.poll() is None:
        server.stop()


def serve(*args, timeout=30):
    return subprocess.run(
        [sys.executable, "-m", "game", "serve", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


async def test_the_page_points_the_browser_back_at_this_server(served):
    assert f"Deniable is being served at {served.url}" in served.output
    async with aiohttp.ClientSession() as session, session.get(served.url) as response:
        assert response.status == 200
        page = await response.text()
    assert "<div>Deniable</div>" in page
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page
    assert f"http://127.0.0.1:{served.port}/static/js/textual.js" in page


async def test_the_page_uses_the_address_the_browser_asked_for(served):
    """Listening on 0.0.0.0, the bind address means nothing to another machine's browser."""
    headers = {"Host": "game.example:9999"}
    async with aiohttp.ClientSession() as session, session.get(served.url, headers=headers) as r:
        page = await r.text()
    assert 'data-session-websocket-url="ws://game.example:9999/ws"' in page


async def test_a_tab_plays_the_game_and_autosaves_to_the_save_folder(served, saves):
    async with aiohttp.ClientSession() as session:
        tab = await Tab.open(session, served)
        # the title screen, once it has loaded the story in the background
        title = await tab.wait_for("Every field of the format in two short chapters")
        assert "New game" in title
        await tab.press("n")
        await tab.wait_for("Study the map first.")
        await tab.press("\r")
        note = await tab.wait_for("Sources: Test source A")
        assert "Maps and memory" in note
        deadline = time.monotonic() + 10
        while not list(saves.glob("*")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list(saves.glob("*")), "the tab's game did not autosave to DENIABLE_SAVES"
        await tab.websocket.close()


async def test_every_tab_is_its_own_game_and_ctrl_c_ends_them_all(served):
    async with aiohttp.ClientSession() as session:
        first = await Tab.open(session, served)
        second = await Tab.open(session, served)
        await first.wait_for("Every field of the format")
        await second.wait_for("Every field of the format")
        await first.press("n")
        await first.wait_for("Study the map first.")
        await first.press("\r")
        await first.wait_for("Sources: Test source A")  # the first tab unlocked a note
        await second.press("j")  # still on its own title screen: the journal opens there
        journal = await second.wait_for("notes unlocked")
        assert "0 of 4 notes unlocked" in journal
        assert "Study the map first." not in journal
        games = game_processes(FEATURE_TOUR)
        assert len(games) == 2, games
        # each game in a session of its own: the terminal's Ctrl+C reaches only the server,
        # which then tells every game to quit
        server_session = os.getsid(served.process.pid)
        assert all(os.getsid(game) != server_session for game in games)

        started = time.monotonic()
        assert served.stop() == 0
        assert time.monotonic() - started < 5
    assert served.output.rstrip().endswith("Stopped.")
    assert "Traceback" not in served.output
    time.sleep(0.5)
    assert not game_processes(FEATURE_TOUR) & games


async def test_closing_the_terminal_stops_the_server_and_its_games(served):
    async with aiohttp.ClientSession() as session:
        tab = await Tab.open(session, served)
        await tab.wait_for("Every field of the format")
        games = game_processes(FEATURE_TOUR)
        assert games
        os.killpg(served.process.pid, signal.SIGHUP)  # what a closed terminal sends
        assert served.process.wait(10) == 0
    assert "Stopped." in served.output
    time.sleep(0.5)
    assert not game_processes(FEATURE_TOUR) & games


def test_a_port_in_use_gets_a_clear_message():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve("--port", str(port), "--story", str(FEATURE_TOUR))
    assert result.returncode == 1
    assert f"Port {port} is already in use on 127.0.0.1" in result.stderr
    assert f"--port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "being served" not in result.stdout


def test_a_host_that_is_not_this_machine_is_refused():
    result = serve("--host", "192.0.2.1", "--port", str(free_port()), "--story", str(FEATURE_TOUR))
    assert result.returncode == 1
    assert "192.0.2.1 is not an address of this machine" in result.stderr
    assert "Traceback" not in result.stderr


def test_listening_beyond_loopback_warns():
    server = Served("--host", "0.0.0.0", "--story", str(FEATURE_TOUR))
    try:
        assert "Warning: listening on 0.0.0.0, not on this machine alone" in server.output
        assert f"http://127.0.0.1:{server.port}/" in server.output
    finally:
        assert server.stop() == 0


def test_loopback_listening_gives_no_warning(served):
    assert "Warning" not in served.output


def test_a_broken_story_stops_before_serving(make_story):
    broken = make_story({"one.yaml": "chapter: [\n"})
    result = serve("--story", str(broken), "--port", str(free_port()))
    assert result.returncode == 1
    assert "one.yaml:2:1: D001 error" in result.stderr
    assert "being served" not in result.stdout


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.1", False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_each_tab_runs_this_python_with_the_story(tmp_path):
    story = tmp_path / "a story with spaces"
    assert game_argv(story) == [sys.executable, "-m", "game", "--story", str(story.resolve())]
    assert game_argv(None) == [sys.executable, "-m", "game"]
    assert shlex.split(game_command(story)) == game_argv(story)


async def test_a_game_that_will_not_quit_is_killed_after_the_grace_period():
    stubborn = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(60)", start_new_session=True
    )
    started = time.monotonic()
    await end_process(stubborn, grace=0.3)
    assert stubborn.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 5
