"""Screenshots of the analysis views on the example plan, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python docs/make_analysis_screenshots.py

Opens ``examples/harbor.qkdplan`` in the main window, installs the analysis
(``planner.gui.analysis.install``), waits for the full evaluation (loss budgets, then the network
design) and captures: the map coloured by loss with the results tables, the key-rate margin view,
the link calculator, the rollout view in mid-rollout, the failure drill after a fiber cut, the
report dialog after writing a report, the engine error dialog, and the Chinese interface.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZE = (1600, 1000)


def wait(app, cond, timeout_s: float = 120.0) -> None:
    end = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the application")
        app.processEvents()
        time.sleep(0.01)


def settle(app, n: int = 5) -> None:
    for _ in range(n):
        app.processEvents()


def save(widget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)} ({widget.width()}x{widget.height()})")


def terminal_rect(plan):
    """Scene rectangle of the terminal (berths, yards, gate, bonded zone), without remote campuses."""
    from PySide6.QtCore import QRectF

    core = [s for s in plan.sections.values() if s.kind in ("berth", "yard", "gate", "bonded")]
    xs = [x for s in core for x, _ in s.polygon]
    ys = [y for s in core for _, y in s.polygon]
    return QRectF(min(xs), -max(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-150, -250, 150, 150)


def main() -> int:
    from PySide6.QtCore import QSettings, Qt

    from planner.gui.analysis import install
    from planner.gui.app import make_application
    from planner.gui.main_window import MainWindow
    from planner.resources import example_plan

    tmp = Path(tempfile.mkdtemp(prefix="qkd-shots-"))
    os.environ["PLANNER_DATA_DIR"] = str(tmp)
    app = make_application(theme_name="light")
    window = MainWindow(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat), autosave=False)
    window.resize(*SIZE)
    if not window.load(example_plan()):
        return 2
    integ = getattr(window, "analysis", None) or install(window)
    window.show()
    window.docks["dock_inspector"].hide()  # room for the analysis docks
    settle(app)
    window.resizeDocks([integ.docks["results"]], [250], Qt.Orientation.Vertical)
    window.resizeDocks([integ.docks["analysis"]], [330], Qt.Orientation.Horizontal)
    wait(app, lambda: integ.analysis.result is not None and integ.analysis.result.final
         and integ.analysis.result.revision == window.document.revision)
    settle(app)
    window.view.zoom_to_rect(terminal_rect(window.document.plan))
    settle(app)
    integ.results.setCurrentIndex(0)
    save(window, "analysis-loss.png")

    # key-rate margin colouring, demands table
    integ.panel.mode.setCurrentIndex(integ.panel.mode.findData("margin"))
    integ.results.setCurrentIndex(1)
    settle(app)
    save(window, "analysis-margin.png")
    integ.panel.mode.setCurrentIndex(integ.panel.mode.findData("loss"))

    # link calculator
    dlg = integ.open_link_calculator()
    dlg.resize(1180, 700)
    settle(app)
    save(dlg, "link-calculator.png")
    dlg.close()

    # rollout in mid-rollout
    integ.docks["rollout"].show()
    integ.docks["rollout"].raise_()
    window.view.zoom_to_fit()
    integ.rollout.solver.setCurrentIndex(integ.rollout.solver.findData("heuristic"))
    integ.rollout.run()
    wait(app, lambda: integ.rollout.simulation is not None and not integ.rollout.running)
    phases = len(integ.rollout.simulation.phases)
    integ.rollout.slider.setValue(max(1, phases // 2))
    settle(app)
    save(window, "rollout.png")
    integ.rollout.slider.setValue(phases)
    integ.docks["rollout"].hide()
    window.view.zoom_to_rect(terminal_rect(window.document.plan))
    settle(app)

    # failure drill: the fiber cut that costs the most service
    res = integ.analysis.result
    rows = sorted(res.data["failures"]["fibers"], key=lambda r: -len(r["lost"]))
    integ.docks["drill"].show()
    integ.docks["drill"].raise_()
    window.resizeDocks([integ.docks["drill"]], [430], Qt.Orientation.Horizontal)
    settle(app)
    integ.drill.pick(("fiber", rows[0]["fiber"]))
    settle(app)
    save(window, "drill-fiber-cut.png")
    integ.drill.clear()
    integ.docks["drill"].hide()

    # report dialog after a report
    rep = integ.open_report_dialog(open_when_done=False)
    rep.path.setText(str(tmp / "haixin-bay-report.pdf"))
    done = []
    rep.finished_run.connect(lambda: done.append(1))
    rep.start()
    wait(app, lambda: bool(done))
    settle(app)
    save(rep, "report-dialog.png")
    rep.close()

    # engine error dialog (a refused device list, as the engine reports it)
    from planner.errors import DeviceError

    err = DeviceError("unknown device 'qkd-x9' (not in the catalogue or the plan's custom devices)",
                      element="devices", field="allowed[0]")
    integ.error_dialog.show_error(err, window.document.plan)
    integ.error_dialog.show()
    settle(app)
    save(integ.error_dialog, "engine-error.png")
    fid = next(iter(window.document.plan.fibers))
    from planner.errors import ValidationError

    integ.error_dialog.show_error(ValidationError("must be a finite number of dB ≥ 0, got -3", element=fid,
                                                  field="loss_db"), window.document.plan)
    settle(app)
    save(integ.error_dialog, "engine-error-select.png")
    integ.error_dialog.hide()

    # Chinese interface
    integ.set_language("zh")
    integ.results.setCurrentIndex(0)
    settle(app)
    save(window, "analysis-zh.png")
    integ.set_language("en")

    integ.shutdown()
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
