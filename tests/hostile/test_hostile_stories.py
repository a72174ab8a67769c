"""Story folders built to hurt: special files, paths outside the folder, huge numbers and
ranges, and files shaped to make checking slow. Each runs through `check`, `playtest`
and `play --plain` as a real process under memory and CPU limits, and must end in a
clear message with a non-zero exit, in bounded time, leaving every file as it was.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import forked_cli
import pytest
from story_helpers import MINIMAL_CHAPTER, MINIMAL_MANIFEST

from game.story.loader import check_story

MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space a command may use
CPU_SECONDS = 30
WALL_SECONDS = 40  # a hang is a failure, not a stuck suite
COMMANDS = (("check",), ("playtest",), ("play", "--plain", "--story"))


LIMITS = (
    (resource.RLIMIT_AS, MEMORY_LIMIT),
    (resource.RLIMIT_CPU, CPU_SECONDS),
)


def _limits() -> None:
    for which, limit in LIMITS:
        resource.setrlimit(which, (limit, limit))


def deniable(
    *args: str, cwd: Path, input: str | None = None
) -> tuple[subprocess.CompletedProcess[str], float]:
    """`deniable ARGS` in `cwd` as a process of its own, under the memory, CPU and wall
    limits (tests/forked_cli.py); `input` is typed in (nothing is, without it); the
    result and how long it took."""
    started = time.monotonic()
    result = forked_cli.run(
        list(args),
        cwd=cwd,
        env={**os.environ, "DENIABLE_SAVES": str(cwd / "saves"), "COLUMNS": "100"},
        input=input,
        timeout=WALL_SECONDS,
        limits=LIMITS,
    )
    return result, time.monotonic() - started


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of the folder: regular files by content, others by what they are."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            found[path.name] = "-> " + os.readlink(path)
        elif path.is_fifo():
            found[path.name] = "fifo"
        elif path.is_file():
            found[path.name] = path.read_bytes()
    return found


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(exist_ok=True)
    contents = {"story.yaml": MINIMAL_MANIFEST, "one.yaml": MINIMAL_CHAPTER, **files}
    for name, text in contents.items():
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return folder


def manifest_with(line: str) -> str:
    """The minimal manifest with one more line under `story:`."""
    return MINIMAL_MANIFEST + f"  {line}\n"


def assert_refused(folder: Path, *expected: str, seconds: float = 10.0) -> None:
    """Every command refuses the story with one of `expected` in its output, and no more."""
    story = folder.name
    before = snapshot(folder)
    for command in COMMANDS:
        result, took = deniable(*command, story, cwd=folder.parent)
        output = result.stdout + result.stderr
        where = f"deniable {' '.join(command)}: {output[-2000:]}"
        assert result.returncode != 0, where
        assert "Traceback" not in output, where
        assert any(text in output for text in expected), where
        assert took < seconds, f"{where} took {took:.1f} s"
        assert snapshot(folder) == before, where


def messages(folder: Path) -> list[str]:
    """Checked in this process: the tests that bound its time read this process's CPU
    time, which a busy machine does not stretch as it does the wall clock."""
    _, diagnostics = check_story(folder)
    return [
        f"{d.path.rsplit('/', 1)[-1]}:{d.line}:{d.col}: {d.code} {d.message}" for d in diagnostics
    ]


# ----------------------------------------------------------------- special files


def fifo(folder: Path, name: str) -> None:
    os.mkfifo(folder / name)


@pytest.mark.slow
def test_a_fifo_as_a_chapter(tmp_path):
    folder = write(tmp_path / "story", {})
    (folder / "one.yaml").unlink()
    fifo(folder, "one.yaml")
    assert_refused(folder, "one.yaml", "not a regular file")


@pytest.mark.slow
def test_a_fifo_as_the_places_table(tmp_path):
    folder = write(tmp_path / "story", {"story.yaml": manifest_with("places: places.yaml")})
    fifo(folder, "places.yaml")
    assert_refused(folder, "places.yaml", "not a regular file")


@pytest.mark.slow
def test_a_fifo_among_the_story_files_is_passed_over(tmp_path):
    folder = write(tmp_path / "story", {})
    fifo(folder, "stray.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "random.yml").symlink_to("/dev/urandom")
    before = snapshot(folder)
    for command in COMMANDS[:2]:
        result, took = deniable(*command, "story", cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert took < 10
    assert snapshot(folder) == before


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
@pytest.mark.slow
def test_a_manifest_that_is_no_file(tmp_path, kind):
    folder = write(tmp_path / "story", {})
    (folder / "story.yaml").unlink()
    if kind == "fifo":
        fifo(folder, "story.yaml")
    elif kind == "device":
        (folder / "story.yaml").symlink_to("/dev/zero")
    else:
        (folder / "story.yaml").mkdir()
    assert_refused(folder, "story.yaml:1:1: D014")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.slow
def test_a_device_as_the_places_table(tmp_path, device):
    folder = write(tmp_path / "story", {"story.yaml": manifest_with(f"places: {device}")})
    assert_refused(folder, "outside the story folder")
    (folder / "story.yaml").write_text(manifest_with("places: places.yaml"))
    (folder / "places.yaml").symlink_to(device)
    assert_refused(folder, "outside the story folder")


@pytest.mark.slow
def test_tables_outside_the_story_folder_are_not_read(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("facts:\n  leaked: {claim: secret, date: 1950, source: me}\n")
    folder = write(tmp_path / "story", {"story.yaml": manifest_with("facts: ../secret.yaml")})
    assert messages(folder) == [
        "story.yaml:11:10: D014 facts file '../secret.yaml' is outside the story folder"
    ]
    _, [problem] = check_story(folder)
    assert problem.hint == "copy the file into the story folder and name it from there"
    (folder / "story.yaml").write_text(manifest_with("facts: /etc/passwd"))
    assert_refused(folder, "outside the story folder")


def test_the_size_cap_holds_while_reading_whatever_the_size_says(tmp_path, monkeypatch):
    from game.story import yamlfile

    folder = write(tmp_path / "story", {})
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 100)
    real_fstat = os.fstat

    def says_small(fd):  # a file that grows while it is read says it is small
        found = real_fstat(fd)
        return os.stat_result((*found[:6], 10, *found[7:]))

    monkeypatch.setattr(yamlfile.os, "fstat", says_small)
    found = messages(folder)
    assert found and all("the limit is 100" in m for m in found), found


# ------------------------------------------------------------------ chapter entries


@pytest.mark.slow
def test_a_chapter_name_with_a_nul_byte(tmp_path):
    manifest = MINIMAL_MANIFEST.replace("chapters: [one.yaml]", 'chapters: ["one\\0.yaml"]')
    folder = write(tmp_path / "story", {"story.yaml": manifest})
    assert messages(folder) == [
        "story.yaml:10:14: D014 chapter file 'one\\x00.yaml' cannot be a file name"
    ]
    assert_refused(folder, "cannot be a file name")


@pytest.mark.slow
def test_a_chapter_that_is_a_symlink_loop(tmp_path):
    manifest = MINIMAL_MANIFEST.replace("chapters: [one.yaml]", "chapters: [loop.yaml]")
    folder = write(tmp_path / "story", {"story.yaml": manifest})
    (folder / "loop.yaml").symlink_to("loop.yaml")
    found = messages(folder)
    assert len(found) == 1 and found[0].startswith("story.yaml:10:14: D014"), found
    assert_refused(folder, "loop.yaml")


@pytest.mark.parametrize("entry", [".", "''", "sub"])
def test_a_chapter_entry_that_is_a_folder_is_reported_at_its_line(tmp_path, entry):
    manifest = MINIMAL_MANIFEST.replace("chapters: [one.yaml]", f"chapters: [one.yaml, {entry}]")
    folder = write(tmp_path / "story", {"story.yaml": manifest})
    (folder / "sub").mkdir()
    name = entry.strip("'")
    assert messages(folder) == [
        f"story.yaml:10:24: D014 chapter file {name!r} is not a regular file"
    ]


def test_aliased_chapter_entries_are_read_once(tmp_path):
    entries = ", ".join(["&c one.yaml"] + ["*c"] * 20_000)
    manifest = MINIMAL_MANIFEST.replace("chapters: [one.yaml]", f"chapters: [{entries}]")
    folder = write(tmp_path / "story", {"story.yaml": manifest})
    started = time.process_time()
    found = messages(folder)
    assert time.process_time() - started < 5
    assert len(found) == 20_000
    assert found[0] == "story.yaml:10:27: D013 chapter file 'one.yaml' is already listed at line 10"


NEWLINE_IDS = {  # an id, and the same id with the newline `$` once let through
    "story": ("story.yaml", "id: tiny", 'id: "tiny\\n"'),
    "chapter": ("one.yaml", "  id: one\n", '  id: "one\\n"\n'),
    "scene": ("one.yaml", "  end:\n", '  "end\\n":\n'),
    "choice": ("one.yaml", "- id: go", '- id: "go\\n"'),
    "stat": ("story.yaml", "    nerve:", '    "nerve\\n":'),
    "flag": ("story.yaml", "    seen:", '    "seen\\n":'),
}


@pytest.mark.parametrize("kind", NEWLINE_IDS)
@pytest.mark.slow
def test_an_id_with_a_trailing_newline(tmp_path, kind):
    name, old, new = NEWLINE_IDS[kind]
    text = {"story.yaml": MINIMAL_MANIFEST, "one.yaml": MINIMAL_CHAPTER}[name]
    assert old in text
    folder = write(tmp_path / "story", {name: text.replace(old, new, 1)})
    assert_refused(folder, "\\n' is not a valid id")


# ------------------------------------------------------------------ numbers and ranges


@pytest.mark.slow
def test_a_huge_stat_range(tmp_path):
    manifest = MINIMAL_MANIFEST.replace("max: 5}", "max: 1000000000}")
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", "        goto: end\n        effects: {nerve: 1}\n"
    )
    folder = write(tmp_path / "story", {"story.yaml": manifest, "one.yaml": chapter})
    assert messages(folder) == [
        "story.yaml:7:12: D012 stat 'nerve' runs over 1,000,000,001 values; "
        "a stat may take at most 1,001"
    ]
    assert_refused(folder, "at most 1,001")


HUGE = "9" * 5000
HUGE_HEX = "0x" + "f" * 5000


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("format", HUGE),
        ("format", HUGE_HEX),
        ("format", "1_" + HUGE),
        ("stat start", HUGE),
        ("stat start", HUGE_HEX),
        ("stat min", "-" + HUGE),
        ("stat min", "-" + HUGE_HEX),
        ("stat max", HUGE),
        ("stat effect", "-" + HUGE),
        ("flag effect", HUGE),
        ("flag effect", HUGE_HEX),
        ("date", HUGE),
        ("date", HUGE_HEX),
        ("lat", HUGE),
        ("lat", HUGE_HEX),
        ("lon", "-" + HUGE),
        ("weight", HUGE),
        ("weight", HUGE_HEX),
        ("format", "1" + ":0" * 600_000),
    ],
    ids=lambda value: value if len(value) < 20 else value[:8] + f"...{len(value)}",
)
@pytest.mark.slow
def test_a_huge_number(tmp_path, where, text):
    manifest, chapter = MINIMAL_MANIFEST, MINIMAL_CHAPTER
    files = {}
    if where == "format":
        manifest = manifest.replace("format: 1", f"format: {text}")
    elif where == "stat start":
        manifest = manifest.replace("start: 2,", f"start: {text},")
    elif where == "stat min":
        manifest = manifest.replace("min: 0,", f"min: {text},")
    elif where == "stat max":
        manifest = manifest.replace("max: 5}", f"max: {text}}}")
    elif where in ("flag effect", "stat effect"):
        name = "seen" if where == "flag effect" else "nerve"
        chapter = chapter.replace(
            "        goto: end\n", f"        goto: end\n        effects: {{{name}: {text}}}\n"
        )
    elif where == "date":
        chapter = chapter.replace("date: 1950-04", f"date: {text}")
    elif where in ("lat", "lon"):
        manifest = manifest + "  places: places.yaml\n"
        chapter = chapter.replace("place: somewhere", "place: here")
        other = "lon" if where == "lat" else "lat"
        files["places.yaml"] = f"places:\n  here: {{name: Here, {where}: {text}, {other}: 1}}\n"
    elif where == "weight":
        chapter = chapter.replace(
            "        goto: end\n", f"        random: [{{weight: {text}, goto: end}}]\n"
        )
    files.update({"story.yaml": manifest, "one.yaml": chapter})
    folder = write(tmp_path / "story", files)
    started = time.process_time()
    found = messages(folder)
    assert time.process_time() - started < 3
    assert found and all(len(m) < 500 for m in found), [m[:200] for m in found]
    assert any("too long" in m or "too large" in m for m in found), [m[:200] for m in found]
    assert_refused(folder, "too long", "too large")


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "91", "-180.5"])
def test_a_latitude_or_longitude_that_is_no_place(tmp_path, value):
    field = "lon" if value == "-180.5" else "lat"
    other = "lat" if field == "lon" else "lon"
    files = {
        "story.yaml": manifest_with("places: places.yaml"),
        "one.yaml": MINIMAL_CHAPTER.replace("place: somewhere", "place: here"),
        "places.yaml": f"places:\n  here: {{name: Here, {field}: {value}, {other}: 1}}\n",
    }
    folder = write(tmp_path / "story", files)
    (message,) = messages(folder)
    assert message.startswith("places.yaml:2:") and f"'{field}'" in message, message
    assert "between" in message


@pytest.mark.parametrize("value", ["0", "-3"])
def test_a_format_below_one(tmp_path, value):
    folder = write(
        tmp_path / "story",
        {"story.yaml": MINIMAL_MANIFEST.replace("format: 1", f"format: {value}")},
    )
    assert messages(folder) == [
        f"story.yaml:4:11: D012 format {value} is not a format: formats start at 1"
    ]


# ------------------------------------------------------------------------ slow paths


@pytest.mark.slow
def test_thousands_of_unknown_gotos_check_in_seconds(tmp_path):
    choices = "".join(
        f"      - {{id: c{i}, text: T., outcome: O., note: n, goto: nowhere{i}}}\n"
        for i in range(8_000)
    )
    scenes = "".join(
        f"  s{i}:\n    ending: {{title: E, kind: historical, epilogue: D.}}\n" for i in range(2_000)
    )
    chapter = MINIMAL_CHAPTER.replace(
        "  end:\n", "  many:\n    text: Many.\n    choices:\n" + choices + scenes + "  end:\n"
    )
    folder = write(tmp_path / "story", {"one.yaml": chapter})
    started = time.process_time()
    found = messages(folder)
    took = time.process_time() - started
    assert len([m for m in found if "goto names no scene" in m]) == 8_000
    assert took < 10, f"{took:.1f} s"


# ------------------------------------------------------------- text sent to a terminal

ESCAPES = r"\e]0;pwned\a\e[2J"  # in a YAML double-quoted string: retitle, clear the screen
AUTHOR_TEXT = ("title: One", "text: Hello.", "text: Go.", "outcome: Gone.", "title: N")
AUTHOR_TEXT += ("text: T.", "title: End", "epilogue: Done.")


def with_escapes(line: str) -> str:
    key, value = line.split(": ", 1)
    return f'{key}: "{value}{ESCAPES}"'


@pytest.mark.slow
def test_control_characters_in_author_text_are_shown_not_sent(tmp_path):
    """A story's title, chapter title, scene, choice, outcome, note and ending text are
    printed with their control characters written as escapes, by every command."""
    manifest = MINIMAL_MANIFEST.replace("title: Tiny", with_escapes("title: Tiny"))
    manifest = manifest.replace("label: Nerve", with_escapes("label: Nerve"))
    chapter = MINIMAL_CHAPTER
    for line in AUTHOR_TEXT:
        chapter = chapter.replace(line, with_escapes(line), 1)
    write(tmp_path / "story", {"story.yaml": manifest, "one.yaml": chapter})
    script = "stats\nj\n1\nj\nh\nr\ns mine\nl\nq\n"
    runs = [*COMMANDS, ("stats",), ("graph",)]
    for command in runs:
        result, _ = deniable(*command, "story", cwd=tmp_path, input=script)
        output = result.stdout + result.stderr
        where = f"deniable {' '.join(command)}: {output[-2000:]}"
        assert result.returncode == 0 and "Traceback" not in output, where
        assert "\x1b" not in output and "\x07" not in output, where
        assert r"Tiny\x1b]0;pwned\x07\x1b[2J" in output or command == ("graph",), where
    replay = ("replay", "mine", "--story", "story")
    for command in ((*replay, "--plain"), (*replay, "--export", "md")):
        result, _ = deniable(*command, cwd=tmp_path)
        output = result.stdout + result.stderr
        assert result.returncode == 0 and "Traceback" not in output, output
        assert "\x1b" not in output and r"One\x1b]0;pwned" in output, output


# --------------------------------------------------------------------- permissions


def as_nobody() -> list[str]:
    """The command prefix that runs as a user who may not read what it is denied: root
    reads anything, so as root the command runs as `nobody` through setpriv."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, and setpriv is not installed to run as nobody")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.parametrize("mode", [0o000, 0o111], ids=["unsearchable", "unlistable"])
