"""The web server behind `deniable serve`: the page, and a game process per browser tab.

An aiohttp application of our own (textual-serve's Server hard-codes its page, fonts from
a font service and no checks), serving textual-serve's terminal script and driving each
game through `game.serve.games.Game`. It answers only its own host names, takes websockets
only from its own page, gives each browser its own save folder, caps the number of games
and ends games left idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass
from pathlib import Path

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.typedefs import Handler
from aiohttp.web_runner import GracefulExit

from game.serve import page
from game.serve.games import Game
from game.serve.hosts import HostPolicy
from game.serve.players import (
    COOKIE,
    cookie_settings,
    is_player_id,
    is_tab_id,
    new_player_id,
    player_folder,
)
from game.serve.protocol import (
    MAX_MESSAGE_BYTES,
    BadMessage,
    Focus,
    Keys,
    Ping,
    Resize,
    parse_message,
    size_from_query,
)

log = logging.getLogger("deniable.serve")
TERMINAL_STATIC = Path(textual_serve.__file__).parent / "static"
POLICY_VIOLATION = WSCloseCode.POLICY_VIOLATION
TRY_AGAIN_LATER = WSCloseCode.TRY_AGAIN_LATER


@dataclass(frozen=True)
class Limits:
    """How much of the machine the server lets browsers use."""

    max_games: int
    idle_seconds: float
    memory_bytes: int | None  # None: games run uncapped


class GameServer:
    """Serve `argv` (a game command) to browsers at host:port, saving under `saves_root`."""

    def __init__(
        self,
        argv: list[str],
        host: str,
        port: int,
        saves_root: Path,
        limits: Limits,
        allowed_names: tuple[str, ...] = (),
    ):
        from game.serve.games import capped

        self.argv = capped(argv, limits.memory_bytes)
        self.host = host
        self.port = port
        self.saves_root = saves_root
        self.limits = limits
        self.hosts = HostPolicy(host, allowed_names)
        self.games: dict[web.WebSocketResponse, Game] = {}
        self._idle_watch: asyncio.Task[None] | None = None

    @property
    def browser_url(self) -> str:
        """The address to print: a wildcard host means "this machine" to a local browser."""
        host = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(self.host, self.host)
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    # ------------------------------------------------------------ the application

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/ws/{tab}", self.handle_websocket, name="tab-websocket"),
                web.get("/favicon.ico", self.handle_favicon),
                web.static("/assets", page.ASSETS, name="assets"),
                web.static("/static", TERMINAL_STATIC, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def serve(self) -> None:
        """Run until Ctrl+C, SIGTERM or a closed terminal (SIGHUP)."""
        logging.basicConfig(level=logging.INFO, format="deniable serve: %(message)s")
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, AttributeError, ValueError):
                loop.add_signal_handler(number, self.request_exit)
        try:
            web.run_app(
                self.make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=self.announce,  # called once the port is listening
                shutdown_timeout=10,
            )
        finally:
            loop.close()

    @staticmethod
    def request_exit() -> None:
        raise GracefulExit()

    def announce(self, _aiohttp_banner: str = "") -> None:
        """The address and how to stop, printed once browsers can connect."""
        print(f"Deniable is being served at {self.browser_url}")
        print(
            f"Open it in a web browser; each browser is its own player, up to "
            f"{self.limits.max_games} games at once. Ctrl+C stops.",
            flush=True,
        )

    async def on_startup(self, app: web.Application) -> None:
        self._idle_watch = asyncio.create_task(self.end_idle_games())

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab so Ctrl+C returns at once and each tab's game ends.

        aiohttp would otherwise wait for open websockets until its shutdown timeout.
        """
        if self._idle_watch is not None:
            self._idle_watch.cancel()
        for websocket in list(self.games):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    # ------------------------------------------------------------ checks

    @web.middleware
    async def check_host(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Answer only the names this server was started for (no DNS rebinding)."""
        if not self.hosts.allows_host(request.headers.get("Host")):
            raise web.HTTPForbidden(
                text="This server does not answer to that host name. Open the address "
                "'deniable serve' printed.\n"
            )
        response = await handler(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    def player_of(self, request: web.Request) -> str | None:
        player = request.cookies.get(COOKIE)
        return player if is_player_id(player) else None

    def games_running(self) -> int:
        return sum(1 for websocket in self.games if not websocket.closed)

    # ------------------------------------------------------------ handlers

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page; a new browser gets its player id here, in a cookie."""
        if self.games_running() >= self.limits.max_games:
            return web.Response(
                status=503,
                text=page.busy_page(self.limits.max_games),
                content_type="text/html",
                headers={"Retry-After": "60", **page.HEADERS},
            )
        response = web.Response(text=page.index_page(), content_type="text/html")
        response.headers.update(page.HEADERS)
        player = self.player_of(request) or new_player_id()
        response.set_cookie(COOKIE, player, **cookie_settings(secure=request.secure))
        return response

    async def handle_favicon(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPMovedPermanently("/assets/favicon.svg")

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """A tab's game, from the checked handshake to the reaped process.

        The page opens /ws/TAB with the tab's own id, so the tab's game Continues the run
        that tab played (game/saves/tabs.py); plain /ws is a tab with no memory."""
        if not self.hosts.allows_origin(
            request.headers.get("Origin"), request.headers.get("Host"), request.scheme
        ):
            raise web.HTTPForbidden(text="Games are played from this server's own page.\n")
        player = self.player_of(request)
        if player is None:
            raise web.HTTPForbidden(text="Open the page first: it gives this browser its id.\n")
        tab = request.match_info.get("tab")
        if tab is not None and not is_tab_id(tab):
            raise web.HTTPBadRequest(text="Not a tab id: reload the page to get a new one.\n")
        try:
            size = size_from_query(request.query)
        except BadMessage as problem:
            raise web.HTTPBadRequest(text=f"{problem}\n") from None

        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        await websocket.prepare(request)
        if self.games_running() >= self.limits.max_games:
            reason = f"all {self.limits.max_games} games are in use; try again later"
            await websocket.close(code=TRY_AGAIN_LATER, message=reason.encode())
            return websocket
        game = Game(
            self.argv,
            player_folder(self.saves_root, player),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            tab=tab,
        )
        self.games[websocket] = game
        try:
            await game.begin(size)
            await self.relay(websocket, game)
        except Exception as error:  # one tab's failure is logged; the server and other tabs go on
            log.error("A game could not run: %s", error)
        finally:
            # Shielded: a dropped connection must not leave the game process behind.
            await asyncio.shield(self.finish(websocket, game))
        return websocket

    async def finish(self, websocket: web.WebSocketResponse, game: Game) -> None:
        try:
            await game.end()
        finally:
            self.games.pop(websocket, None)
            with contextlib.suppress(Exception):
                await websocket.close()

    async def relay(self, websocket: web.WebSocketResponse, game: Game) -> None:
        """Pass the tab's checked messages to its game until either side closes.

        A message the page never sends closes this tab's socket, saying why.
        """
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                reason = b"only text messages are accepted"
                await websocket.close(code=WSCloseCode.UNSUPPORTED_DATA, message=reason)
                return
            try:
                parsed = parse_message(message.data)
            except BadMessage as problem:
                log.warning("Closed a tab that sent a bad message: %s", problem)
                reason = str(problem).encode()[:120]
                await websocket.close(code=POLICY_VIOLATION, message=reason)
                return
            if isinstance(parsed, Keys):
                game.touched()
                await game.send_bytes(parsed.text.encode("utf-8"))
            elif isinstance(parsed, Resize):
                game.touched()
                await game.set_terminal_size(parsed.size.width, parsed.size.height)
            elif isinstance(parsed, Ping):
                await websocket.send_json(["pong", parsed.data])
            elif isinstance(parsed, Focus):
                await (game.focus() if parsed.focused else game.blur())

    async def end_idle_games(self) -> None:
        """Every few seconds, close the tabs idle past the limit; their games autosave."""
        limit = self.limits.idle_seconds
        while True:
            await asyncio.sleep(min(max(limit / 4, 0.2), 30))
            for websocket, game in list(self.games.items()):
                if game.idle_for() > limit and not websocket.closed:
                    minutes = max(1, round(limit / 60))
                    reason = f"idle for {minutes} min: the game was saved and closed"
                    await websocket.close(code=WSCloseCode.GOING_AWAY, message=reason.encode())
