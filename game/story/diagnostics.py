"""Problems found in story files, each pinned to `file:line:col` with a stable code."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from game.frozen import frozen

if TYPE_CHECKING:
    from game.story.codes import Problem


@frozen
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = "error"
    hint: str = ""

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.code} {self.severity} {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Diagnostics:
    """Collects every problem of a run, so a writer sees them all at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        path: str,
        mark: tuple[int, int],
        code: str,
        message: str,
        severity: str = "error",
        hint: str = "",
    ) -> None:
        self.items.append(Diagnostic(path, mark[0], mark[1], code, message, severity, hint))

    def report(
        self,
        path: str,
        mark: tuple[int, int],
        problem: Problem,
        /,
        *,
        hint: str | None = None,
        **values: object,
    ) -> None:
        """Add a problem (a `game.story.codes.Problem`) at `path:line:col`."""
        self.items.append(problem.at(path, mark, hint=hint, **values))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.path, d.line, d.col, d.code))

    def __bool__(self) -> bool:
        return bool(self.items)


class StoryError(Exception):
    """Raised when a story cannot be loaded; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        first = diagnostics[0].format() if diagnostics else "unknown problem"
        more = f" (and {len(diagnostics) - 1} more)" if len(diagnostics) > 1 else ""
        super().__init__(first + more)
