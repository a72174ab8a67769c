"""Just enough of the Chrome DevTools protocol to drive headless Chromium from a test.

Playwright cannot download its own browser here, and Debian's `chromium` speaks this
protocol natively; aiohttp (already installed for textual-serve) is the websocket client.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import os
import re
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import aiohttp

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--no-default-browser-check",
    "--remote-debugging-port=0",
]

# Installed before any page script runs: keeps a copy of every binary websocket frame the
# page receives, which for textual-serve is the game's terminal output.
RECORD_FRAMES = """
(() => {
  const frames = [];
  window.__deniableFrames = frames;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") frames.push(new Uint8Array(event.data));
      });
    }
  };
})();
"""

TAKE_FRAMES = """
(() => {
  let text = "";
  for (const frame of (window.__deniableFrames || []).splice(0)) {
    for (let i = 0; i < frame.length; i++) text += String.fromCharCode(frame[i]);
  }
  return btoa(text);
})()
"""

KEYS = {
    "\r": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "\x1b": {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27},
}


def find_chromium() -> str | None:
    """Debian's chromium (what .ci/run installs), or another Chromium on PATH."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


class ProtocolError(Exception):
    pass


class Chromium:
    """A headless Chromium process and one DevTools websocket to it."""

    def __init__(self, process: subprocess.Popen, websocket, session: aiohttp.ClientSession):
        self.process = process
        self.websocket = websocket
        self.session = session
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future] = {}
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def launch(cls, executable: str, profile: Path, width: int, height: int) -> Chromium:
        process = subprocess.Popen(
            [
                executable,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so closing ends every helper
        )
        found: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        loop = asyncio.get_running_loop()
        lines: list[str] = []

        def watch() -> None:
            for raw in iter(process.stderr.readline, b""):
                line = raw.decode("utf-8", "replace")
                lines.append(line)
                match = re.search(r"DevTools listening on (ws://\S+)", line)
                if match and not found.done():
                    loop.call_soon_threadsafe(found.set_result, match.group(1))
            if not found.done():
                loop.call_soon_threadsafe(found.set_result, "")

        threading.Thread(target=watch, daemon=True).start()
        try:
            url = await asyncio.wait_for(found, 20)
        except TimeoutError:
            url = ""
        if not url:
            stop_group(process)
            raise ProtocolError("Chromium did not start:\n" + "".join(lines[-20:]))
        session = aiohttp.ClientSession()
        websocket = await session.ws_connect(url, max_msg_size=0)
        return cls(process, websocket, session)

    async def _read(self) -> None:
        async for message in self.websocket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = message.json()
            future = self.pending.pop(data.get("id"), None)
            if future is not None and not future.done():
                if "error" in data:
                    future.set_exception(ProtocolError(str(data["error"])))
                else:
                    future.set_result(data.get("result", {}))
        for future in self.pending.values():
            if not future.done():
                future.set_exception(ProtocolError("Chromium closed the DevTools connection"))

    async def send(self, method: str, params: dict | None = None, session: str | None = None):
        message_id = next(self.ids)
        future = asyncio.get_running_loop().create_future()
        self.pending[message_id] = future
        message = {"id": message_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        await self.websocket.send_json(message)
        return await asyncio.wait_for(future, 20)

    async def new_page(self) -> Page:
        target = await self.send("Target.createTarget", {"url": "about:blank"})
        attached = await self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        page = Page(self, attached["sessionId"])
        await page.send("Page.enable")
        await page.send("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_FRAMES})
        return page

    async def close(self) -> None:
        with contextlib.suppress(ProtocolError, TimeoutError, ConnectionError):
            await asyncio.wait_for(self.send("Browser.close"), 5)
        self.reader.cancel()
        await self.websocket.close()
        await self.session.close()
        stop_group(self.process)


def stop_group(process: subprocess.Popen) -> None:
    """End the Chromium we started and its helper processes (its own process group)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Page:
    """One tab: navigate, evaluate, click, type, read the game's output, screenshot."""

    def __init__(self, browser: Chromium, session: str):
        self.browser = browser
        self.session = session
        self.output = b""

    async def send(self, method: str, params: dict | None = None):
        return await self.browser.send(method, params, self.session)

    async def goto(self, url: str) -> None:
        await self.send("Page.navigate", {"url": url})

    async def evaluate(self, expression: str):
        result = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise ProtocolError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    async def wait_until(self, expression: str, timeout: float = 20.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not await self.evaluate(expression):
            if loop.time() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {expression}")
            await asyncio.sleep(0.1)

    async def read_output(self) -> bytes:
        """The terminal output the page's websocket received since the last read."""
        chunk = base64.b64decode(await self.evaluate(TAKE_FRAMES) or "")
        self.output += chunk
        return chunk

    async def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    async def press(self, key: str) -> None:
        """A real key press, as the keyboard would send it to the focused terminal."""
        if key in KEYS:
            fields = KEYS[key]
        else:
            fields = {
                "key": key,
                "text": key,
                "code": f"Key{key.upper()}" if key.isalpha() else "",
                "windowsVirtualKeyCode": ord(key.upper()),
            }
        await self.send("Input.dispatchKeyEvent", {"type": "keyDown", **fields})
        await self.send(
            "Input.dispatchKeyEvent",
            {"type": "keyUp", **{k: v for k, v in fields.items() if k != "text"}},
        )

    async def screenshot(self, path: Path) -> bytes:
        shot = await self.send("Page.captureScreenshot", {"format": "png"})
        data = base64.b64decode(shot["data"])
        path.write_bytes(data)
        return data
