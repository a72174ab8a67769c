"""The campaign's cast table and its epilogue agree on who was real.

docs/campaign.md lists every named person, real or invented, with the chapters that name
them; the epilogue's "Who was real?" paragraph tells the player the same. The tests read
the table, look for each name in its chapters, and check that no sentence of the
paragraph calls anyone real whom the table marks invented, or the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from story_helpers import CAMPAIGN, ROOT

PLAN = ROOT / "docs" / "campaign.md"
HEADING = "## The cast: who was real"
PARAGRAPH_START = "Who was real?"
VERDICTS = {"real": re.compile(r"\breal\b"), "invented": re.compile(r"\binvented\b")}


@dataclass(frozen=True)
class Person:
    names: tuple[str, ...]
    chapters: tuple[int, ...]
    status: str
    line: int


def folded(text: str) -> str:
    """Text with its line breaks and indents folded, so a name is found across a wrap."""
    return " ".join(text.split())


def name_pattern(name: str) -> str:
    """A name as a whole word, a hyphen counting as part of a word: not "Kan" in "Kang".

    The name comes first and the look back at the character before it after, which
    matches the same places as a look back first, and lets the regex engine search for
    the name as plain text: ten times faster over the campaign's half a megabyte."""
    name = re.escape(name)
    return rf"{name}(?<![\w-]{name})(?![\w-])"


def chapter_numbers(cell: str) -> tuple[int, ...]:
    """'1, 4, 6-8' as (1, 4, 6, 7, 8)."""
    numbers: list[int] = []
    for part in cell.split(","):
        first, _, last = part.strip().partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return tuple(numbers)


def cast(plan: str) -> list[Person]:
    """The rows of the cast table under HEADING, up to the next heading."""
    lines = plan.splitlines()
    start = lines.index(HEADING)
    people = []
    for number, line in enumerate(lines[start + 1 :], start + 2):
        if line.startswith("## "):
            break
        if not line.startswith("| ") or line.startswith("| name ") or line.startswith("|---"):
            continue
        name, chapters, status, _who = (cell.strip() for cell in line.strip("| ").split(" | "))
        names = tuple(part.strip() for part in name.split(" / "))
        people.append(Person(names, chapter_numbers(chapters), status, number))
    return people


def chapter_texts() -> dict[int, str]:
    """Each chapter file's text, folded, by chapter number."""
    return {
        int(path.name[:2]): folded(path.read_text(encoding="utf-8"))
        for path in sorted(CAMPAIGN.glob("[0-9][0-9]-*.yaml"))
    }


def strings(node: object) -> Iterator[str]:
    """Every string in a parsed YAML document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def who_was_real() -> str:
    """The epilogue's paragraph, written once in chapter 11 and shared by every ending."""
    document = yaml.safe_load((CAMPAIGN / "11-archives.yaml").read_text(encoding="utf-8"))
    found = {folded(text) for text in strings(document) if PARAGRAPH_START in text}
    assert len(found) == 1, f"expected one paragraph with {PARAGRAPH_START!r}, found {found}"
    return found.pop()


def marked(text: str, names: list[str]) -> str:
    """`text` with each name replaced by <its index in `names`>, longest names first.

    So "Zhou" (an invented interpreter) is not found inside "Zhou Enlai", nor "Han" (an
    invented flight leader) inside "Han Tae-ho", and the marks hide the full stops in
    "Dr." and "M." before a paragraph is cut into sentences."""
    for index, name in sorted(enumerate(names), key=lambda pair: len(pair[1]), reverse=True):
        text = re.sub(name_pattern(name), f"<{index}>", text)
    return text


def named_in(text: str, names: list[str]) -> set[str]:
    """The names from `names` that `text` uses, each found only where no longer one is."""
    return {names[int(index)] for index in re.findall(r"<(\d+)>", marked(text, names))}


