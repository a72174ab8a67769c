"""Slot names are free text; the file under them is a safe, plain name derived from it.

A name that is already a plain lower-case slug is its own file name (`chapter-3` ->
`chapter-3.json`); any other name gets a slug, two dashes and a short hash of the exact
name, so `My save`, `my save` and `../../etc` land in distinct files inside the folder,
never in a hidden file, a reserved device name or anywhere outside it. A slug never holds
two dashes in a row, so no plain name can take a hashed name's file (`My save` is
`my-save--36672863.json`, and the name `my-save--36672863` is not a slug). The store
also refuses to write over a file that holds a save of another name, for the hash's
one-in-four-billion chance.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

SUFFIX = ".json"
MAX_SLOT_LENGTH = 80
_SLUG_LENGTH = 40
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Windows device names are reserved whatever the extension; avoid them everywhere.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{n}" for n in range(10)] + [f"lpt{n}" for n in range(10)]
)


class SlotNameError(ValueError):
    """The slot name cannot be used; the message says why and what to type instead."""


def clean_slot(slot: str) -> str:
    """The name as stored: trimmed; refused when empty, too long or with control characters."""
    if not isinstance(slot, str):
        raise SlotNameError("a slot name must be text")
    name = slot.strip()
    if not name:
        raise SlotNameError("give the save a name")
    if len(name) > MAX_SLOT_LENGTH:
        raise SlotNameError(f"slot names are at most {MAX_SLOT_LENGTH} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise SlotNameError("slot names cannot hold control characters or line breaks")
    return name


def _slug_and_digest(name: str) -> tuple[str, str]:
    slug = _NOT_SLUG.sub("-", name.casefold()).strip("-")[:_SLUG_LENGTH].strip("-")
    return slug, hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def slot_file_name(slot: str) -> str:
    """The file name (with .json) a slot is stored under; always a plain name in the folder."""
    name = clean_slot(slot)
    slug, digest = _slug_and_digest(name)
    if slug != name or slug in RESERVED:
        slug = f"{slug}--{digest}" if slug else f"slot--{digest}"
    return slug + SUFFIX


def legacy_file_name(slot: str) -> str | None:
    """The file name saves of this slot had before hashed names took two dashes, if any."""
    name = clean_slot(slot)
    slug, digest = _slug_and_digest(name)
    if slug == name and slug not in RESERVED:
        return None
    return (f"{slug}-{digest}" if slug else f"slot-{digest}") + SUFFIX
