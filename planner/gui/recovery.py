"""Autosave and crash recovery.

While the app runs, a session holds a lock file in ``<data dir>/recovery/`` and, every few minutes
when the plan has unsaved changes, writes ``<session>.qkdplan`` (atomically) plus a small
``<session>.json`` (original file, time). A clean exit removes them. At the next start, sessions
whose lock is no longer held (the process died) are offered for restoring.

The data dir is ``$PLANNER_DATA_DIR`` when set (tests), else Qt's AppDataLocation.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from planner.errors import PlanError
from planner.io import atomic_write_text, dumps_plan, plan_from_data
from planner.io.planfile import read_json

AUTOSAVE_INTERVAL_MS = 3 * 60 * 1000
DATA_DIR_ENV = "PLANNER_DATA_DIR"


def data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def recovery_dir() -> Path:
    d = data_dir() / "recovery"
    d.mkdir(parents=True, exist_ok=True)
    return d


@dataclass(frozen=True)
class Recovery:
    """An autosave left by a session that did not end cleanly."""

    plan_file: Path
    original: str | None
    saved_at: str

    def load(self):
        return plan_from_data(read_json(self.plan_file))

    def discard(self) -> None:
        for p in (self.plan_file, self.plan_file.with_suffix(".json"), self.plan_file.with_suffix(".lock")):
            with contextlib.suppress(OSError):
                p.unlink()


def find_recoveries() -> list[Recovery]:
    """Autosaves of sessions whose process is gone (their lock can be taken)."""
    out = []
    for plan_file in sorted(recovery_dir().glob("*.qkdplan")):
        lock = QLockFile(str(plan_file.with_suffix(".lock")))
        lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age
        if not lock.tryLock(0):
            continue  # a running session owns it
        lock.unlock()
        try:
            meta = json.loads(plan_file.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        out.append(Recovery(plan_file, meta.get("original"), str(meta.get("saved_at", ""))))
    return out


class Autosaver(QObject):
    """Writes the document to this session's recovery file every ``interval_ms`` when modified."""

    def __init__(self, document, interval_ms: int = AUTOSAVE_INTERVAL_MS, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.session = uuid.uuid4().hex[:12]
        folder = recovery_dir()
        self.plan_file = folder / f"{self.session}.qkdplan"
        self.meta_file = folder / f"{self.session}.json"
        self.lock = QLockFile(str(folder / f"{self.session}.lock"))
        self.lock.setStaleLockTime(0)
        self.lock.tryLock(0)
        self._saved_revision = -1
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        document.undo_stack.cleanChanged.connect(self._on_clean)

    def autosave(self) -> bool:
        """Write the recovery file if there is something unsaved. True when written."""
        doc = self.document
        if not doc.is_modified() or doc.revision == self._saved_revision:
            return False
        try:
            atomic_write_text(self.plan_file, dumps_plan(doc.plan))
            atomic_write_text(self.meta_file, json.dumps({
                "original": str(doc.path) if doc.path else None,
                "saved_at": datetime.now().isoformat(timespec="seconds"),
                "pid": os.getpid()}))
        except PlanError:
            return False
        self._saved_revision = doc.revision
        return True

    def _on_clean(self, clean: bool) -> None:
        if clean:
            self.clear()

    def clear(self) -> None:
        """Nothing unsaved any more: remove this session's recovery file."""
        for p in (self.plan_file, self.meta_file):
            with contextlib.suppress(OSError):
                p.unlink()
        self._saved_revision = -1

    def close(self) -> None:
        """Clean exit: remove the files and the lock."""
        self.timer.stop()
        self.clear()
        self.lock.unlock()
