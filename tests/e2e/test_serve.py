"""`deniable serve` as a player meets it: the page, a game per tab over textual-serve's
websocket, a save folder per browser, the cap on games, idle games ending, Ctrl+C, and
clear messages for bad addresses."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from e2e_helpers import (
    Served,
    Tab,
    free_port,
    game_processes,
    page_player,
    tab_headers,
)
from story_helpers import FEATURE_TOUR, ROOT

from game.saves.store import SaveStore
from game.serve.games import OUTPUT_GRACE, Game, capped, end_process, game_argv
from game.serve.hosts import HostPolicy
from game.serve.network import is_loopback
from game.serve.players import is_player_id, new_player_id, player_folder
from game.serve.protocol import (
    BadMessage,
    Focus,
    Keys,
    Ping,
    Resize,
    Size,
    parse_message,
    size_from_query,
)

# One worker runs every test that counts a server's game processes, so none counts
# another test's games (unit tests here are grouped too, which costs nothing).
pytestmark = pytest.mark.xdist_group("serve")


@pytest.fixture
def saves(tmp_path) -> Path:
    return tmp_path / "saves"


def serve_tour(saves: Path, *args: str) -> Served:
    """The feature tour served with ARGS, saving under `saves`."""
    return Served("--story", str(FEATURE_TOUR), *args, env={"DENIABLE_SAVES": str(saves)})


@pytest.fixture
def served(saves):
    server = serve_tour(saves)
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


@pytest.mark.e2e
async def test_the_page_is_the_games_own_and_loads_only_from_this_server(served):
    assert f"Deniable is being served at {served.url}" in served.output
    async with aiohttp.ClientSession() as session:
        async with session.get(served.url) as response:
            assert response.status == 200
            page = await response.text()
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert '<html lang="en">' in page
        assert "<title>Deniable</title>" in page
        assert "http://" not in page and "https://" not in page  # nothing from elsewhere
        for path in re.findall(r'(?:href|src)="(/[^"]+)"', page):
            async with session.get(served.url + path.lstrip("/")) as asset:
                assert asset.status == 200, path
        async with session.get(served.url + "favicon.ico") as icon:
            assert icon.status == 200
            assert "<svg" in await icon.text()


@pytest.mark.e2e
async def test_the_page_does_not_echo_the_host_it_was_asked_for(served):
    """The page finds its websocket from the address bar; a Host header never reaches it."""
    pages = []
    async with aiohttp.ClientSession() as session:
        for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", "127.0.0.2:1"):
            async with session.get(served.url, headers={"Host": host}) as response:
                assert response.status == 200, host
                pages.append(await response.text())
    assert pages[0] == pages[1] == pages[2]
    assert "localhost" not in pages[1]


@pytest.mark.e2e
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
        while not player_files(saves, tab.player) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert player_files(saves, tab.player), "the game did not autosave to its player folder"
        await tab.websocket.close()


@pytest.mark.e2e
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


@pytest.mark.e2e
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


@pytest.mark.e2e
def test_listening_beyond_loopback_warns():
    server = Served("--host", "0.0.0.0", "--story", str(FEATURE_TOUR))
    try:
        assert "Warning: listening on 0.0.0.0, not on this machine alone" in server.output
        assert f"http://127.0.0.1:{server.port}/" in server.output
    finally:
        assert server.stop() == 0


@pytest.mark.e2e
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


@pytest.mark.parametrize(
    ("started_for", "host", "answered"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "evil.example:8000", False),
        ("127.0.0.1", "127.0.0.1.evil.example", False),
        ("127.0.0.1", "", False),
        ("127.0.0.1", "a b", False),
        ("127.0.0.1", "user@127.0.0.1", False),
        ("game.example", "GAME.example:80", True),
        ("0.0.0.0", "192.0.2.7:8000", True),  # an address cannot be rebound
        ("0.0.0.0", "evil.example:8000", False),
    ],
)
def test_the_host_names_a_server_answers(started_for, host, answered):
    assert HostPolicy(started_for).allows_host(host) is answered


def test_allowed_host_names_are_answered_too():
    assert HostPolicy("127.0.0.1", ("games.example.org",)).allows_host("games.example.org")


@pytest.mark.parametrize(
    ("origin", "accepted"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.0.0.1:8001", False),
        ("https://127.0.0.1:8000", False),
        ("http://localhost:8000", False),  # another origin than the Host the page came from
        ("http://evil.example", False),
        ("null", False),
        ("", False),
        (None, False),
        ("http://127.0.0.1:8000/page", False),
    ],
)
def test_only_the_pages_own_origin_may_open_a_game(origin, accepted):
    policy = HostPolicy("127.0.0.1")
    assert policy.allows_origin(origin, "127.0.0.1:8000", "http") is accepted


@pytest.mark.parametrize(
    ("query", "size"),
    [
        ({}, Size(80, 24)),
        ({"width": "100", "height": "30"}, Size(100, 30)),
        ({"width": "100000", "height": "100000"}, Size(500, 200)),
        ({"width": "9" * 50, "height": "0"}, Size(500, 1)),
    ],
)
def test_sizes_in_the_address_are_clamped(query, size):
    assert size_from_query(query) == size


@pytest.mark.parametrize("width", ["-1", "1.5", "1e308", "abc", "", "٣"])
def test_sizes_in_the_address_must_be_digits(width):
    with pytest.raises(BadMessage, match="whole number"):
        size_from_query({"width": width})


def test_the_messages_the_page_sends_are_understood():
    assert parse_message('["stdin", "n"]') == Keys("n")
    assert parse_message('["resize", {"width": 120, "height": 40}]') == Resize(Size(120, 40))
    assert parse_message('["resize", {"width": 99999, "height": 99999}]') == Resize(Size(500, 200))
    assert parse_message('["ping", "1700000000000"]') == Ping("1700000000000")
    assert parse_message('["focus"]') == Focus(True)
    assert parse_message('["blur"]') == Focus(False)


def test_a_player_id_is_random_and_names_one_folder(tmp_path):
    first, second = new_player_id(), new_player_id()
    assert first != second and is_player_id(first) and is_player_id(second)
    assert player_folder(tmp_path, first) == tmp_path / "players" / first
    for bad in ("../" * 10 + "etc", "", "a" * 31, "a" * 33, None):
        assert not is_player_id(bad)
    with pytest.raises(ValueError):
        player_folder(tmp_path, "../../escape-attempt-0123456789ab")


def test_each_tab_runs_this_python_with_the_story_and_a_memory_cap(tmp_path):
    story = tmp_path / "a story with spaces"
    assert game_argv(story) == [sys.executable, "-m", "game", "--story", str(story.resolve())]
    assert game_argv(None) == [sys.executable, "-m", "game"]
    limited = capped(game_argv(story), 2**30)
    assert limited == [sys.executable, "-m", "game.serve.limit", str(2**30), *game_argv(story)]
    assert capped(game_argv(story), None) == game_argv(story)


async def test_a_game_that_will_not_quit_is_killed_after_the_grace_period():
    stubborn = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(60)", start_new_session=True
    )
    started = time.monotonic()
    await end_process(stubborn, grace=0.3)
    assert stubborn.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 5


# A game that cannot hear SIGTERM while it floods a tab with frames: the real game blocks
# in a write to its full output pipe, where its event loop (and so its SIGTERM handler)
# cannot run.
FLOODING_GAME = """
import signal, sys
signal.signal(signal.SIGTERM, signal.SIG_IGN)
out = sys.stdout.buffer
out.write(b"__GANGLION__\\n")
frame = b"x" * 65536
while True:
    out.write(b"D" + len(frame).to_bytes(4, "big") + frame)
    out.flush()
