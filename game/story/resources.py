"""Where the campaign lives: `scenes/` in a checkout, `game/_scenes` in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def default_story_dir() -> Path:
    checkout = _PACKAGE.parent / "scenes"
    if (checkout / "story.yaml").exists():
        return checkout
    return _PACKAGE / "_scenes"


def running_from_checkout() -> bool:
    return (_PACKAGE.parent / "pyproject.toml").exists() and (_PACKAGE.parent / "scenes").is_dir()


def inside_package(folder: Path) -> bool:
    """Whether `folder` lies inside the installed `game` package (e.g. the bundled campaign)."""
    try:
        folder.resolve().relative_to(_PACKAGE)
    except (ValueError, OSError):
        return False
    return True
