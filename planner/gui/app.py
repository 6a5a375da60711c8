"""Start the desktop app: ``run_app(file, screenshot=..., smoke=..., lang=...)``.

``--screenshot PNG`` opens the plan, fits the view, renders the main window (at least 1280×800) to
the PNG and returns 0. ``--smoke`` opens the plan (or the bundled example), runs the engine's
evaluation when it is available, writes the PDF report into a new temporary folder, and returns 0
(1 when the evaluation or the report crashes).
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

SCREENSHOT_SIZE = (1440, 900)


def _ensure_platform() -> None:
    """With no display, use the offscreen platform instead of aborting."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def make_application(argv: list[str] | None = None, theme_name: str | None = None):
    """The QApplication (created once), named so QSettings and data dirs are the app's own."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    from planner import __version__
    from planner.gui import theme
    from planner.gui.icons import app_icon

    app = QApplication.instance()
    if app is None:
        _ensure_platform()
        app = QApplication(argv or [sys.argv[0] if sys.argv else "qkd-planner"])
    QCoreApplication.setOrganizationName("qkd-planner")
    QCoreApplication.setOrganizationDomain("qkd-planner.org")
    QCoreApplication.setApplicationName("QKD Rollout Planner")
    QCoreApplication.setApplicationVersion(__version__)
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


def _offer_recovery(window) -> bool:
    """After a crash, offer the autosaved plan. True when one was restored."""
    from PySide6.QtWidgets import QMessageBox

    from planner.errors import PlanError
    from planner.gui.recovery import find_recoveries

    for rec in find_recoveries():
        name = Path(rec.original).name if rec.original else window.tr("an unsaved plan")
        answer = QMessageBox.question(
            window, window.tr("Restore unsaved work?"),
            window.tr("The planner did not close normally. Changes to {0} were saved automatically "
                      "at {1}. Restore them?").format(name, rec.saved_at or "?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            rec.discard()
            continue
        try:
            plan = rec.load()
        except PlanError as e:
            window.error(window.tr("Cannot restore"), str(e))
            rec.discard()
            continue
        window.set_plan(plan, rec.original)
        # The restored state is unsaved work: mark it modified until the user saves.
        window.document.undo_stack.resetClean()
        window._update_title()
        rec.discard()
        return True
    return False


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
        traceback.print_exc()
        return False, f"evaluation failed: {type(e).__name__}: {e}"
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
        traceback.print_exc()
        return False, f"report failed: {type(e).__name__}: {e}"
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
    headless = bool(screenshot or smoke)
    app = make_application()
    install_translation(app, lang)
    from PySide6.QtCore import QSettings

    from planner.gui.main_window import MainWindow

    window = MainWindow(QSettings(), autosave=not headless)
    if not headless:  # unexpected errors: dialog, log in the data dir, autosave, keep running
        from planner.gui.crash import install_crash_handler

        install_crash_handler(window)
    if headless:
        window.resize(*SCREENSHOT_SIZE)
    if headless:
        # No dialogs without a user: a bad file is one line on stderr and exit code 2.
        from planner.errors import PlanError
        from planner.io import load_plan
        from planner.resources import example_plan

        target = file or (example_plan() if smoke else None)
        if target:
            try:
                load_plan(target)
            except PlanError as e:
                print(f"qkd-planner: error: {e}", file=sys.stderr)
                return 2
            window.load(target)
    elif file:
        window.load(file)
    window.show()
    if not headless and not file:
        _offer_recovery(window)
    window.view.zoom_to_fit()
    if smoke:
        app.processEvents()
        ok, message = _evaluate(window.document.plan.snapshot())
        if ok:
            ok, report = _smoke_report(window.document.plan.snapshot(), lang)
            message = f"{message}; {report}"
        plan = window.document.plan
        print(f"smoke: opened {window.document.display_name()} ({len(plan.sites)} sites, "
              f"{len(plan.fibers)} fibers, {len(plan.demands)} demands); {message}")
        window.document.undo_stack.setClean()
        window.close()
        if not ok:
            return 1
    if screenshot:
        for _ in range(3):
            app.processEvents()
        window.view.zoom_to_fit()
        app.processEvents()
        out = grab_window(window, screenshot)
        print(f"screenshot: {out} ({window.width()}x{window.height()})")
        window.document.undo_stack.setClean()
        window.close()
    if headless:
        return 0
    return app.exec()
