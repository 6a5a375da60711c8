"""Start the desktop app: ``run_app(file, screenshot=..., smoke=..., lang=...)``.

``--screenshot PNG`` opens the plan, fits the view, renders the main window (at least 1280×800) to
the PNG and returns 0. ``--smoke`` opens the plan (or the bundled example), runs the engine's
evaluation when it is available, writes the PDF report into a new temporary folder, and returns 0
(1 when the evaluation or the report crashes).

Headless runs (``--smoke``, ``--screenshot``) never block: a dialog that any code opens is closed
at once and its text becomes one line on stderr (``HeadlessGuard``); a bad plan file gives exit
code 2, anything unexpected exit code 1 with the traceback in the crash log, never on the screen;
a run that still has not finished after ``HEADLESS_DEADLINE_S`` is ended with exit code 1.

The application is named after its desktop entry (``packaging/linux/qkd-rollout-planner.desktop``):
application, organisation and desktop-file name are all ``qkd-rollout-planner`` (so settings and
the data dir live in ``qkd-rollout-planner`` folders), the display name is "QKD Rollout Planner".
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication

SCREENSHOT_SIZE = (1440, 900)
#: Desktop entry (without ``.desktop``), application and organisation name.
APP_ID = "qkd-rollout-planner"
APP_DISPLAY_NAME = "QKD Rollout Planner"
#: A headless run that takes longer than this is ended (override with $PLANNER_HEADLESS_DEADLINE_S).
HEADLESS_DEADLINE_S = 600.0
EXIT_BAD_FILE, EXIT_UNEXPECTED = 2, 1


def _ensure_platform() -> None:
    """With no display, use the offscreen platform instead of aborting."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def make_application(argv: list[str] | None = None, theme_name: str | None = None):
    """The QApplication (created once), named so QSettings and data dirs are the app's own."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from planner import __version__
    from planner.gui import theme
    from planner.gui.icons import app_icon

    app = QApplication.instance()
    if app is None:
        _ensure_platform()
        app = QApplication(argv or [sys.argv[0] if sys.argv else "qkd-planner"])
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_ID)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    # Lets the desktop match windows to the .desktop entry (taskbar icon, Wayland app id).
    QGuiApplication.setDesktopFileName(APP_ID)
    if theme_name is None:
        theme_name = str(QSettings().value("view/theme", "light"))
    theme.apply_theme(app, theme_name)
    app.setWindowIcon(app_icon())
    return app


def install_translation(app, lang: str | None) -> bool:
    """Load ``resources/translations/planner_<lang>.qm`` if present. True when installed."""
    if not lang or lang == "en":
        return False
    from PySide6.QtCore import QTranslator

    from planner.resources import resource_path

    qm = resource_path("translations", f"planner_{lang}.qm")
    if not qm.is_file():
        print(f"qkd-planner: no {lang} translation in this installation; using English", file=sys.stderr)
        return False
    translator = QTranslator(app)
    if translator.load(str(qm)):
        app.installTranslator(translator)
        return True
    return False


# Texts of the start-up dialogs, in the main window's translation context.
def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def _same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return False


def _offer_recovery(window, for_file: str | os.PathLike | None = None) -> bool:
    """After a crash, offer the autosaved plan. True when one was restored.

    Without ``for_file`` (the app starts empty) every recovery is offered; with it (the app starts
    on that file) only the recovery of that same file, so opening a file after a crash still
    brings back the unsaved changes made to it."""
    from PySide6.QtWidgets import QMessageBox

    from planner.errors import PlanError
    from planner.gui.recovery import find_recoveries

    recoveries = find_recoveries()
    if for_file is not None:
        recoveries = [r for r in recoveries if r.original and _same_file(r.original, for_file)]
    for rec in recoveries:
        name = Path(rec.original).name if rec.original else tr("an unsaved plan")
        answer = QMessageBox.question(
            window, tr("Restore unsaved work?"),
            tr("The planner did not close normally. Changes to {0} were saved automatically "
               "at {1}. Restore them?").format(name, rec.saved_at or "?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            rec.discard()
            continue
        try:
            plan = rec.load()
        except PlanError as e:
            window.error(tr("Cannot restore"), str(e))
            rec.discard()
            continue
        window.set_plan(plan, rec.original)
        # The restored state is unsaved work: mark it modified until the user saves.
        window.document.undo_stack.resetClean()
        window._update_title()
        rec.discard()
        return True
    return False


def _logged(e: BaseException) -> str:
    """Write the traceback of ``e`` to the crash log; returns " (details in <log>)" or ""."""
    try:
        from planner.gui.crash import write_crash_log

        return f" (details in {write_crash_log(type(e), e, e.__traceback__)})"
    except Exception:  # noqa: BLE001 - the log is a courtesy; the one-line message still goes out
        return ""


class HeadlessGuard:
    """Keeps a headless run from ever waiting for a user.

    - any modal dialog (a message box, a file dialog, a question) is closed as soon as it opens and
      its text is kept (a timer checks ``QApplication.activeModalWidget`` also inside the dialog's
      own event loop);
    - an exception escaping a Qt slot is logged to the crash log and kept;
    - past ``deadline_s`` the process ends with exit code 1 and one line on stderr;
    - harmless messages of the offscreen platform are not printed.
    """

    def __init__(self, deadline_s: float | None = None, interval_ms: int = 25) -> None:
        from PySide6.QtCore import QTimer, qInstallMessageHandler

        self.messages: list[str] = []
        self.failures: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.close_dialogs)
        self.timer.start()
        self._old_hook = sys.excepthook
        sys.excepthook = self._excepthook
        self._old_handler = qInstallMessageHandler(self._qt_message)
        if deadline_s is None:
            deadline_s = float(os.environ.get("PLANNER_HEADLESS_DEADLINE_S", HEADLESS_DEADLINE_S))
        self.deadline = threading.Timer(deadline_s, self._give_up)
        self.deadline.daemon = True
        self.deadline.start()

    def report(self, text: str) -> None:
        """A message that a dialog would have shown."""
        self.messages.append(" ".join(str(text).split()))

    def close_dialogs(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

        while (w := QApplication.activeModalWidget()) is not None:
            if isinstance(w, QMessageBox):
                self.report(f"{w.windowTitle()}: {w.text()}" if w.windowTitle() else w.text())
            else:
                self.report(f"a dialog needed an answer: {w.windowTitle() or type(w).__name__}")
            if isinstance(w, QDialog):
                w.reject()
            w.close()
            w.hide()

    def _excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            self._old_hook(exc_type, exc, tb)
            return
        exc.__traceback__ = tb
        self.failures.append(f"unexpected error: {exc_type.__name__}: {exc}{_logged(exc)}")

    def _qt_message(self, mode, context, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        if message.startswith(("This plugin does not support",)) or mode in (QtMsgType.QtDebugMsg,
                                                                            QtMsgType.QtInfoMsg):
            return
        print(message, file=sys.stderr)

    def _give_up(self) -> None:  # runs in the deadline thread
        print(f"qkd-planner: error: gave up: the run did not finish within {self.deadline.interval:g} s",
              file=sys.stderr, flush=True)
        os._exit(EXIT_UNEXPECTED)

    def close(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        self.deadline.cancel()
        self.timer.stop()
        sys.excepthook = self._old_hook
        qInstallMessageHandler(self._old_handler)


def _evaluate(plan) -> tuple[bool, str]:
    """Run the engine's evaluation if this installation has it. (ok, message)."""
    try:
        from planner import evaluate
    except ImportError:
        return True, "evaluation: not available in this version"
    try:
        result = evaluate(plan)
    except NotImplementedError as e:
        return True, f"evaluation: not complete yet ({e})"
    except Exception as e:  # noqa: BLE001 - a smoke test must report any failure, then exit 1
        return False, f"evaluation failed: {type(e).__name__}: {e}{_logged(e)}"
    return True, f"evaluation: ok ({type(result).__name__})"


