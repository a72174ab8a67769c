"""What the end-to-end tests share: paths, a free port, a running `deniable serve`, the
terminal text inside textual-serve's websocket frames, and the game in a pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from story_helpers import ROOT

# CSI, OSC, DCS/APC/PM strings and two-byte escapes: what a terminal draws with, not text.
ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[P^_X][^\x1b]*\x1b\\"
    rb"|\x1b[@-Z\\-_]"
)


def terminal_text(data: bytes) -> str:
    """The printable text in a stream of terminal output, escapes removed."""
    return ANSI.sub(b"", data).decode("utf-8", "replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`deniable serve` in a subprocess, started and stopped as a user would (Ctrl+C)."""

    def __init__(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        python: str | Path = sys.executable,
        cwd: Path = ROOT,
        inherit_env: bool = True,
        startup: float = 20.0,
    ):
        """Serve with `python -m game serve ARGS`; `env` is added to this process's own
        environment, or replaces it with inherit_env=False."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [str(python), "-m", "game", "serve", "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env={**(os.environ if inherit_env else {}), **(env or {})},
            start_new_session=True,  # its own process group, like a job in a terminal
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._pump, args=(self.process.stdout, self.stdout)),
            threading.Thread(target=self._pump, args=(self.process.stderr, self.stderr)),
        ]
        for reader in self._readers:
            reader.daemon = True
            reader.start()
        deadline = time.monotonic() + startup
        while "being served at" not in self.output:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"deniable serve did not start:\n{self.output}")
            time.sleep(0.05)

    @staticmethod
    def _pump(stream, lines: list[str]) -> None:
        for raw in iter(stream.readline, b""):
            lines.append(raw.decode("utf-8", "replace"))

    @property
    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)

    def stop(self, timeout: float = 10.0) -> int:
        """Ctrl+C, then wait: the return code, or an AssertionError if it hangs.

        A terminal's Ctrl+C reaches the whole foreground group: the server and every game
        it started, so the signal goes to the group here too.
        """
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            raise AssertionError(f"deniable serve ignored Ctrl+C for {timeout}s") from None
        for reader in self._readers:
            reader.join(timeout=2)
        return code

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.stop()


class Tab:
    """One browser tab's websocket to textual-serve, speaking its protocol without a browser:
    JSON text frames in (["stdin", keys]), binary terminal output out.

    Like a browser, it loads the page first (which gives it a player id in a cookie) and
    opens the websocket from the page's origin with that cookie.
    """

    def __init__(self, websocket, player: str = ""):
        self.websocket = websocket
        self.player = player
        self.output = b""

    @classmethod
    async def open(
        cls,
        session,
        served: Served,
        width: int = 100,
        height: int = 30,
        player: str = "",
        tab: str = "",
    ) -> Tab:
        """A new tab; `player` reuses another tab's player id (the same browser), `tab` the
        id the page keeps in a tab's sessionStorage (the same tab, reloaded)."""
        if not player:
            player = await page_player(session, served)
        path = f"ws/{tab}" if tab else "ws"
        url = f"{served.url}{path}?width={width}&height={height}"
        return cls(await session.ws_connect(url, headers=tab_headers(served, player)), player)

    async def press(self, keys: str) -> None:
        import json

        await self.websocket.send_str(json.dumps(["stdin", keys]))

    async def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Read terminal output until `text` appears in it (since the last wait); the text read."""
        import asyncio

        import aiohttp

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        start = len(self.output)
        while text not in terminal_text(self.output[start:]):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"{text!r} did not appear within {timeout}s; the screen said:\n"
                    + terminal_text(self.output[start:])[-2000:]
                )
            try:
                message = await asyncio.wait_for(self.websocket.receive(), remaining)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.output += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                raise AssertionError(
                    f"the tab closed before {text!r} appeared:\n"
                    + terminal_text(self.output[start:])[-2000:]
                )
        return terminal_text(self.output[start:])


PLAYER_COOKIE = "deniable-player"


async def page_player(session, served: Served) -> str:
    """Load the page as a browser does; the player id its cookie gives this browser."""
    async with session.get(served.url) as response:
        assert response.status == 200, await response.text()
        return response.cookies[PLAYER_COOKIE].value


def tab_headers(served: Served, player: str) -> dict[str, str]:
    """What a browser sends with the page's websocket: its origin and the player cookie."""
    return {"Origin": served.url.rstrip("/"), "Cookie": f"{PLAYER_COOKIE}={player}"}


def _served(entry: Path) -> bool:
    """Whether a process was started by a server: its games run under the web driver.

    Other tests run `python -m game` on the same story (plain play, a pseudo-terminal)
    at the same time on another worker; those are not a server's games.
    """
    try:
        return b"TEXTUAL_DRIVER=" in (entry / "environ").read_bytes()
    except OSError:
        return False


def game_processes(story: Path) -> set[int]:
    """Ids of the running game processes (not the server) that play `story`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        playing = b"-m" in words and b"game" in words and str(story).encode() in words
        if playing and b"serve" not in words and _served(entry):
            found.add(int(entry.name))
    return found


SETSID = shutil.which("setsid") or "/usr/bin/setsid"  # util-linux, on every Debian


class Terminal:
    """`python -m game play` in a pseudo-terminal of the given size; its output kept."""

    def __init__(self, args: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        master, slave = os.openpty()
        width, height = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.master = master
        # A session of its own whose controlling terminal this is, as a shell gives a game:
        # closing it (`hang_up`) then sends the game SIGHUP and SIGCONT, as closing a
        # terminal window does. util-linux's setsid sets it; Popen's start_new_session does
        # not (the game would read EIO, not a hung-up terminal's end of input).
        self.process = subprocess.Popen(
            [SETSID, "--ctty", sys.executable, "-m", "game", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env={**os.environ, "TERM": "xterm-256color", **env},
        )
        os.close(slave)
        self.output = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the game has closed the terminal
                return
            if not data:
                return
            self.output += data

    @property
    def text(self) -> str:
        return terminal_text(self.output)

    def wait_for(self, text: str, timeout: float = 60.0) -> bool:
        """Whether `text` appears in the output written from now on within `timeout`."""
        start = len(self.output)
        deadline = time.monotonic() + timeout
        while text not in terminal_text(self.output[start:]):
            if self.process.poll() is not None or time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def press_until(self, key: str, text: str, timeout: float = 60.0) -> None:
        """Press `key` until `text` shows: a key pressed while the story loads may go
        unheard."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.type(key)
            if self.wait_for(text, timeout=3.0):
                return
        raise AssertionError(f"{text!r} never appeared; the screen said:\n{self.text[-3000:]}")

    def type(self, keys: str) -> None:
        """Write keys as a terminal would, in the pieces a pseudo-terminal takes at once."""
        data = keys.encode()
        for start in range(0, len(data), 1024):
            os.write(self.master, data[start : start + 1024])

    def hang_up(self) -> None:
        """Close the terminal as a window closing does: the kernel hangs it up."""
        os.close(self.master)
        self.master = os.open(os.devnull, os.O_RDONLY)  # for close() to close

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)
        os.close(self.master)
