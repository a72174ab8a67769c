"""A chapter's number and heading lines, as every interface and transcript shows them."""

from __future__ import annotations

from game.story.dates import format_date
from game.story.model import Chapter, Story


def chapter_number(story: Story, chapter: Chapter) -> int:
    """1-based, in story order."""
    return story.chapters.index(chapter) + 1


def numbered_title(number: int, title: str) -> str:
    """'Chapter 2: The Patrol', for a caller that already knows the number."""
    return f"Chapter {number}: {title}"


def chapter_title(story: Story, chapter: Chapter) -> str:
    """'Chapter 2: The Patrol'."""
    return numbered_title(chapter_number(story, chapter), chapter.title)


def place_name(story: Story, chapter: Chapter) -> str:
    place = story.places.get(chapter.place)
    return place.name if place else chapter.place


def place_and_date(story: Story, chapter: Chapter) -> str:
    """'Antung, April 1951' (either part left out when the chapter gives none)."""
    parts = [place_name(story, chapter) if chapter.place else ""]
    parts.append(format_date(chapter.date) if chapter.date else "")
    return ", ".join(part for part in parts if part)


def place_line(story: Story, chapter: Chapter) -> str:
    """'Antung, April 1951. You are a Soviet pilot.': the line under a chapter's title,
    "" for a chapter with neither place, date nor viewpoint."""
    where = place_and_date(story, chapter)
    parts = [f"{where}." if where else ""]
    parts.append(f"You are {chapter.viewpoint}." if chapter.viewpoint else "")
    return " ".join(part for part in parts if part)


def chapters_by_place(story: Story) -> dict[str, list[str]]:
    """Each place's chapters as '1. Title' lines, for the map's legend."""
    found: dict[str, list[str]] = {}
    for number, chapter in enumerate(story.chapters, start=1):
        found.setdefault(chapter.place, []).append(f"{number}. {chapter.title}")
    return found
