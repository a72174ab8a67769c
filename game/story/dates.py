"""Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) as people read them."""

from __future__ import annotations

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(date: str) -> str:
    """'1950-04' -> 'April 1950'; '1953-09-21' -> '21 September 1953'."""
    parts = str(date).split("-")
    try:
        if len(parts) == 1:
            return parts[0]
        month = MONTHS[int(parts[1]) - 1]
        if len(parts) == 2:
            return f"{month} {parts[0]}"
        return f"{int(parts[2])} {month} {parts[0]}"
    except (ValueError, IndexError):
        return str(date)


def sort_key(date: str) -> tuple[int, int, int]:
    parts = [int(p) for p in str(date).split("-") if p.isdigit()]
    parts += [0] * (3 - len(parts))
    return parts[0], parts[1], parts[2]
