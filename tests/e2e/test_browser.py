"""The game in a real browser: headless Chromium opens `deniable serve`'s page, waits for the
title screen, starts a new game, makes a choice, sees the note, and takes a screenshot.

xterm.js draws on a canvas, so the page's DOM holds no text: the test reads what the game
sent from the page's own websocket (recorded by a script added before the page loads) and
keeps the screenshot for a person to look at (its path is printed; set
DENIABLE_SCREENSHOTS=DIR to keep a copy).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import struct
from pathlib import Path

import pytest
from cdp_client import Chromium, find_chromium
from e2e_helpers import FEATURE_TOUR, Served, terminal_text

WIDTH, HEIGHT = 1200, 800
BUDGET = 45  # seconds for the whole scenario; it takes about 5


@pytest.fixture(scope="module")
def chromium() -> str:
    executable = find_chromium()
    if executable is None:
        reason = (
            "Chromium is not installed, so the browser test cannot run: .ci/run installs "
            "Debian's 'chromium' with apt-get; locally run 'apt-get install chromium'."
        )
        pytest.skip(reason)
    return executable


async def wait_for_text(page, text: str, timeout: float = 20.0) -> str:
    """Poll the game's output received by the page until `text` shows; the text since start."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    start = len(page.output)
    while text not in terminal_text(page.output[start:]):
        if loop.time() > deadline:
            raise AssertionError(
                f"{text!r} never reached the page in {timeout}s; it showed:\n"
                + terminal_text(page.output[start:])[-2000:]
            )
        await asyncio.sleep(0.1)
        await page.read_output()
    return terminal_text(page.output[start:])


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG"
    return struct.unpack(">II", data[16:24])


async def play_in_browser(executable: str, url: str, profile: Path, shot: Path) -> dict:
    browser = await Chromium.launch(executable, profile, WIDTH, HEIGHT)
    try:
        page = await browser.new_page()
        await page.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )
        await page.goto(url)
        # The splash stays until the game's first bytes arrive, then the terminal shows.
        await page.wait_until("document.body && document.body.classList.contains('-first-byte')")
        title = await wait_for_text(page, "Every field of the format in two short chapters")
        # Click into the terminal, as a player would, so the keys go to the game.
        await page.click(8, 8)
        await page.press("n")
        scene = await wait_for_text(page, "Study the map first.")
        await page.press("\r")
        note = await wait_for_text(page, "Sources: Test source A")
        await asyncio.sleep(0.5)  # let xterm.js paint the last frame before the picture
        data = await page.screenshot(shot)
        closed = await page.evaluate("document.body.classList.contains('-closed')")
        return {"title": title, "scene": scene, "note": note, "png": data, "closed": closed}
    finally:
        await browser.close()


async def test_play_a_choice_in_headless_chromium(chromium, tmp_path):
    saves = tmp_path / "saves"
    served = Served("--story", str(FEATURE_TOUR), env={"DENIABLE_SAVES": str(saves)})
    shot = tmp_path / "browser.png"
    try:
        seen = await asyncio.wait_for(
            play_in_browser(chromium, served.url, tmp_path / "profile", shot), BUDGET
        )
    finally:
        assert served.stop() == 0
    print(f"\nscreenshot: {shot}")
    if os.environ.get("DENIABLE_SCREENSHOTS"):
        keep = Path(os.environ["DENIABLE_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, keep / shot.name)

    assert "New game" in seen["title"]
    assert "Put on the uniform." in seen["scene"]
    assert "Maps and memory" in seen["note"]  # the note card after the choice
    assert png_size(seen["png"]) == (WIDTH, HEIGHT)
    assert not seen["closed"], "the page says the session ended"
    assert list(saves.glob("*")), "the browser game did not autosave"
    assert "Traceback" not in served.output
