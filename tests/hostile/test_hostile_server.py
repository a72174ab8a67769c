"""`deniable serve` against hostile web pages and tabs: other sites' websockets, rebinding
host names, giant or malformed sizes and messages, and memory. Loopback only; every loop
is bounded.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from e2e_helpers import (  # noqa: E402
    Served,
    Tab,
    game_processes,
    page_player,
    tab_headers,
)
from story_helpers import FEATURE_TOUR  # noqa: E402

# One worker runs every test that counts a server's game processes, so none counts
# another test's games.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("serve")]
TITLE = "Every field of the format in two short chapters"  # shown once the story loaded
CURSOR_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    saves = tmp_path_factory.mktemp("saves")
    server = Served("--story", str(FEATURE_TOUR), env={"DENIABLE_SAVES": str(saves)})
    server.saves = saves
    yield server
    assert server.stop() == 0
    assert "Traceback" not in server.output


async def handshake_status(served: Served, path: str, headers: dict[str, str]) -> int:
    """The HTTP status a websocket handshake gets (101 when accepted, then closed)."""
    async with aiohttp.ClientSession() as session:
        try:
            websocket = await session.ws_connect(served.url + path, headers=headers)
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status
        await websocket.close()
        return 101


async def close_reason(websocket, timeout: float = 20.0) -> aiohttp.WSMessage:
    """The close message the server sends, skipping screen updates before it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    for _ in range(10_000):
        message = await websocket.receive(timeout=max(deadline - loop.time(), 0.01))
        if message.type != aiohttp.WSMsgType.BINARY:
            return message
    raise AssertionError("the server never closed the socket")


def screen_extent(output: bytes) -> tuple[int, int]:
    """The furthest row and column the game moved its cursor to."""
    moves = [(int(row), int(column)) for row, column in CURSOR_MOVE.findall(output)]
    assert moves, "the game drew nothing"
    return max(row for row, _ in moves), max(column for _, column in moves)


async def games_ended(timeout: float = 10.0) -> None:
    """Wait, at most `timeout` seconds, for every game of the tour to exit."""
    for _ in range(int(timeout * 10)):
        if not game_processes(FEATURE_TOUR):
            return
        await asyncio.sleep(0.1)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


# ---------------------------------------------------------------- other sites


async def test_a_websocket_from_another_site_is_refused_and_the_save_survives(served):
    async with aiohttp.ClientSession() as session:
        victim = await Tab.open(session, served)
        await victim.wait_for(TITLE)
        await victim.press("n")
        await victim.wait_for("Study the map first.")
        await victim.press("\r")
        await victim.wait_for("Sources: Test source A")
        folder = served.saves / "players" / victim.player
        for _ in range(100):
            if list(folder.rglob("*.json")):
                break
            await asyncio.sleep(0.1)
        await victim.websocket.close()
    await games_ended()  # the game autosaves once more as it ends
    saves = {path: path.read_bytes() for path in folder.rglob("*.json")}
    assert saves

    # the attack that deleted a named save: a page elsewhere opens /ws and presses l, Down, d, y
    for origin in ("http://evil.example", "null", f"http://evil.example:{served.port}", ""):
        headers = tab_headers(served, victim.player)
        headers["Origin"] = origin
        if not origin:
            del headers["Origin"]
        assert await handshake_status(served, "ws", headers) == 403, origin
    assert {path: path.read_bytes() for path in folder.rglob("*.json")} == saves


async def test_a_websocket_without_the_pages_cookie_is_refused(served):
    headers = {"Origin": served.url.rstrip("/")}
    assert await handshake_status(served, "ws", headers) == 403
    headers["Cookie"] = "deniable-player=../../../etc"
    assert await handshake_status(served, "ws", headers) == 403


@pytest.mark.parametrize("path", ["", "ws", "static/js/textual.js", "assets/favicon.svg"])
async def test_a_rebound_host_name_is_not_answered(served, path):
    """DNS rebinding: evil.example made to resolve to 127.0.0.1 reaches the port, but the
    server answers only the names it was started for."""
    async with aiohttp.ClientSession() as session:
        headers = {"Host": f"evil.example:{served.port}"}
        async with session.get(served.url + path, headers=headers) as response:
            assert response.status == 403
            assert "evil.example" not in await response.text()
        headers = {"Host": f"localhost:{served.port}"}
        async with session.get(served.url + path, headers=headers) as response:
            assert response.status in (200, 400, 403)  # answered, on its own terms
            if path != "ws":
                assert response.status == 200


