"""Live evaluation: "snapshot in, result out" on a thread pool.

Every document revision restarts a short debounce timer; when it fires, the controller takes an
immutable snapshot of the plan with its revision number and hands it to a worker. A newer revision
cancels the older job (its cancel token is set, so an engine that polls it stops early) and a result
whose revision is not the latest is dropped. Results never enter the plan or its undo history.

Python threads cannot be killed: a job whose engine call does not poll the token runs to its end in
the background, but its result is discarded and a newer job does not wait for it (the pool has two
threads).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from planner.errors import Cancelled, PlanError  # Cancelled: an evaluator noticed its cancel token
from planner.gui.analysis.result import AnalysisResult, build_result

#: Default quiet time after the last edit before an evaluation starts (ms).
DEBOUNCE_MS = 120

Evaluator = Callable[[Any, Callable[[], bool]], Any]




def quick_stage(plan, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The fast part of an evaluation, in the ``Evaluation.to_json()`` shape.

    Every fiber's loss budget (vectorised, milliseconds) and, when a previous full result is given,
    its QKD links re-evaluated on the new losses: the same optical paths and devices, numbers from
    ``planner.network.candidates.path_channel_arrays`` and ``device_table`` (the engine's own link
    model). Demands, trusted nodes and costs are the previous design's until the full stage lands
    (``stage: quick`` marks the result provisional).
    """
    from planner.model import validate_plan
    from planner.network.budget import fiber_budgets

    validate_plan(plan)
    b = fiber_budgets(plan)
    fibers = [{"id": fid, "from": plan.fibers[fid].a, "to": plan.fibers[fid].b,
               "length_m": round(float(b.length_m[i]), 3), "loss_db": round(float(b.loss_db[i]), 4)}
              for i, fid in enumerate(b.ids)]
    out: dict[str, Any] = {"plan": plan.meta.name, "fibers": fibers, "stage": "quick"}
    if previous and previous.get("links"):
        out.update({k: previous[k] for k in ("demands", "trusted_nodes", "new_fibers", "cost", "solver",
                                             "failures", "attack_drill") if k in previous})
        out["links"] = _relinked(plan, b, previous["links"])
    else:
        out["demands"] = [{"id": d.id, "a": d.a, "b": d.b, "required_bps": d.rate_bps, "priority": d.priority}
                          for d in plan.demands.values()]
    return out