def mislabelled(paragraph: str, people: list[Person]) -> list[str]:
    """Sentences that name someone from the table and do not give the table's verdict.

    Each sentence that names anyone must say "real" or "invented", not both, and everyone
    it names must have that status in the table."""
    by_name = {name: person for person in people for name in person.names}
    names = list(by_name)
    problems = []
    for sentence in re.split(r"(?<=[.?!])\s+", marked(paragraph, names)):
        named = [names[int(index)] for index in re.findall(r"<(\d+)>", sentence)]
        if not named:
            continue
        readable = re.sub(r"<(\d+)>", lambda match: names[int(match.group(1))], sentence)
        verdicts = [verdict for verdict, word in VERDICTS.items() if word.search(sentence)]
        if len(verdicts) != 1:
            problems.append(f"say 'real' or 'invented', once: {readable!r}")
            continue
        for name in named:
            if by_name[name].status != verdicts[0]:
                problems.append(f"{name} is {by_name[name].status} in the table: {readable!r}")
    return problems


def every_name(people: list[Person]) -> list[str]:
    """Every form of every name in the table, in the table's order."""
    return [name for person in people for name in person.names]


def test_the_cast_table_is_well_formed():
    people = cast(PLAN.read_text(encoding="utf-8"))
    assert len(people) > 50, "the cast table is missing or nearly empty"
    for person in people:
        assert person.status in VERDICTS, f"campaign.md:{person.line}: {person.status!r}"
        assert person.chapters, f"campaign.md:{person.line}: no chapters"
        assert all(1 <= n <= 11 for n in person.chapters), f"campaign.md:{person.line}"
    names = every_name(people)
    assert len(names) == len(set(names)), "a name is in the table twice"


def test_everyone_in_the_table_is_in_the_chapters_it_lists():
    people = cast(PLAN.read_text(encoding="utf-8"))
    names = every_name(people)
    present = {number: named_in(text, names) for number, text in chapter_texts().items()}
    missing = [
        f"campaign.md:{person.line}: {' / '.join(person.names)} not in chapter {number}"
        for person in people
        for number in person.chapters
        if not present[number] & set(person.names)
    ]
    assert not missing, "\n".join(missing)


def test_the_invented_are_named_in_the_campaign():
    people = cast(PLAN.read_text(encoding="utf-8"))
    present = named_in(" ".join(chapter_texts().values()), every_name(people))
    absent = [
        f"campaign.md:{person.line}: {name}"
        for person in people
        if person.status == "invented"
        for name in person.names
        if name not in present
    ]
    assert not absent, "invented names the campaign never uses:\n" + "\n".join(absent)


def test_who_was_real_agrees_with_the_table():
    people = cast(PLAN.read_text(encoding="utf-8"))
    paragraph = who_was_real()
    assert not mislabelled(paragraph, people), "\n".join(mislabelled(paragraph, people))
    present = named_in(paragraph, every_name(people))
    statuses = {person.status for person in people if present & set(person.names)}
    assert statuses == {"real", "invented"}, "the paragraph names no one real, or no one invented"


def test_the_check_catches_a_mislabel():
    people = [
        Person(("Zhou Enlai",), (3,), "real", 1),
        Person(("Zhou",), (6,), "invented", 2),
        Person(("Dr. Wang",), (5,), "invented", 3),
    ]
    assert not mislabelled("Zhou Enlai is real. Zhou and Dr. Wang are invented.", people)
    assert mislabelled("Zhou Enlai and Zhou are real.", people) == [
        "Zhou is invented in the table: 'Zhou Enlai and Zhou are real.'"
    ]
    assert mislabelled("Dr. Wang is invented, and the lives are real.", people) == [
        "say 'real' or 'invented', once: 'Dr. Wang is invented, and the lives are real.'"
    ]
    assert named_in("Zhou Enlai met Dr. Wang.", every_name(people)) == {"Zhou Enlai", "Dr. Wang"}
