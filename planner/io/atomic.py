"""Atomic file writing: a crash or a full disk mid-write never damages the previous file.

The data goes to a temporary file in the same folder, is flushed and fsynced, then renamed over the
target (``os.replace`` is atomic on POSIX and Windows); the folder is fsynced so the rename survives
power loss. On any error the temporary file is removed and the old file is untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from planner.errors import PlanError


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: New files get the usual mode (0666 less the umask), not mkstemp's private 0600.
_NEW_FILE_MODE = 0o666 & ~_current_umask()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
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


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *, backup: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; with ``backup`` keep the previous file as ``path.bak``.

    Raises ``PlanError`` with a clear message when the folder is missing or not writable.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PlanError(f"the folder {folder} does not exist", source=str(target))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise PlanError(f"cannot write in {folder}: {e.strerror or e}", source=str(target)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else _NEW_FILE_MODE)
        if target.exists():
            if backup:
                _backup(target)
        os.replace(tmp, target)
        _fsync_dir(folder)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise PlanError(f"could not save: {e.strerror or e}", source=str(target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target


def _backup(target: Path) -> None:
    """Keep the previous version as ``<name>.bak``, itself replaced atomically."""
    bak = target.with_name(target.name + ".bak")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{bak.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(target, tmp_name)
        os.replace(tmp_name, bak)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def atomic_write_text(path: str | os.PathLike, text: str, *, backup: bool = False) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), backup=backup)
