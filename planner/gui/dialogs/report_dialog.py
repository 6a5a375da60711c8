"""Report dialog: language, paper, sections and file; the PDF is written in a worker thread with a
progress bar and a cancel button, then opened with the system viewer."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlanError
from planner.gui.i18n import FollowsLanguage


class ReportWorker(QObject):
    """Runs ``write_report`` in its thread; reports progress, the written path, an error or a cancel."""

    progress = Signal(float, str)
    finished = Signal(str)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, plan, path: Path, options: dict, cancel: threading.Event, evaluation=None) -> None:
        super().__init__()
        self.plan, self.path, self.options, self.cancel_event = plan, path, options, cancel
        self.evaluation = evaluation

    def run(self) -> None:
        from planner.reports import ReportCancelled, write_report

        progress = lambda f, label: self.progress.emit(float(f), label)  # noqa: E731
        try:
            if self.evaluation is None:
                out = write_report(self.plan, self.path, progress=progress, cancel=self.cancel_event.is_set,
                                   **self.options)
            else:
                out = self._write_with_evaluation(progress)
        except ReportCancelled:
            self.cancelled.emit()
        except Exception as e:  # noqa: BLE001 - shown in the dialog, never a traceback
            self.failed.emit(e)
        else:
            self.finished.emit(str(out))

    def _write_with_evaluation(self, progress) -> Path:
        """As ``write_report``, but rendering the evaluation the app already has (the live
        analysis of this very plan revision) instead of evaluating the plan again."""
        from planner.io.atomic import atomic_write_bytes
        from planner.reports import ReportCancelled, render_report

        folder = self.path.parent if str(self.path.parent) else Path(".")
        if not folder.is_dir():
            raise PlanError(f"the folder {folder} does not exist", source=str(self.path))
        pdf = render_report(self.plan, progress=progress, cancel=self.cancel_event.is_set,
                            evaluation=self.evaluation, **self.options)
        if self.cancel_event.is_set():
            raise ReportCancelled("report cancelled")
        return atomic_write_bytes(self.path, pdf)


class ReportDialog(FollowsLanguage, QDialog):
    """Options and progress of one report. ``written(path)`` is emitted when the PDF exists."""

    written = Signal(str)
    #: The background run ended (written, failed or cancelled).
    finished_run = Signal()

    def __init__(self, plan, parent: QWidget | None = None, *, path: str | Path | None = None,
                 lang: str = "en", open_when_done: bool = True, date=None, evaluation=None) -> None:
        """``evaluation``: the ``to_json()`` of an evaluation of exactly this plan to render (the
        live analysis); None: the report evaluates the plan itself."""
        super().__init__(parent)
        from planner.reports import SECTIONS

        self.plan = plan
        self.evaluation = evaluation
        self.open_when_done = open_when_done
        self.date = date
        self.thread: QThread | None = None
        self.worker: ReportWorker | None = None
        self.cancel_event = threading.Event()
        self.result_path: str | None = None
        self.error: BaseException | None = None
        self.lang = QComboBox()
        self.lang.addItem("English", "en")
        self.lang.addItem("简体中文", "zh")
        self.lang.setCurrentIndex(max(0, self.lang.findData(lang)))
        self.paper = QComboBox()
        self.paper.addItems(["A4", "Letter"])
        self.path = QLineEdit(str(path or ""))
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        path_row = self.path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        self.form = QFormLayout()
        self.form.addRow("Language", self.lang)
        self.form.addRow("Paper", self.paper)
        self.form.addRow("File", path_row)
        self.sections_box = QGroupBox()
        grid = QGridLayout(self.sections_box)
        self.section_checks: dict[str, QCheckBox] = {}
        for i, key in enumerate(SECTIONS):
            cb = QCheckBox()
            cb.setChecked(True)
            self.section_checks[key] = cb
            grid.addWidget(cb, i // 2, i % 2)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._status_text = None
        self.buttons = QDialogButtonBox()
        self.generate = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.generate.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.sections_box)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Generate report"))
        for field, text in ((self.lang, self.tr("Language")), (self.paper, self.tr("Paper")),
                            (self.path_row, self.tr("File"))):
            label = self.form.labelForField(field)
            if label is not None:
                label.setText(text)
        self.browse.setText(self.tr("Browse…"))
        self.sections_box.setTitle(self.tr("Sections"))
        labels = self.section_labels()
        for key, cb in self.section_checks.items():
            cb.setText(labels.get(key, key))
        self.generate.setText(self.tr("Generate"))
        self.cancel_button.setText(self.tr("Cancel") if self.running else self.tr("Close"))
        if self._status_text is not None:
            self.status.setText(self._status_text())

    def _say(self, text) -> None:
        """Show a status line given as a function, so it follows the interface language."""
        self._status_text = text
        self.status.setText(text())

    def section_labels(self) -> dict[str, str]:
        return {
            "summary": self.tr("Summary"), "map": self.tr("Network map"), "links": self.tr("QKD links"),
            "demands": self.tr("Demands"), "nodes": self.tr("Trusted nodes"),
            "bom": self.tr("Bill of materials"), "interfaces": self.tr("Interfaces"),
            "rollout": self.tr("Rollout phases"), "costs": self.tr("Costs"),
            "assumptions": self.tr("Assumptions"), "methods": self.tr("Methods"),
        }

    def options(self) -> dict:
        sections = [k for k, cb in self.section_checks.items() if cb.isChecked()]
        return {"lang": self.lang.currentData(), "paper": self.paper.currentText(), "sections": sections,
                "include_phases": "rollout" in sections, "date": self.date}

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), self.path.text() or "report.pdf",
                                              self.tr("PDF files (*.pdf)"))
        if path:
            self.path.setText(path)

    @property
    def running(self) -> bool:
        return self.thread is not None

    def start(self) -> None:
        """Start writing the report in the background."""
        if self.running:
            return
        text = self.path.text().strip()
        if not text:
            self._browse()
            text = self.path.text().strip()
            if not text:
                return
        opts = self.options()
        if not opts["sections"]:
            self._say(lambda: self.tr("Choose at least one section."))
            return
        self.cancel_event = threading.Event()
        self.result_path, self.error = None, None
        self.thread = QThread(self)
        self.worker = ReportWorker(self.plan.snapshot(), Path(text), opts, self.cancel_event, self.evaluation)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        for sig in (self.worker.finished, self.worker.failed, self.worker.cancelled):
            sig.connect(self.thread.quit)
        self.thread.finished.connect(self._thread_done)
        self.generate.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancel"))
        self.progress.setValue(0)
        self._say(lambda: self.tr("Preparing…"))
        self.thread.start()

    def cancel(self) -> None:
        self.cancel_event.set()
        self._say(lambda: self.tr("Cancelling…"))

    def _cancel_or_close(self) -> None:
        if self.running:
            self.cancel()
        else:
            self.reject()

    def _progress(self, fraction: float, label: str) -> None:
        self.progress.setValue(int(1000 * max(0.0, min(1.0, fraction))))
        self._say(lambda: self.tr("Working: {0}").format(self.step_label(label)))

    def step_label(self, step: str) -> str:
        """A step of the report writer (``planner.reports.pdf``: a section key, ``engine``,
        ``layout``, ``done``) as shown."""
        steps = {"engine": self.tr("evaluating the plan"), "layout": self.tr("laying out the pages"),
                 "done": self.tr("finishing")}
        return steps.get(step) or self.section_labels().get(step, step)

    def _finished(self, path: str) -> None:
        self.result_path = path
        self.progress.setValue(1000)
        self._say(lambda: self.tr("Written to {0}").format(path))
        self.written.emit(path)
        if self.open_when_done:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _failed(self, error: BaseException) -> None:
        self.error = error
        text = error.message if isinstance(error, PlanError) else f"{type(error).__name__}: {error}"
        self._say(lambda: self.tr("The report could not be written: {0}").format(text))

    def _cancelled(self) -> None:
        self.progress.setValue(0)
        self._say(lambda: self.tr("Cancelled: no file was written."))

    def _thread_done(self) -> None:
        if self.worker is not None:
            self.worker.deleteLater()
        if self.thread is not None:
            self.thread.deleteLater()
        self.thread, self.worker = None, None
        self.generate.setEnabled(True)
        self.cancel_button.setText(self.tr("Close"))
        self.finished_run.emit()

    def wait(self, ms: int = 60000) -> bool:
        """Block until the worker thread ends (for shutdown)."""
        return self.thread.wait(ms) if self.thread is not None else True

    def done(self, r: int) -> None:
        if self.running:
            self.cancel()
            self.wait()
        super().done(r)