"""


async def test_a_tab_that_stops_reading_does_not_hold_its_game_ending_forever(tmp_path):
    """The browser stops reading while the game writes a frame: ending the game kills it
    after the grace period, gives up on the output it was sending and reaps it, instead
    of waiting on the socket until aiohttp's shutdown timeout (Ctrl+C on `deniable serve`
    waited 10 s with a 500x200 journal in flight)."""
    never = asyncio.Event()

    async def stalled_tab(data: bytes | str) -> None:
        await never.wait()  # a socket whose reader has gone

    async def close() -> None:
        return None

    game = Game(
        [sys.executable, "-c", FLOODING_GAME],
        tmp_path,
        write_bytes=stalled_tab,
        write_str=stalled_tab,
        close=close,
    )
    await game.start(80, 24)
    await asyncio.sleep(0.5)  # the first frame is in flight, the pipe fills behind it
    started = time.monotonic()
    await asyncio.wait_for(game.end(grace=0.3), 10)
    assert game.process is not None and game.process.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 0.3 + OUTPUT_GRACE + 2


def player_files(saves: Path, player: str) -> list[Path]:
    return sorted((saves / "players" / player).rglob("*.json"))


async def wait_until(check, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{check.__doc__ or 'the condition'} did not happen")
        await asyncio.sleep(0.1)


async def closing(websocket, timeout: float = 20.0) -> aiohttp.WSMessage:
    """The close message, skipping the screen updates that come before it."""
    deadline = time.monotonic() + timeout
    while True:
        message = await websocket.receive(timeout=max(deadline - time.monotonic(), 0.01))
        if message.type != aiohttp.WSMsgType.BINARY:
            return message


async def play_first_choice(tab: Tab) -> None:
    await tab.wait_for("Every field of the format in two short chapters")
    await tab.press("n")
    await tab.wait_for("Study the map first.")
    await tab.press("\r")
    await tab.wait_for("Sources: Test source A")


@pytest.mark.e2e
async def test_each_browser_is_its_own_player_and_a_reload_continues_its_game(served, saves):
    async with aiohttp.ClientSession() as session:
        first = await Tab.open(session, served)
        await play_first_choice(first)
        await wait_until(lambda: player_files(saves, first.player))
        await first.websocket.close()

        other = await Tab.open(session, served)  # another browser: a new id, a new folder
        assert other.player != first.player
        title = await other.wait_for("New game")
        await other.wait_for("Continue")
        assert "Continue (" not in title + await other.wait_for("Load")
        await other.press("l")  # the load screen lists this browser's saves only: none
        listing = await other.wait_for("Load")
        assert "autosave" not in listing
        await other.websocket.close()

        again = await Tab.open(session, served, player=first.player)  # the first browser, reloaded
        await again.wait_for("Continue (")
        await again.press("c")
        await again.wait_for("Put on the uniform.")  # the scene after its first choice
        await again.websocket.close()
    assert not player_files(saves, other.player)
    assert player_files(saves, first.player)
    outside = [p for p in saves.rglob("*.json") if p.relative_to(saves).parts[0] != "players"]
    assert not outside, "a served game saved outside its player folder"


def player_runs(saves: Path, player: str) -> list[Path]:
    return sorted((saves / "players" / player / "runs").glob("*/autosave.json"))


@pytest.mark.e2e
async def test_each_tab_of_one_browser_continues_its_own_game(served, saves):
    """Two tabs of one player play two games; reloaded, each resumes its own, not the
    one saved last, while a new tab still offers the newest run on its title."""
    first_tab, second_tab = "a" * 32, "b" * 32
    async with aiohttp.ClientSession() as session:
        first = await Tab.open(session, served, tab=first_tab)
        player = first.player
        second = await Tab.open(session, served, player=player, tab=second_tab)
        await play_first_choice(first)  # studies the map: back in the briefing
        await wait_until(lambda: len(player_runs(saves, player)) == 1)
        await second.wait_for("Every field of the format in two short chapters")
        await second.press("n")
        await second.wait_for("Put on the uniform.")
        await first.websocket.close()  # the first tab leaves: its game autosaves and ends
        await wait_until(lambda: len(game_processes(FEATURE_TOUR)) == 1)
        await second.press("2")  # puts on the uniform: on to the hangar, saved last
        await second.wait_for("The collar itches.")
        await wait_until(lambda: len(player_runs(saves, player)) == 2)
        await second.websocket.close()

        # Reloaded, a tab goes straight back into its own game, with no key pressed.
        first = await Tab.open(session, served, player=player, tab=first_tab)
        resumed = await first.wait_for("Put on the uniform.")
        assert "Study the map first." not in resumed  # once: already chosen in this game
        assert "The MiG waits" not in resumed
        await first.websocket.close()

        second = await Tab.open(session, served, player=player, tab=second_tab)
        await second.wait_for("The MiG waits")
        await second.websocket.close()

        # A new tab offers the player's newest run: whichever game wrote last (a game
        # that ends autosaves its play time, so either may be newest by now).
        await wait_until(lambda: not game_processes(FEATURE_TOUR))
        newest = SaveStore(saves / "players" / player).list()[0]
        fresh = await Tab.open(session, served, player=player, tab="c" * 32)
        await fresh.wait_for("Continue (")
        await fresh.press("c")
        await fresh.wait_for(
            {"hangar": "The MiG waits", "briefing": "The briefing room"}[
                newest.scene_id.rsplit(".", 1)[-1]
            ]
        )
        await fresh.websocket.close()
    notes = saves / "players" / player / ".tabs"
    assert sorted(p.name for p in notes.iterdir()) == sorted([first_tab, second_tab, "c" * 32])


@pytest.mark.e2e
async def test_a_tab_id_that_the_page_could_not_have_made_is_refused(served):
    async with aiohttp.ClientSession() as session:
        player = await page_player(session, served)
        for bad in ("..%2F..%2Fetc", "a" * 31, "a" * 33, "a" * 31 + "!"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(
                    f"{served.url}ws/{bad}", headers=tab_headers(served, player)
                )
            assert refused.value.status in (400, 404), bad
    assert not game_processes(FEATURE_TOUR)


@pytest.mark.e2e
async def test_more_games_than_allowed_get_a_page_that_says_why(saves):
    with serve_tour(saves, "--max-games", "1") as served:
        async with aiohttp.ClientSession() as session:
            first = await Tab.open(session, served)
            await first.wait_for("New game")
            async with session.get(served.url) as response:
                assert response.status == 503
                assert "All 1 games this server runs at once are being played" in (
                    await response.text()
                )
            # a second tab that already has the page is refused too, with the reason
            player = first.player
            second = await session.ws_connect(
                f"{served.url}ws",
                headers={"Origin": served.url.rstrip("/"), "Cookie": f"deniable-player={player}"},
            )
            closed = await closing(second)
            assert closed.type == aiohttp.WSMsgType.CLOSE
            assert closed.data == aiohttp.WSCloseCode.TRY_AGAIN_LATER
            assert "all 1 games are in use" in closed.extra
            await first.websocket.close()
            await wait_until(lambda: not game_processes(FEATURE_TOUR))
            async with session.get(served.url) as response:
                assert response.status == 200  # the game ended: the page is offered again
        assert served.stop() == 0


@pytest.mark.e2e
async def test_an_idle_game_autosaves_and_ends(saves):
    with serve_tour(saves, "--idle-minutes", "0.25") as served:
        async with aiohttp.ClientSession() as session:
            tab = await Tab.open(session, served)
            await play_first_choice(tab)
            await wait_until(lambda: player_files(saves, tab.player))
            (autosave,) = player_files(saves, tab.player)
            before = autosave.stat().st_mtime_ns
            games = game_processes(FEATURE_TOUR)
            closed = await closing(tab.websocket, timeout=40)
            assert closed.type == aiohttp.WSMsgType.CLOSE
            assert "idle for 1 min: the game was saved and closed" in closed.extra
        await wait_until(lambda: not game_processes(FEATURE_TOUR) & games)
        assert autosave.stat().st_mtime_ns > before, "the idle game did not autosave on ending"
        assert served.stop() == 0
    assert "Traceback" not in served.output


@pytest.mark.e2e
async def test_twelve_sessions_dropped_abruptly_leave_no_game_behind(saves):
    """Tabs that vanish (a crashed browser, a dropped network) without closing their socket:
    the server notices, ends each game and reaps its process; it still serves afterwards.
    Twelve sessions against four games at once: the server has to free the slots of the
    dropped ones three times over. Thirty sessions cost 20 s of CPU for the same check."""
    with serve_tour(saves, "--max-games", "4") as served:
        async with aiohttp.ClientSession() as session:
            for batch in range(4):
                tabs = [await Tab.open(session, served) for _ in range(3)]
                if batch % 3 == 0:  # some after their game started, some at once
                    await asyncio.gather(*(tab.wait_for("New game") for tab in tabs))
                for tab in tabs:  # the connection cut, with no close frame
                    tab.websocket.get_extra_info("socket").shutdown(socket.SHUT_RDWR)
            await wait_until(lambda: not game_processes(FEATURE_TOUR), timeout=30)
            last = await Tab.open(session, served)
            await last.wait_for("New game")
            await last.websocket.close()
        assert served.stop() == 0
    time.sleep(0.5)
    assert not game_processes(FEATURE_TOUR)
    assert "Traceback" not in served.output


@pytest.mark.e2e
async def test_a_name_given_with_allow_host_is_answered(saves):
    with serve_tour(saves, "--allow-host", "games.example.org") as served:
        async with aiohttp.ClientSession() as session:
            for host, status in (("games.example.org", 200), ("other.example.org", 403)):
                headers = {"Host": f"{host}:{served.port}"}
                async with session.get(served.url, headers=headers) as response:
                    assert response.status == status, host
        assert served.stop() == 0
