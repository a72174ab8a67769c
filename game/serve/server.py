"""textual-serve's Server, adjusted for Deniable: its own banner, browser-relative URLs and a
prompt shutdown that ends every tab's game."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

TITLE = "Deniable"
log = logging.getLogger("deniable.serve")


def game_argv(story: Path | None = None) -> list[str]:
    """What each browser tab runs: this Python, `-m game`, and the story if any.

    `sys.executable` rather than `deniable` so the tab runs the same installation as the
    server, whether from a venv, a checkout or a wheel.
    """
    words = [sys.executable, "-m", "game"]
    if story is not None:
        words += ["--story", str(story.resolve())]
    return words


def game_command(story: Path | None = None) -> str:
    """`game_argv` as the shell command textual-serve starts."""
    return shlex.join(game_argv(story))


class GameService(AppService):
    """textual-serve's AppService, but each game starts in a session of its own.

    The server owns its games: on Ctrl+C, SIGTERM or a closed terminal it tells each one
    to quit and waits for it. Left in the server's process group, the games would get the
    terminal's Ctrl+C too and race that orderly exit (a game interrupted while already
    quitting prints a traceback through the server).
    """

    async def _open_app_process(self, width: int = 80, height: int = 24):
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_shell(
            self.command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=os.name == "posix",
        )
        self._stdin = process.stdin
        return process


async def end_process(process: asyncio.subprocess.Process | None, grace: float = 5.0) -> None:
    """Wait for a tab's game to exit (it was told to quit), killing it after `grace` seconds.

    textual-serve does not wait, so a game could outlive the event loop that started it
    and Python would complain at exit that nothing reaped it.
    """
    if process is None or process.returncode is not None:
        return
    try:
        await asyncio.wait_for(process.wait(), grace)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            if os.name == "posix":  # the game's own session: the shell and anything it started
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        await process.wait()


class GameServer(Server):
    """One game process per browser tab (textual-serve's model), started by `game_command`."""

    def __init__(self, command: str, host: str, port: int):
        super().__init__(command, host=host, port=port, title=TITLE)
        self.sockets: set[web.WebSocketResponse] = set()

    @property
    def browser_url(self) -> str:
        """The address to print: a wildcard host means "this machine" to a local browser."""
        host = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(self.host, self.host)
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    async def on_startup(self, app: web.Application) -> None:
        """Replace textual-serve's logo with the address and how to stop; stop on SIGHUP."""
        print(f"Deniable is being served at {self.browser_url}")
        print("Open it in a web browser; every tab is its own game. Ctrl+C stops.", flush=True)
        # textual-serve stops cleanly on SIGINT and SIGTERM; closing the terminal should too.
        with contextlib.suppress(NotImplementedError, AttributeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.request_exit)

    def initialize_logging(self) -> None:
        """textual-serve's logging, less a line for every page and websocket request."""
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's tab handler, keeping each tab's websocket so shutdown can close it."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        self.sockets.add(websocket)
        game = GameService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        try:
            await game.start(width, height)
            await self._process_messages(websocket, game)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure is logged; the server and other tabs go on
            log.error("A game could not run: %s", error)
        finally:
            self.sockets.discard(websocket)
            await game.stop()
            await end_process(getattr(game, "_process", None))  # textual-serve keeps it private
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab so Ctrl+C returns at once and each tab's game is told to quit.

        aiohttp would otherwise wait for open websockets until its shutdown timeout.
        """
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with its websocket and static URLs built from the address the browser used.

        textual-serve builds them from the bind address, which a browser cannot reach when
        the server listens on 0.0.0.0.
        """
        origin = f"{request.scheme}://{request.host}"
        ws_origin = ("wss://" if request.scheme == "https" else "ws://") + request.host
        router = request.app.router
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_origin + str(router["websocket"].url_for()),
            "config": {
                "static": {
                    "url": origin + str(router["static"].url_for(filename="/")).rstrip("/") + "/"
                }
            },
            "application": {"name": self.title},
        }
