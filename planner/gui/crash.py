"""The global handler for unexpected exceptions: the app tells the user, keeps a log, saves the
work and keeps running.

Qt calls ``sys.excepthook`` for an exception escaping a slot or an event handler, then goes on
with its event loop; Python threads call ``threading.excepthook``. ``CrashHandler`` takes both:

1. writes the traceback, with the time, the app version and the platform, to
   ``<data dir>/logs/crash.log`` (the data dir of ``planner.gui.recovery``; the log is rotated
   to ``crash.log.1`` past ``MAX_LOG_BYTES``);
2. autosaves the plan being edited to the recovery file (``Autosaver.autosave``), so the edits
   survive even if the app cannot go on;
3. shows a non-blocking dialog with the message and the log's path (from any thread: the report
   is passed to the GUI thread through a queued signal);
4. returns: the event loop keeps running.

A failure inside the handler itself never raises (it falls back to stderr). ``KeyboardInterrupt``
and ``SystemExit`` keep their usual meaning.
"""

from __future__ import annotations

import contextlib
import platform
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from planner.gui.recovery import data_dir

#: The crash log is rotated when it grows past this size.
MAX_LOG_BYTES = 1_000_000
LOG_NAME = "crash.log"


def log_dir() -> Path:
    d = data_dir() / "logs"
    d.mkdir(parents=True, exist_ok=True)
    return d


def write_crash_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                    *, thread: str | None = None) -> Path:
    """Append one report to the crash log; returns the log's path."""
    from planner import __version__

    path = log_dir() / LOG_NAME
    with contextlib.suppress(OSError):
        if path.stat().st_size > MAX_LOG_BYTES:
            path.replace(path.with_name(LOG_NAME + ".1"))
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    header = (f"=== {datetime.now().isoformat(timespec='seconds')}  qkd-planner {__version__}  "
              f"Python {platform.python_version()}  {platform.platform()}"
              f"{f'  thread {thread}' if thread else ''}\n")
    with open(path, "a", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(header + text + "\n")
        fh.flush()
    return path


class CrashHandler(QObject):
    """Catches unexpected exceptions for ``window`` (a ``MainWindow``; its ``autosaver`` may be None).

    ``show_dialog`` False only logs and autosaves (headless runs). ``reported`` is emitted in the
    GUI thread with (message, log path) after each report; ``last_dialog`` is the latest dialog.
    """

    reported = Signal(str, str)
    _report = Signal(str, str)

    def __init__(self, window: QWidget, *, show_dialog: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.show_dialog = show_dialog
        self.last_dialog: QMessageBox | None = None
        self.count = 0
        self._busy = threading.local()
        self._previous_hook = None
        self._previous_thread_hook = None
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # -- installation ----------------------------------------------------------------------------
    def install(self) -> CrashHandler:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        self.destroyed.connect(_restore_hooks(self.handle, self._thread_hook, self._previous_hook,
                                              self._previous_thread_hook))
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.handle and self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_hook and self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else None
        self.handle(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback, thread=name)

    # -- the handler -----------------------------------------------------------------------------
    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
               *, thread: str | None = None) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            (self._previous_hook or sys.__excepthook__)(exc_type, exc, tb)
            return
        if getattr(self._busy, "active", False):  # an error while handling an error: stderr only
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._busy.active = True
        try:
            self.count += 1
            log = ""
            try:
                log = str(write_crash_log(exc_type, exc, tb, thread=thread))
            except Exception:  # noqa: BLE001 - the log is best effort; the report must go on
                sys.__excepthook__(exc_type, exc, tb)
            self._autosave()
            message = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
            self._report.emit(message[:500], log)
        finally:
            self._busy.active = False

    def _autosave(self) -> None:
        saver = getattr(self.window, "autosaver", None)
        if saver is None:
            return
        if threading.current_thread() is not threading.main_thread():
            return  # the document belongs to the GUI thread; the timer's autosave covers it
        try:
            saver.autosave()
        except Exception:  # noqa: BLE001 - a broken document must not stop the report
            traceback.print_exc()

    @Slot(str, str)
    def _show(self, message: str, log: str) -> None:
        if self.show_dialog:
            tr = self.window.tr
            box = QMessageBox(QMessageBox.Icon.Critical, tr("Unexpected error"),
                              tr("Something went wrong, but your work is safe: the plan was saved to "
                                 "the recovery file and the app keeps running.\n\n{0}").format(message),
                              QMessageBox.StandardButton.Ok, self.window)
            if log:
                box.setInformativeText(tr("Details were written to {0}").format(log))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.open()  # not exec(): no nested event loop inside an error
            self.last_dialog = box
        self.reported.emit(message, log)


def _restore_hooks(hook, thread_hook, previous, previous_thread):
    """When the handler's window is gone, give the hooks back (only if they are still ours)."""
    def restore() -> None:
        if sys.excepthook == hook and previous is not None:
            sys.excepthook = previous
        if threading.excepthook == thread_hook and previous_thread is not None:
            threading.excepthook = previous_thread
    return restore


def install_crash_handler(window: QWidget, *, show_dialog: bool = True) -> CrashHandler:
    """Install the global handler for ``window`` (one per app); returns it."""
    return CrashHandler(window, show_dialog=show_dialog).install()


__all__ = ["MAX_LOG_BYTES", "CrashHandler", "install_crash_handler", "log_dir", "write_crash_log"]