@pytest.mark.slow
def test_a_story_folder_the_user_may_not_read(mode):
    """`story.yaml` in a folder that may not be searched (or listed) is named, with why."""
    nobody = as_nobody()
    with tempfile.TemporaryDirectory() as parent:
        os.chmod(parent, 0o755)  # searchable by the user the commands run as
        folder = write(Path(parent) / "story", {})
        os.chmod(folder, mode)
        try:
            for command in COMMANDS:
                result = subprocess.run(
                    [*nobody, sys.executable, "-m", "game", *command, "story"],
                    cwd=parent,
                    capture_output=True,
                    text=True,
                    stdin=subprocess.DEVNULL,
                    timeout=WALL_SECONDS,
                    preexec_fn=_limits,
                    env={**os.environ, "DENIABLE_SAVES": os.devnull, "HOME": parent},
                )
                output = result.stdout + result.stderr
                where = f"deniable {' '.join(command)}: {output[-2000:]}"
                assert "Traceback" not in output, where
                if mode == 0o000:
                    assert result.returncode != 0, where
                    assert "story/story.yaml:1:1: D014" in output, where
                    assert "Permission denied" in output, where
        finally:
            os.chmod(folder, 0o755)


def _gotos(count: int) -> str:
    choices = "".join(
        f"      - {{id: c{i}, text: T., outcome: O., note: n, goto: nowhere{i}}}\n"
        for i in range(count)
    )
    return MINIMAL_CHAPTER.replace(
        "  end:\n", "  many:\n    text: M.\n    choices:\n" + choices + "  end:\n"
    )


