"""The page a browser opens: the game's title, local fonts and scripts only, no Host echoed.

textual-serve's own page asked a font service for its font (and failed offline) and built
its URLs from the request's Host header; this one is the same for every request, finds
its websocket from the address bar, and may not be framed or load anything from elsewhere.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

ASSETS = Path(__file__).parent / "assets"
TITLE = "Deniable"

# 'self' also covers the page's own websocket in current browsers; nothing from elsewhere.
# Inline styles: xterm.js sets them as it draws. blob: the WebGL renderer's workers.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; worker-src 'self' blob:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@cache
def index_page() -> str:
    return (ASSETS / "index.html").read_text(encoding="utf-8")


def busy_page(max_games: int) -> str:
    """Said instead of the game when every game the server allows is running."""
    template = (ASSETS / "busy.html").read_text(encoding="utf-8")
    return template.replace("{max_games}", html.escape(str(max_games)))