# ---------------------------------------------------------------- sizes


async def test_a_giant_terminal_is_clamped_and_the_game_stays_small(served):
    async with aiohttp.ClientSession() as session:
        tab = await Tab.open(session, served, width=100000, height=100000)
        await tab.wait_for(TITLE)
        rows, columns = screen_extent(tab.output)
        assert rows <= 200 and columns <= 500
        (game,) = game_processes(FEATURE_TOUR)
        assert rss_mb(game) < 400

        start = len(tab.output)
        await tab.websocket.send_str(json.dumps(["resize", {"width": 100000, "height": 100000}]))
        await tab.press("j")
        await tab.wait_for("notes unlocked")
        rows, columns = screen_extent(tab.output[start:])
        assert rows <= 200 and columns <= 500
        assert rss_mb(game) < 400
        await tab.websocket.close()


@pytest.mark.parametrize(
    "query", ["width=-1", "width=abc", "height=1.5", "width=1e308", "width=%00", "height=-0"]
)
async def test_a_bad_size_in_the_address_is_refused_without_a_traceback(served, query):
    async with aiohttp.ClientSession() as session:
        player = await page_player(session, served)
    assert await handshake_status(served, f"ws?{query}", tab_headers(served, player)) == 400
    assert "Traceback" not in served.output


@pytest.mark.parametrize(
    "message",
    [
        ["resize", {"width": 1e308, "height": 24}],
        ["resize", {"width": "80", "height": 24}],
        ["resize", {"width": -1, "height": 24}],
        ["resize", {"width": 80.5, "height": 24}],
        ["resize", {"width": True, "height": 24}],
        ["resize", {"width": 80}],
        ["resize", [80, 24]],
        ["stdin", 5],
        ["stdin"],
        ["ping", "x" * 1000],
        ["exec", "rm -rf /"],
        [],
        {"stdin": "q"},
        "stdin",
    ],
)
async def test_a_bad_message_closes_that_tab_with_a_reason(served, message):
    async with aiohttp.ClientSession() as session:
        tab = await Tab.open(session, served)
        await tab.wait_for("New game")  # the game's first frame
        await tab.websocket.send_str(json.dumps(message))
        closed = await close_reason(tab.websocket)
        assert closed.type == aiohttp.WSMsgType.CLOSE
        assert closed.data == aiohttp.WSCloseCode.POLICY_VIOLATION
        assert closed.extra  # the reason
    await games_ended()
    assert not game_processes(FEATURE_TOUR), "the closed tab's game was left running"
    assert "Traceback" not in served.output


@pytest.mark.parametrize("frame", ["not json", "[" * 100_000, b"\x00binary"])
async def test_frames_the_page_never_sends_close_the_tab(served, frame):
    async with aiohttp.ClientSession() as session:
        tab = await Tab.open(session, served)
        await tab.wait_for(TITLE)
        if isinstance(frame, bytes):
            await tab.websocket.send_bytes(frame)
        else:
            await tab.websocket.send_str(frame)
        closed = await close_reason(tab.websocket)
        assert closed.type == aiohttp.WSMsgType.CLOSE
        assert closed.data in (
            aiohttp.WSCloseCode.POLICY_VIOLATION,
            aiohttp.WSCloseCode.UNSUPPORTED_DATA,
            aiohttp.WSCloseCode.MESSAGE_TOO_BIG,
        )
    assert "Traceback" not in served.output


# ---------------------------------------------------------------- memory


async def test_each_game_runs_under_a_memory_cap(served):
    async with aiohttp.ClientSession() as session:
        tab = await Tab.open(session, served)
        await tab.wait_for(TITLE)
        (game,) = game_processes(FEATURE_TOUR)
        limits = Path(f"/proc/{game}/limits").read_text()
        line = next(line for line in limits.splitlines() if line.startswith("Max address space"))
        assert line.split()[3] == str(1024 * 1024 * 1024), line
        await tab.websocket.close()


def test_the_memory_cap_stops_a_runaway_allocation():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game.serve.limit",
            str(300 * 1024 * 1024),
            sys.executable,
            "-c",
            "bytearray(600 * 1024 * 1024)",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "MemoryError" in result.stderr