def _chapters(entries: str) -> str:
    return MINIMAL_MANIFEST.replace("chapters: [one.yaml]", f"chapters: [{entries}]")


PLACES = manifest_with("places: places.yaml")
HERE = MINIMAL_CHAPTER.replace("place: somewhere", "place: here")
# The cases above that are checked in-process, here as data through every command.
THROUGH_EVERY_COMMAND = {
    "chapter-entry-dot": ({"story.yaml": _chapters("one.yaml, .")}, "'.' is not a regular file"),
    "chapter-entry-empty": ({"story.yaml": _chapters("one.yaml, ''")}, "'' is not a regular"),
    "aliased-chapters": (
        {"story.yaml": _chapters(", ".join(["&c one.yaml"] + ["*c"] * 20_000))},
        "is already listed",
    ),
    "lat-nan": (
        {
            "story.yaml": PLACES,
            "one.yaml": HERE,
            "places.yaml": "places:\n  here: {name: H, lat: .nan, lon: 1}\n",
        },
        "'lat'",
    ),
    "format-zero": (
        {"story.yaml": MINIMAL_MANIFEST.replace("format: 1", "format: 0")},
        "formats start at 1",
    ),
    "unknown-gotos": ({"one.yaml": _gotos(2_000)}, "goto names no scene 'nowhere1999'"),
}


@pytest.mark.parametrize("case", THROUGH_EVERY_COMMAND)
@pytest.mark.slow
def test_a_hostile_story_through_every_command(tmp_path, case):
    files, expected = THROUGH_EVERY_COMMAND[case]
    assert_refused(write(tmp_path / "story", files), expected)
