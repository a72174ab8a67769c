"""Safe YAML reading that keeps `line:col` for every value.

The file is read as a stream of parser events (libyaml's C parser where present) and
composed here into plain dicts, lists and scalars. Doing the composition ourselves is
what lets every guard live in one pass: only plain YAML tags (never Python objects),
duplicate keys, nesting depth, node count and alias expansion ("billion laughs"), file
size and UTF-8 validity. Nothing here can construct anything but data.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from game.story import codes
from game.story.diagnostics import Diagnostics

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 250_000
# Every integer in a story file stays within this, and no number is written longer.
MAX_NUMBER = 10**15
MAX_NUMBER_CHARS = 32

Mark = tuple[int, int]

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}
_resolver = Resolver()
# Plain scalars whose first character no implicit resolver claims are text: skip the regexes.
_RESOLVED_FIRST = frozenset(ch for ch in Resolver.yaml_implicit_resolvers if ch is not None)
_constructor = SafeConstructor()
_INT_BUILDER = _constructor.construct_yaml_int
_FLOAT_BUILDER = _constructor.construct_yaml_float
_SCALAR_BUILDERS = {
    _TAG + "int": _INT_BUILDER,
    _TAG + "float": _FLOAT_BUILDER,
    _TAG + "bool": _constructor.construct_yaml_bool,
    _TAG + "null": _constructor.construct_yaml_null,
}


# What a story file holds is checked shape by shape as the loader reads it, so the values
# of a composed mapping or sequence are dynamically typed until then.
YamlValue = Any


class YamlMap(dict[object, YamlValue]):
    """A mapping that remembers where it, each key and each value stood."""

    __slots__ = ("mark", "key_marks", "value_marks")

    def __init__(self, mark: Mark = (1, 1)) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[object, Mark] = {}
        self.value_marks: dict[object, Mark] = {}

    def key_mark(self, key: object) -> Mark:
        return self.key_marks.get(key, self.mark)

    def value_mark(self, key: object) -> Mark:
        return self.value_marks.get(key, self.key_marks.get(key, self.mark))


class YamlList(list[YamlValue]):
    """A sequence that remembers where it and each item stood."""

    __slots__ = ("mark", "item_marks")

    def __init__(self, mark: Mark = (1, 1)) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []

    def item_mark(self, index: int) -> Mark:
        return self.item_marks[index] if index < len(self.item_marks) else self.mark


class _Abort(Exception):
    pass


_NO_KEY = object()


class _Frame:
    __slots__ = ("container", "key", "key_mark", "size", "anchor", "mark")

    def __init__(self, container: YamlMap | YamlList, mark: Mark, anchor: str | None) -> None:
        self.container = container
        self.key: object = _NO_KEY
        self.key_mark = mark
        self.size = 1
        self.anchor = anchor
        self.mark = mark


def _mark(event: Event) -> Mark:
    start = event.start_mark
    if start is None:  # every event a parser yields has one
        return (1, 1)
    return (start.line + 1, start.column + 1)


def read_text(path: Path, display: str, diags: Diagnostics) -> str | None:
    """Read a regular file as UTF-8, refusing what is too large or not text.

    Opened without blocking (a FIFO would wait forever for a writer), checked to be a
    regular file (not a FIFO, a device or a folder) on the open file itself, and read
    only up to the size cap: a file that says it is small and goes on is cut off.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        diags.report(display, (1, 1), codes.CANNOT_READ, reason=reason)
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                diags.report(display, (1, 1), codes.NOT_A_REGULAR_FILE)
                return None
            if info.st_size > MAX_FILE_BYTES:
                diags.report(
                    display, (1, 1), codes.FILE_TOO_LARGE, size=info.st_size, limit=MAX_FILE_BYTES
                )
                return None
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        diags.report(display, (1, 1), codes.CANNOT_READ, reason=exc.strerror or exc)
        return None
    if len(data) > MAX_FILE_BYTES:
        diags.report(display, (1, 1), codes.FILE_TOO_LARGE, size=len(data), limit=MAX_FILE_BYTES)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.report(display, (line, col), codes.NOT_UTF8, byte=data[exc.start])
        return None
    return text.removeprefix("\ufeff")


def parse_text(text: str, display: str, diags: Diagnostics) -> YamlValue:
    """Compose one YAML document into YamlMap/YamlList/scalars, or None on error."""
    try:
        return _compose(text, display, diags)
    except _Abort:
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        # libyaml's own nesting limit is told apart only by its message.
        if "depth" in problem:
            diags.report(display, where, codes.NESTING_TOO_DEEP, problem=problem)
        else:
            diags.report(display, where, codes.YAML_SYNTAX, problem=problem)
        return None
    except yaml.YAMLError as exc:
        diags.report(display, (1, 1), codes.YAML_ERROR, error=exc)
        return None
    except RecursionError:
        diags.report(display, (1, 1), codes.NESTED_TOO_DEEPLY)
        return None


def load_file(path: Path, display: str, diags: Diagnostics) -> YamlValue:
    """Read and compose one YAML file; None (with a diagnostic) when it cannot be."""
    text = read_text(path, display, diags)
    if text is None:
        return None
    return parse_text(text, display, diags)


