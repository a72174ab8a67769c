"""The game in a real browser: Debian's Chromium, driven by Playwright, opens `deniable
serve`'s page, starts the campaign, makes its first two choices, reads the notes they
unlock, and takes a screenshot that must show text.

xterm.js draws on a canvas, so the page's DOM holds no text: the test reads what the game
sent over the page's own websocket, and checks the screenshot's pixels (many colours, text
drawn in the middle of the page), not just that a file was written. Its path is printed;
set DENIABLE_SCREENSHOTS=DIR to keep a copy.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import struct
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from e2e_helpers import Served, terminal_text

pytestmark = pytest.mark.e2e
CHROMIUM = Path("/usr/bin/chromium")
WIDTH, HEIGHT = 1200, 800
BUDGET = 150  # seconds for the whole scenario; about 10 on a quiet machine, far more
# while the wheel test builds and installs on the other core


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium is not installed, so the browser test cannot run: .ci/run installs "
            "Debian's 'chromium' with apt-get; locally run 'apt-get install chromium'."
        )
    pytest.importorskip("playwright", reason="the test extra installs playwright")
    return CHROMIUM


class Screen:
    """What the game sent to the page, read from the page's websocket frames."""

    def __init__(self):
        self.output = b""

    def record(self, websocket) -> None:
        def received(payload) -> None:
            if isinstance(payload, bytes):
                self.output += payload

        websocket.on("framereceived", received)

    async def wait_for(self, text: str, timeout: float = 30.0, from_start: bool = False) -> str:
        """Wait until `text` arrives (since this call started, or since the page opened
        with `from_start`); the text since then."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        start = 0 if from_start else len(self.output)
        while text not in terminal_text(self.output[start:]):
            if loop.time() > deadline:
                raise AssertionError(
                    f"{text!r} never reached the page in {timeout}s; it showed:\n"
                    + terminal_text(self.output[start:])[-2000:]
                )
            await asyncio.sleep(0.1)
        return terminal_text(self.output[start:])


TAB_ID = "sessionStorage.getItem('deniable-tab')"  # the page's id for its tab


async def back_in_its_game(page, come_back) -> tuple[str, str]:
    """Bring `page` back (`come_back`: its reload, or going to the game's address again),
    wait until it shows its own game (the uniform choice made before), and read its tab
    id: (what it showed, the id)."""
    screen = Screen()
    page.on("websocket", screen.record)
    await come_back()
    shown = await screen.wait_for("Put on the uniform.", from_start=True, timeout=20)
    return shown, await page.evaluate(TAB_ID)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced PNG, such as
    Chromium's screenshots; no imaging library needed."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and not interlace, "an unexpected PNG layout"
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up, corner = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )
                line[x] = (line[x] + near[2]) & 0xFF
        rows.append(
            bytes(line if step == 3 else b"".join(line[i : i + 3] for i in range(0, stride, 4)))
        )
        previous = line
    return width, height, rows


def colour_counts(rows: list[bytes], top: int, bottom: int) -> Counter:
    """How many pixels of each RGB colour the rows from `top` to `bottom` hold."""
    counts = Counter()
    for row in rows[top:bottom]:
        counts.update(row[i : i + 3] for i in range(0, len(row), 3))
    return counts


async def play_in_browser(executable: Path, url: str, shot: Path) -> dict:
    from playwright.async_api import async_playwright

    seen: dict = {"requests": []}
    screen = Screen()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=["--no-sandbox"]
        )
        try:
            page = await browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.on("request", lambda request: seen["requests"].append(request.url))
            page.on("websocket", screen.record)
            await page.goto(url)
            seen["title"] = await page.title()
            seen["lang"] = await page.evaluate("document.documentElement.lang")
            seen["icon"] = await page.evaluate("document.querySelector('link[rel=icon]').href")
            # The splash stays until the game's first bytes arrive, then the terminal shows.
            await page.wait_for_selector("body.-first-byte", state="attached")
            # The title may be drawn before this line runs: look from the first byte on.
            seen["menu"] = await screen.wait_for(
                "The Soviet Union in the Korean War", timeout=75, from_start=True
            )
            # One click, where a player would: keys then go to the game.
            await page.mouse.click(WIDTH // 2, HEIGHT - 40)
            seen["focused"] = await page.evaluate(
                "document.activeElement.classList.contains('xterm-helper-textarea')"
            )
            await page.keyboard.press("n")
            seen["scene"] = await screen.wait_for("Read the founding order in Russian")
            await page.keyboard.press("1")
            seen["first note"] = await screen.wait_for("The Shineuiju academy")
            await page.keyboard.press("Enter")  # Continue, past the note
            seen["second scene"] = await screen.wait_for("Keep Han as an instructor")
            await page.keyboard.press("1")
            seen["second note"] = await screen.wait_for("Flyers trained in Japanese service")
            await asyncio.sleep(0.5)  # let xterm.js paint the last frame before the picture
            await page.screenshot(path=str(shot))
            # the band where the scene's text is, decoded below (a whole page takes seconds)
            band = {"x": 0, "y": HEIGHT // 8, "width": WIDTH * 3 // 4, "height": HEIGHT // 4}
            seen["png"] = await page.screenshot(clip=band)
            seen["closed"] = await page.evaluate("document.body.classList.contains('-closed')")
        finally:
            await browser.close()
    return seen


async def test_play_the_campaigns_first_choices_in_chromium(chromium, tmp_path):
    saves = tmp_path / "saves"
    served = Served(env={"DENIABLE_SAVES": str(saves)})
    shot = tmp_path / "browser.png"
    try:
        seen = await asyncio.wait_for(play_in_browser(chromium, served.url, shot), BUDGET)
    finally:
        assert served.stop() == 0
    print(f"\nscreenshot: {shot}")
    if os.environ.get("DENIABLE_SCREENSHOTS"):
        keep = Path(os.environ["DENIABLE_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, keep / shot.name)

    assert seen["title"] == "Deniable"
    assert seen["lang"] == "en"
    assert seen["icon"].endswith("/assets/favicon.svg")
    outside = [u for u in seen["requests"] if urlsplit(u).hostname not in ("127.0.0.1", None)]
    assert not outside, f"the page loaded from outside this machine: {outside}"
    assert "New game" in seen["menu"]
    assert seen["focused"], "the first click did not land in the game"
    assert "The field by the Yalu" in seen["scene"]
    assert "The man who had flown" in seen["second scene"]
    assert not seen["closed"], "the page says the game ended"

    width, height, rows = png_pixels(seen["png"])
    assert (width, height) == (WIDTH * 3 // 4, HEIGHT // 4)
    colours = colour_counts(rows, 0, height)
    _, most = colours.most_common(1)[0]
    assert len(colours) > 20, "the screenshot is nearly one colour: no text was drawn"
    assert most < 0.97 * width * height, "the page is blank where the scene's text should be"

    player_saves = list((saves / "players").rglob("*.json"))
    assert player_saves, "the browser's game did not autosave in its player folder"
    assert "Traceback" not in served.output


async def two_tabs_in_browser(executable: Path, url: str) -> dict:
    """Two tabs of one browser (one cookie jar, a sessionStorage each), as issue 16 found
    them: the first makes a choice, the second starts a game, the first leaves (its game
    ends), the second makes a choice (so its game is saved last), the first comes back
    and is put straight back into its own game."""
    from playwright.async_api import async_playwright

    seen: dict = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=["--no-sandbox"]
        )
        try:
            context = await browser.new_context(viewport={"width": 1000, "height": 700})
            tabs = []
            for _ in range(2):
                page, screen = await context.new_page(), Screen()
                page.on("websocket", screen.record)
                await page.goto(url)
                await page.wait_for_selector("body.-first-byte", state="attached")
                await screen.wait_for("Every field of the format", from_start=True)
                await page.mouse.click(500, 660)
                tabs.append((page, screen))
            (first, first_screen), (second, second_screen) = tabs
            seen["ids"] = [await first.evaluate(TAB_ID), await second.evaluate(TAB_ID)]
            await first.keyboard.press("n")
            await first_screen.wait_for("Study the map first.")
            await first.keyboard.press("1")  # studies the map: back in the briefing
            await first_screen.wait_for("Sources: Test source A")
            await second.keyboard.press("n")
            await second_screen.wait_for("Put on the uniform.")
            await first.goto("about:blank")  # the tab leaves: its game autosaves and ends
            await asyncio.sleep(1.5)
            await second.keyboard.press("2")  # the uniform: on to the hangar, saved last
            await second_screen.wait_for("The collar itches.")
            await asyncio.sleep(1.5)  # the autosave is written in the background

            # the same tab comes back: straight into its own game
            seen["continued"], seen["id after reload"] = await back_in_its_game(
                first, lambda: first.goto(url)
            )
        finally:
            await browser.close()
    return seen


# It serves the feature tour, whose game processes the serve tests count: one worker.
@pytest.mark.xdist_group("serve")
async def test_two_tabs_of_one_browser_each_continue_their_own_game(chromium, tmp_path):
    from story_helpers import FEATURE_TOUR

    served = Served("--story", str(FEATURE_TOUR), env={"DENIABLE_SAVES": str(tmp_path)})
    try:
        seen = await asyncio.wait_for(two_tabs_in_browser(chromium, served.url), BUDGET)
    finally:
        assert served.stop() == 0
    first_id, second_id = seen["ids"]
    assert first_id and second_id and first_id != second_id
    assert seen["id after reload"] == first_id
    assert "The MiG waits" not in seen["continued"], "the reloaded tab continued the other game"
    assert "The briefing room" in seen["continued"]
    players = list((tmp_path / "players").iterdir())
    assert len(players) == 1, "two tabs of one browser were two players"
    assert len(list(players[0].glob("runs/*/autosave.json"))) == 2
    assert "Traceback" not in served.output


async def duplicated_tab_in_browser(executable: Path, url: str) -> dict:
    """A tab in a game, then a second tab starting with a copy of its sessionStorage (what
    Chrome's "Duplicate tab" makes), then the first tab reloaded."""
    from playwright.async_api import async_playwright

    seen: dict = {"sockets": {"first": [], "copy": []}}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=["--no-sandbox"]
        )
        try:
            context = await browser.new_context(viewport={"width": 1000, "height": 700})
            first, screen = await context.new_page(), Screen()
            first.on("websocket", screen.record)
            first.on("websocket", lambda ws: seen["sockets"]["first"].append(ws.url))
            await first.goto(url)
            await first.wait_for_selector("body.-first-byte", state="attached")
            await screen.wait_for("Every field of the format", from_start=True)
            await first.mouse.click(500, 660)
            await first.keyboard.press("n")
            await screen.wait_for("Study the map first.")
            await first.keyboard.press("1")  # studies the map: back in the briefing
            await screen.wait_for("Sources: Test source A")
            seen["first id"] = await first.evaluate(TAB_ID)
            await asyncio.sleep(1.5)  # the autosave is written in the background

            copy, copy_screen = await context.new_page(), Screen()
            # The copy's sessionStorage holds the first tab's id before any script runs.
            await copy.add_init_script(
                f"if (!sessionStorage.getItem('deniable-tab')) "
                f"sessionStorage.setItem('deniable-tab', {seen['first id']!r});"
            )
            copy.on("websocket", copy_screen.record)
            copy.on("websocket", lambda ws: seen["sockets"]["copy"].append(ws.url))
            await copy.goto(url)
            await copy.wait_for_selector("body.-first-byte", state="attached")
            seen["copy title"] = await copy_screen.wait_for(
                "Every field of the format", from_start=True
            )
            await asyncio.sleep(1.0)  # anything the copy's game would draw next
            seen["copy shows"] = terminal_text(copy_screen.output)
            seen["copy id"] = await copy.evaluate(TAB_ID)

            # the first tab goes straight back into its own game
            seen["first continued"], seen["first id after reload"] = await back_in_its_game(
                first, first.reload
            )
        finally:
            await browser.close()
    return seen


@pytest.mark.xdist_group("serve")
async def test_a_duplicated_tab_gets_its_own_id_and_the_first_keeps_its_game(chromium, tmp_path):
    """A copied sessionStorage once gave two tabs one id, so one run: the copy opened
    straight into the first tab's game and both played it."""
    from story_helpers import FEATURE_TOUR

    served = Served("--story", str(FEATURE_TOUR), env={"DENIABLE_SAVES": str(tmp_path)})
    try:
        seen = await asyncio.wait_for(duplicated_tab_in_browser(chromium, served.url), BUDGET)
    finally:
        assert served.stop() == 0
    first_id, copy_id = seen["first id"], seen["copy id"]
    assert first_id and copy_id and copy_id != first_id, "the copy kept the first tab's id"
    assert [u.rsplit("/ws/", 1)[1].split("?")[0] for u in seen["sockets"]["copy"]] == [copy_id]
    assert "Sources: Test source A" not in seen["copy shows"], "the copy opened the first's game"
    assert "New game" in seen["copy title"]
    assert seen["first id after reload"] == first_id
    assert "The briefing room" in seen["first continued"]
    assert "Traceback" not in served.output
