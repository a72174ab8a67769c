"""Memory of one served game, against a bare Textual app served the same way.

Run: `python -m benchmarks serve_memory`. Starts `deniable serve` on the campaign and the
baseline server (`benchmarks._serve_bare`), opens tabs the way a browser does (the page for
its cookie, then the websocket from the page's origin), and reads each tab's game process:
its resident memory (VmRSS) once the title shows the story, and after the first choice.
`deniable serve --max-games` times this figure is what a full server's games take.
"""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks._tui_runs import ROOT, story_folder
from benchmarks.table import BenchRow

REPEAT = 3
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(argv: list[str]) -> subprocess.Popen:
    server = subprocess.Popen(
        argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    for line in server.stdout:
        if "being served at" in line:
            # keep reading what it logs, so a full pipe never stalls it
            threading.Thread(target=server.stdout.read, daemon=True).start()
            return server
    raise RuntimeError(f"the server did not start: {server.wait()}")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{pid}$", status, re.M):
                found.append(int(entry.name))
    return found


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


async def tab_memory(port: int, server: int, shown: str, keys: list[tuple[str, str]]) -> list:
    """Open a tab, wait for `shown`, then press each key and wait for its text; the game's
    resident memory (MiB) at each of those points."""
    import aiohttp

    url = f"http://127.0.0.1:{port}/"
    figures = []
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as page:
            player = page.cookies["deniable-player"].value
        headers = {"Origin": url.rstrip("/"), "Cookie": f"deniable-player={player}"}
        websocket = await session.ws_connect(f"{url}ws?width=120&height=40", headers=headers)
        screen = b""
        for key, text in [("", shown), *keys]:
            if key:
                await websocket.send_json(["stdin", key])
            start = len(screen)
            deadline = time.monotonic() + 60
            while text.encode() not in ESCAPES.sub(b"", screen[start:]):
                message = await websocket.receive(timeout=deadline - time.monotonic())
                if message.type != aiohttp.WSMsgType.BINARY:
                    raise RuntimeError(f"the tab closed before {text!r}")
                screen += message.data
            await asyncio.sleep(0.5)  # let the frame settle
            (game,) = children(server)
            figures.append(rss_mib(game))
        await websocket.close()
    for _ in range(100):  # the game has ended before the next tab starts
        if not children(server):
            break
        await asyncio.sleep(0.1)
    return figures


def measure(argv: list[str], port: int, shown: str, keys: list[tuple[str, str]]):
    """Per-point medians over REPEAT tabs (after one warm-up), and the server's own memory."""
    server = start_server(argv)
    try:
        asyncio.run(tab_memory(port, server.pid, shown, keys))
        runs = [asyncio.run(tab_memory(port, server.pid, shown, keys)) for _ in range(REPEAT)]
        server_mib = rss_mib(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    return [statistics.median(points) for points in zip(*runs, strict=True)], server_mib


def rows() -> list[BenchRow]:
    from game.story.loader import check_story

    story = story_folder()
    loaded, _ = check_story(story)
    python = sys.executable
    with tempfile.TemporaryDirectory() as saves:
        port = free_port()
        ours_argv = [python, "-m", "game", "serve", "--story", str(story)]
        ours_argv += ["--saves", saves, "--port", str(port)]
        play = [("n", "Undo"), ("1", "What really happened")]  # the play screen, a note
        ours, server_mib = measure(ours_argv, port, loaded.subtitle or "New game", play)
        port = free_port()
        bare_argv = [python, "-m", "benchmarks._serve_bare", "serve", str(port), saves]
        bare, bare_server_mib = measure(bare_argv, port, "Replay a saved game", [])
    baseline = "bare Textual app, served"
    return [
        BenchRow(
            f"serve: one game's memory (RSS) at the title ({story.name})",
            ours[0],
            "MiB",
            bare[0],
            baseline,
        ),
        BenchRow(
            "serve: one game's memory (RSS) after its first choice",
            ours[2],
            "MiB",
            bare[0],
            baseline,
        ),
        BenchRow(
            "serve: the server process itself (RSS)",
            server_mib,
            "MiB",
            bare_server_mib,
            "the same server, serving the bare app",
        ),
    ]
