"""Where an underlay's file is: paths in a plan are relative to the plan's folder and may not leave it.

A plan received by e-mail could name ``../../home/me/.ssh/id_rsa``, an absolute path, a Windows
network share (``\\\\server\\share``, which Windows would contact on open) or a device such as
``/dev/zero`` as its "site plan image". ``resolve_underlay_path`` resolves the path (following
symbolic links) and refuses anything outside the plan's folder with ``UnderlayOutsideError`` unless
the caller passes ``confirm_outside=True`` after asking the user; the error carries the resolved
path so the question can show it. Network shares and device names are refused even when confirmed.
``open_underlay_file`` then checks it is a regular file under the size cap before anything reads it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from planner.errors import FileFormatError, PlanError

#: Largest underlay file (image, DXF, GeoJSON) the app reads.
MAX_UNDERLAY_BYTES = 200 * 1024 * 1024
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}


class UnderlayOutsideError(PlanError):
    """The underlay's file lies outside the plan's folder; ask the user, then retry with confirmation."""

    def __init__(self, message: str, *, path: Path, element: str | None = None, source: str | None = None):
        super().__init__(message, element=element, field="path", source=source)
        self.path = path


@dataclass(frozen=True)
class UnderlayLocation:
    """A resolved underlay path and whether it lies inside the plan's folder."""

    path: Path
    inside: bool


def _is_network_path(text: str) -> bool:
    return text.startswith(("\\\\", "//")) or PureWindowsPath(text).drive.startswith("\\\\")


def locate_underlay(path: str, plan_folder: str | os.PathLike, *, element: str | None = None) -> UnderlayLocation:
    """Resolve ``path`` (relative to ``plan_folder``, ``/`` or ``\\`` separators) without any guard
    beyond refusing paths that can never be valid: empty, NUL characters, network shares, devices."""
    if not isinstance(path, str) or not path.strip():
        raise PlanError("needs a file path", element=element, field="path")
    if "\x00" in path:
        raise PlanError("a file path cannot contain a NUL character", element=element, field="path")
    if _is_network_path(path):
        raise PlanError(f"{path!r} is a network location; copy the file next to the plan instead",
                        element=element, field="path")
    text = path.replace("\\", "/")
    name = PurePosixPath(text).name.split(".")[0].lower()
    if name in _WINDOWS_DEVICES or text.startswith("/dev/") or text.startswith("/proc/"):
        raise PlanError(f"{path!r} names a device, not a file", element=element, field="path")
    folder = Path(plan_folder).resolve()
    win = PureWindowsPath(path)
    if win.drive and os.name != "nt":
        # "C:/x" written on Windows: on this system it can only mean a file outside the plan's folder
        return UnderlayLocation(Path(text), False)
    candidate = Path(text)
    full = (candidate if candidate.is_absolute() else folder / candidate).resolve()
    try:
        full.relative_to(folder)
        inside = True
    except ValueError:
        inside = False
    return UnderlayLocation(full, inside)


def resolve_underlay_path(path: str, plan_folder: str | os.PathLike, *, confirm_outside: bool = False,
                          element: str | None = None) -> Path:
    """The absolute path of an underlay file; outside the plan's folder only with ``confirm_outside``.

    Raises ``UnderlayOutsideError`` (a ``PlanError`` with the resolved ``path``) when the file lies
    outside the folder (``..``, absolute path, symbolic link leading out) and ``confirm_outside`` is
    False; ``PlanError`` for paths that are never allowed (empty, NUL, network share, device).
    """
    loc = locate_underlay(path, plan_folder, element=element)
    if not loc.inside and not confirm_outside:
        raise UnderlayOutsideError(
            f"{path!r} lies outside the plan's folder ({loc.path}); open it only if you trust this plan",
            path=loc.path, element=element)
    return loc.path


def outside_underlays(plan, plan_folder: str | os.PathLike) -> list[tuple[str, Path]]:
    """Underlays of ``plan`` whose files lie outside its folder: (id, resolved path) to confirm.

    Underlays whose path is never allowed are listed too (their path as written)."""
    out: list[tuple[str, Path]] = []
    for u in plan.underlays.values():
        try:
            loc = locate_underlay(u.path, plan_folder, element=u.id)
        except PlanError:
            out.append((u.id, Path(str(u.path).replace("\x00", ""))))
            continue
        if not loc.inside:
            out.append((u.id, loc.path))
    return out


def open_underlay_file(path: str | os.PathLike, *, max_bytes: int = MAX_UNDERLAY_BYTES,
                       element: str | None = None) -> Path:
    """Check that ``path`` is an existing regular file within the size cap; returns it.

    A FIFO or a device would block or never end, so only regular files pass.
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise FileFormatError("the underlay file is missing", element=element, field="path", source=str(p)) from None
    except OSError as e:
        raise FileFormatError(f"cannot read: {e.strerror or e}", element=element, field="path",
                              source=str(p)) from None
    if not stat.S_ISREG(st.st_mode):
        raise FileFormatError("is not a regular file", element=element, field="path", source=str(p))
    if st.st_size > max_bytes:
        raise FileFormatError(f"the underlay file is {st.st_size / 2**20:.0f} MiB, over the limit of "
                              f"{max_bytes / 2**20:.0f} MiB", element=element, field="path", source=str(p))
    return p


__all__ = ["MAX_UNDERLAY_BYTES", "UnderlayLocation", "UnderlayOutsideError", "locate_underlay",
           "open_underlay_file", "outside_underlays", "resolve_underlay_path"]
