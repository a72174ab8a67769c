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
    """'Antung, April 1951'."""
    return f"{place_name(story, chapter)}, {format_date(chapter.date)}"


def place_line(story: Story, chapter: Chapter) -> str:
    """'Antung, April 1951. You are a Soviet pilot.': the line under a chapter's title."""
    return f"{place_and_date(story, chapter)}. You are {chapter.viewpoint}."


def chapters_by_place(story: Story) -> dict[str, list[str]]:
    """Each place's chapters as '1. Title' lines, for the map's legend."""
    found: dict[str, list[str]] = {}
    for number, chapter in enumerate(story.chapters, start=1):
        found.setdefault(chapter.place, []).append(f"{number}. {chapter.title}")
    return found