def _relinked(plan, budgets, links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Previous links on the current fiber losses (links whose sites vanished are dropped)."""
    import numpy as np

    from planner.network.candidates import device_table, path_channel_arrays, resolve_devices
    from planner.network.graph import build_fiber_graph

    graph = build_fiber_graph(plan, budgets)
    try:
        devices = resolve_devices(plan)
    except PlanError:
        return []
    keep, paths = [], []
    for lk in links:
        sites = lk.get("sites") or ()
        if lk.get("device") not in devices or len(sites) < 2 or any(s not in graph.index for s in sites):
            continue
        idx = [graph.index[s] for s in sites]
        if any((min(u, v), max(u, v)) not in graph.edge_fiber for u, v in zip(idx, idx[1:], strict=False)):
            continue
        keep.append(lk)
        paths.append(idx)
    if not keep:
        return []
    loss, length, n_cl, p_dbm, wl, fibers_of = path_channel_arrays(plan, graph, paths)
    out = []
    for dev_id in {lk["device"] for lk in keep}:
        rows = [i for i, lk in enumerate(keep) if lk["device"] == dev_id]
        sel = np.array(rows)
        rate, qber, tot, lim = device_table({dev_id: devices[dev_id]}, loss[sel], length[sel], n_cl[sel],
                                            p_dbm[sel], wl[sel])[dev_id]
        for j, i in enumerate(rows):
            q = float(qber[j])
            out.append({**keep[i], "loss_db": float(tot[j]), "channel_loss_db": float(loss[i]),
                        "length_m": float(length[i]), "key_rate_bps": float(rate[j]),
                        "qber": q if np.isfinite(q) else None, "limited_by": str(lim[j]),
                        "path": [graph.fiber_ids[k] for k in fibers_of[i]]})
    order = {lk.get("id"): n for n, lk in enumerate(keep)}
    out.sort(key=lambda lk: order.get(lk.get("id"), 0))
    return out


def full_stage(plan, cancelled: Callable[[], bool], *, solver: str = "heuristic",
               time_limit_s: float = 10.0):
    """``planner.evaluate`` with the chosen design solver; it polls ``cancelled`` and stops with
    ``Cancelled`` once the job is stale."""
    from planner.network.evaluate import evaluate

    return evaluate(plan, solver=solver, time_limit_s=time_limit_s, cancel=cancelled)


class DefaultEvaluator:
    """Two stages: ``quick_stage`` at once (on the previous full result), then the engine's full
    evaluation. The controller gives it the previous full result through ``previous``.

    ``solver``: the design solver of the live view, ``heuristic`` by default (about 2 s on the
    example plan; the exact MILP may use its whole time limit on every edit). ``auto``/``exact``
    give the CLI's default design.
    """

    def __init__(self, solver: str = "heuristic") -> None:
        self.previous: dict[str, Any] | None = None
        self.solver = solver

    def __call__(self, plan, cancelled: Callable[[], bool]):
        previous, solver = self.previous, self.solver
        yield quick_stage(plan, previous)
        if cancelled():
            raise Cancelled
        yield full_stage(plan, cancelled, solver=solver)


def default_evaluator(plan, cancelled: Callable[[], bool]):
    """``DefaultEvaluator`` without a previous result."""
    return DefaultEvaluator()(plan, cancelled)


class _Signals(QObject):
    done = Signal(int, object, object)  # revision, AnalysisResult | None, error | None
    partial = Signal(int, object)  # revision, AnalysisResult of an early stage


class _Job(QRunnable):
    def __init__(self, revision: int, plan, evaluator: Evaluator, token: threading.Event) -> None:
        super().__init__()
        self.revision, self.plan, self.evaluator, self.token = revision, plan, evaluator, token
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        t0 = time.perf_counter()
        result = error = None
        try:
            out = self.evaluator(self.plan, self.token.is_set)
            if isinstance(out, Iterator):
                # staged: each stage is shown as soon as it exists; the last one is the result
                ev = partial = None
                for stage in out:
                    ev = stage
                    if self.token.is_set():
                        break
                    partial = build_result(ev, self.revision, time.perf_counter() - t0, self.plan, final=False)
                    self._emit(self.signals.partial, self.revision, partial)
                if partial is not None and not self.token.is_set():
                    result = replace(partial, final=True, seconds=time.perf_counter() - t0)
            elif not self.token.is_set():
                result = build_result(out, self.revision, time.perf_counter() - t0, self.plan)
        except Cancelled:
            pass
        except PlanError as e:
            error = e
        except Exception as e:  # noqa: BLE001 - shown to the user as an engine failure, not a crash
            error = e
        self._emit(self.signals.done, self.revision, result, error)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the controller is gone (window closed, app exiting): nobody listens
            pass


class EvaluationController(QObject):
    """Keeps an up-to-date ``AnalysisResult`` of a ``PlanDocument``.

    Signals: ``busy_changed(bool)``; ``result_ready(AnalysisResult)`` (fresh results only; a staged
    evaluator gives an early result with ``final`` False, then the full one);
    ``failed(revision, error)`` (a ``PlanError`` or another engine exception); ``cancelled(revision)``.
    """

    busy_changed = Signal(bool)
    result_ready = Signal(object)
    failed = Signal(int, object)
    cancelled = Signal(int)

    def __init__(self, document, *, evaluator: Evaluator | None = None, debounce_ms: int = DEBOUNCE_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.evaluator: Evaluator = evaluator or DefaultEvaluator()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(debounce_ms)
        self.timer.timeout.connect(self.run_now)
        self.result: AnalysisResult | None = None
        self.error: BaseException | None = None
        self.enabled = True
        self._jobs: dict[int, _Job] = {}
        self._token: threading.Event | None = None
        self._running_revision: int | None = None
        document.revision_changed.connect(self.schedule)
        document.reset.connect(self._on_reset)

    # -- state ----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._running_revision is not None

    def _set_running(self, revision: int | None) -> None:
        was = self.busy
        self._running_revision = revision
        if was != self.busy:
            self.busy_changed.emit(self.busy)

    # -- control ----------------------------------------------------------------------------------
    def _on_reset(self, *_args) -> None:
        """A new plan: the last result (and the design the quick stage re-uses) belong to the old one."""
        self.result = None
        if isinstance(self.evaluator, DefaultEvaluator):
            self.evaluator.previous = None
        self.schedule()

    def schedule(self, *_args) -> None:
        """(Re)start the debounce timer; the running job, now stale, is cancelled."""
        if not self.enabled:
            return
        if self._token is not None:
            self._token.set()
        self.timer.start()

    def run_now(self) -> None:
        """Evaluate the document's current revision now."""
        self.timer.stop()
        if self._token is not None:
            self._token.set()
        token = threading.Event()
        self._token = token
        revision = self.document.revision
        if isinstance(self.evaluator, DefaultEvaluator):
            last = self.result
            self.evaluator.previous = last.data if last is not None and last.final else \
                self.evaluator.previous
        job = _Job(revision, self.document.plan.snapshot(), self.evaluator, token)
        job.signals.done.connect(self._on_done)
        job.signals.partial.connect(self._on_partial)
        self._jobs[id(job)] = job
        job.signals.setProperty("job_key", id(job))
        self._set_running(revision)
        self.pool.start(job)

    def cancel(self) -> None:
        """Stop waiting for the current evaluation (its result will be dropped)."""
        self.timer.stop()
        rev = self._running_revision
        if self._token is not None:
            self._token.set()
        self._set_running(None)
        if rev is not None:
            self.cancelled.emit(rev)

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel and wait for the worker threads (call before the window closes)."""
        self.enabled = False
        self.cancel()
        return self.pool.waitForDone(timeout_ms)

    # -- results ----------------------------------------------------------------------------------
    def _is_current(self) -> bool:
        """The job that sent the signal is the latest one started (an older job of the same
        revision, replaced by "Evaluate now" or another solver, is stale too)."""
        key = self.sender().property("job_key") if self.sender() is not None else None
        job = self._jobs.get(key)
        return job is not None and job.token is self._token

    def _on_partial(self, revision: int, result) -> None:
        if self._is_current() and revision == self.document.revision and revision == self._running_revision:
            self.result = result
            self.result_ready.emit(result)

    def _on_done(self, revision: int, result, error) -> None:
        current = self._is_current()
        key = self.sender().property("job_key") if self.sender() is not None else None
        self._jobs.pop(key, None)
        stale = not current or revision != self.document.revision or revision != self._running_revision
        if stale:
            return
        self._set_running(None)
        if error is not None:
            self.error = error
            self.failed.emit(revision, error)
        elif result is not None:
            self.error = None
            self.result = result
            self.result_ready.emit(result)
