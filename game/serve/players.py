"""Each browser is its own player: a random id in a cookie names its own save folder.

Without it every tab shared one save folder, so any tab could list, load and delete every
other player's saves. The id is 192 random bits, never shown to the page's scripts
(HttpOnly) and never sent by another site's requests (SameSite=Strict).
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import TypedDict

COOKIE = "deniable-player"
PLAYERS_FOLDER = "players"
_ID = re.compile(r"[A-Za-z0-9_-]{32}")
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


def new_player_id() -> str:
    return secrets.token_urlsafe(24)  # 32 characters of [A-Za-z0-9_-]


def is_player_id(text: str | None) -> bool:
    """True for an id `new_player_id` could have made; nothing else becomes a folder name."""
    return text is not None and _ID.fullmatch(text) is not None


def is_tab_id(text: str | None) -> bool:
    """A tab id the page made (game.saves.tabs.is_tab_id: serve never imports the saves).

    The page keeps one per tab in sessionStorage and opens its game at /ws/TAB, so the
    tab's game Continues its own run; anything else is refused before a game starts.
    """
    return text is not None and _ID.fullmatch(text) is not None


def player_folder(saves_root: Path, player_id: str) -> Path:
    """Where one browser's saves and settings live, under the server's save folder."""
    if not is_player_id(player_id):
        raise ValueError(f"not a player id: {player_id!r}")
    return saves_root / PLAYERS_FOLDER / player_id


class CookieSettings(TypedDict):
    max_age: int
    path: str
    httponly: bool
    samesite: str
    secure: bool


def cookie_settings(secure: bool) -> CookieSettings:
    """The cookie's attributes for aiohttp's `set_cookie`."""
    return {
        "max_age": COOKIE_MAX_AGE,
        "path": "/",
        "httponly": True,
        "samesite": "Strict",
        "secure": secure,
    }