def _smoke_report(plan, lang: str | None) -> tuple[bool, str]:
    """Write the PDF report into a new temporary folder (checks the report writer and its fonts
    in this installation). (ok, message); the report is kept for a look."""
    import tempfile

    try:
        from planner.reports import write_report
    except ImportError:
        return True, "report: not available in this version"
    folder = Path(tempfile.mkdtemp(prefix="qkd-planner-smoke-"))
    try:
        out = write_report(plan, folder / "smoke-report.pdf", lang=lang or "en")
    except Exception as e:  # noqa: BLE001 - a smoke test must report any failure, then exit 1
        return False, f"report failed: {type(e).__name__}: {e}{_logged(e)}"
    return True, f"report: {out} ({out.stat().st_size} bytes)"


def grab_window(window, path: str | os.PathLike) -> Path:
    """Render the whole main window to a PNG (works offscreen)."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    image = window.grab()
    out = Path(path)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        from planner.errors import PlanError

        raise PlanError("could not write the screenshot", source=str(out))
    return out


def run_app(file: str | None, *, screenshot: str | None = None, smoke: bool = False,
            lang: str | None = None) -> int:
    """Start the app (blocking) or, with ``screenshot`` / ``smoke``, run once and return."""
    from planner.gui.i18n import saved_language

    app = make_application()
    install_translation(app, lang or (None if screenshot or smoke else saved_language()))
    if screenshot or smoke:
        return _run_headless(app, file, screenshot=screenshot, smoke=smoke, lang=lang)
    from PySide6.QtCore import QSettings

    from planner.gui.crash import install_crash_handler
    from planner.gui.main_window import MainWindow

    window = MainWindow(QSettings(), autosave=True)
    # Unexpected errors: dialog, log in the data dir, autosave, keep running.
    install_crash_handler(window)
    window.show()
    # After a crash, offer the unsaved work: of any plan when starting empty, of this file when
    # starting on a file (restoring it replaces opening it).
    if not _offer_recovery(window, for_file=file) and file:
        window.load(file)
    window.view.zoom_to_fit()
    return app.exec()


def _run_headless(app, file: str | None, *, screenshot: str | None, smoke: bool, lang: str | None) -> int:
    """``--smoke`` / ``--screenshot``: never waits for a user; one line on stderr on failure."""
    from planner.errors import PlanError

    guard = HeadlessGuard()
    window = None

    def fail(code: int, message: str) -> int:
        print(f"qkd-planner: error: {message}", file=sys.stderr)
        return code

    try:
        from PySide6.QtCore import QSettings

        from planner.gui.main_window import MainWindow
        from planner.resources import example_plan

        window = MainWindow(QSettings(), autosave=False)
        window.error = lambda _title, text: guard.report(text)  # no dialogs without a user
        window.resize(*SCREENSHOT_SIZE)
        target = file or (example_plan() if smoke else None)
        if target and not window.load(target):
            return fail(EXIT_BAD_FILE, guard.messages[0] if guard.messages else f"cannot open {target}")
        window.show()
        window.view.zoom_to_fit()
        ok, message = True, ""
        if smoke:
            app.processEvents()
            ok, message = _evaluate(window.document.plan.snapshot())
            if ok:
                ok, report = _smoke_report(window.document.plan.snapshot(), lang)
                message = f"{message}; {report}"
            plan = window.document.plan
            print(f"smoke: opened {window.document.display_name()} ({len(plan.sites)} sites, "
                  f"{len(plan.fibers)} fibers, {len(plan.demands)} demands); {message}")
        if screenshot:
            for _ in range(3):
                app.processEvents()
            window.view.zoom_to_fit()
            window.view.labels.relayout()
            app.processEvents()
            out = grab_window(window, screenshot)
            print(f"screenshot: {out} ({window.width()}x{window.height()})")
        app.processEvents()
        if guard.failures:
            return fail(EXIT_UNEXPECTED, guard.failures[0])
        if guard.messages:
            return fail(EXIT_UNEXPECTED, guard.messages[0])
        if not ok:
            return fail(EXIT_UNEXPECTED, message)
        return 0
    except PlanError as e:
        return fail(EXIT_BAD_FILE, str(e))
    except Exception as e:  # noqa: BLE001 - headless: one line and exit 1, never a traceback
        return fail(EXIT_UNEXPECTED, f"unexpected error: {type(e).__name__}: {e}{_logged(e)}")
    finally:
        if window is not None:
            window.document.undo_stack.setClean()
            window.close()
            # No event loop runs after this: stop the background workers now, or a thread still
            # evaluating when the interpreter shuts down can crash the process at exit.
            analysis = getattr(window, "analysis", None)
            if analysis is not None:
                analysis.shutdown()
        guard.close()
