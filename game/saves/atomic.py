"""Writing a file so that a crash at any moment leaves the old version or the new one.

The new bytes go to a hidden temporary file in the same folder (so the rename stays on
one file system), are flushed and fsynced, and only then replace the old file with
`os.replace`, which is atomic. The previous version is kept as `NAME.bak` first, by a
hard link renamed into place, so the backup step is atomic too and never leaves the save
itself missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

BACKUP_SUFFIX = ".bak"
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 60


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp makes private (0600) files; a save should get the folder's usual permissions.
_FILE_MODE = 0o666 & ~_umask()


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def _temp(folder: Path, name: str) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)


def _fsync_dir(folder: Path) -> None:
    """Make the renames themselves durable; not possible (nor needed) on every platform."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _keep_backup(path: Path) -> None:
    """Point NAME.bak at the current version without ever removing NAME itself."""
    backup = backup_path(path)
    fd, temp = _temp(path.parent, backup.name)
    os.close(fd)
    try:
        os.unlink(temp)
        try:
            os.link(path, temp)
        except OSError:  # no hard links here (some network or FAT folders): copy instead
            shutil.copy2(path, temp)
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(temp, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def atomic_write(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Replace `path` with `data` atomically; the folder must exist."""
    fd, temp = _temp(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), _FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            _keep_backup(path)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def remove_stale_temps(folder: Path, name: str) -> None:
    """Temporary files a killed process left behind for this file, once clearly abandoned."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for temp in folder.glob(f".{name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