def _scalar(event: ScalarEvent, display: str, diags: Diagnostics) -> YamlValue:
    tag = event.tag
    value = event.value
    resolved: str
    if tag is not None and tag != "!":
        _check_tag(event, display, diags)
        resolved = tag
    elif event.implicit[0]:
        if not value:
            return None
        if value[0] not in _RESOLVED_FIRST:
            return value
        # types-PyYAML leaves Resolver.resolve unannotated; it returns the tag, a str.
        resolved = _resolver.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    else:
        return value
    builder = _SCALAR_BUILDERS.get(resolved)
    if builder is None:  # str, and timestamps (dates stay text)
        return value
    if builder is _INT_BUILDER or builder is _FLOAT_BUILDER:
        _check_number_text(event, display, diags)
    try:
        result = builder(ScalarNode(resolved, value))
    except (ValueError, yaml.YAMLError):
        return value
    if (
        isinstance(result, int)
        and builder is _INT_BUILDER
        and not -MAX_NUMBER <= result <= MAX_NUMBER
    ):
        diags.report(
            display, _mark(event), codes.NUMBER_TOO_LARGE, text=_shown(value), limit=MAX_NUMBER
        )
        raise _Abort
    return result


def _shown(text: str) -> str:
    return text if len(text) <= 24 else text[:20] + "..."


def _check_number_text(event: ScalarEvent, display: str, diags: Diagnostics) -> None:
    """Numbers are short: a long one is refused before it is converted (a 600,000-part
    sexagesimal integer takes 40 s to convert, and a 5,000-digit one cannot be printed)."""
    if len(event.value) > MAX_NUMBER_CHARS:
        diags.report(
            display,
            _mark(event),
            codes.NUMBER_TOO_LONG,
            text=_shown(event.value),
            length=len(event.value),
            limit=MAX_NUMBER_CHARS,
        )
        raise _Abort


def _check_tag(event: ScalarEvent | CollectionStartEvent, display: str, diags: Diagnostics) -> None:
    tag = event.tag
    if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
        diags.report(display, _mark(event), codes.TAG_NOT_ALLOWED, tag=tag.replace(_TAG, "!!"))
        raise _Abort


def _compose(text: str, display: str, diags: Diagnostics) -> YamlValue:
    stack: list[_Frame] = []
    anchors: dict[str, tuple[object, int]] = {}
    root: YamlValue = None
    documents = 0

    def too_big(mark: Mark, problem: codes.Problem, /, *, limit: int) -> NoReturn:
        diags.report(display, mark, problem, limit=limit)
        raise _Abort

    def attach(value: YamlValue, mark: Mark, size: int, anchor: str | None) -> None:
        nonlocal root
        if anchor is not None:
            anchors[anchor] = (value, size)
        if not stack:
            root = value
            if size > MAX_NODES:
                too_big(mark, codes.TOO_MANY_NODES, limit=MAX_NODES)
            return
        frame = stack[-1]
        frame.size += size
        if frame.size > MAX_NODES:
            too_big(mark, codes.TOO_MANY_NODES, limit=MAX_NODES)
        container = frame.container
        if isinstance(container, YamlList):
            container.append(value)
            container.item_marks.append(mark)
        elif frame.key is _NO_KEY:
            if isinstance(value, (YamlMap, YamlList)):
                diags.report(display, mark, codes.KEY_NOT_PLAIN)
                raise _Abort
            if value in container or value in container.key_marks:
                first = container.key_marks.get(value, container.mark)
                diags.report(display, mark, codes.DUPLICATE_KEY, key=value, line=first[0])
                frame.key = _DUPLICATE
            else:
                frame.key = value
                frame.key_mark = mark
                container.key_marks[value] = mark
        else:
            if frame.key is not _DUPLICATE:
                container[frame.key] = value
                container.value_marks[frame.key] = mark
            frame.key = _NO_KEY

    parser = SAFE_LOADER(text)
    try:
        for event in iter(parser.get_event, None):
            kind = type(event)
            if kind is ScalarEvent:
                attach(_scalar(event, display, diags), _mark(event), 1, event.anchor)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                _check_tag(event, display, diags)
                mark = _mark(event)
                if len(stack) >= MAX_DEPTH:
                    too_big(mark, codes.DEEPER_THAN, limit=MAX_DEPTH)
                container = YamlMap(mark) if kind is MappingStartEvent else YamlList(mark)
                stack.append(_Frame(container, mark, event.anchor))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                attach(frame.container, frame.mark, frame.size, frame.anchor)
            elif kind is AliasEvent:
                found = anchors.get(event.anchor)
                if found is None:
                    diags.report(display, _mark(event), codes.UNKNOWN_ALIAS, anchor=event.anchor)
                    raise _Abort
                attach(found[0], _mark(event), found[1], None)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    diags.report(display, _mark(event), codes.MORE_THAN_ONE_DOCUMENT)
                    raise _Abort
    finally:
        parser.dispose()
    return root


_DUPLICATE = object()
