"""Live analysis latency in the desktop app: time from an edit to the map's new colours.

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_analysis_bench.py [--edits 20] [--sites 0]

Opens the example plan (or a synthetic port of ``--sites`` sites from ``make_port``) in a
``PlanDocument`` with a scene and the live analysis, waits for the first full evaluation, then
edits one fiber's measured length ``--edits`` times, one edit at a time, and prints for each
stage the time from the edit to the result on the map: the quick stage (loss budgets and the
last design's links re-evaluated) and the full evaluation (network design, failures, costs). The
debounce delay is included. Also prints the longest gap between two event-loop ticks while the
worker runs (the GUI thread's responsiveness).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--sites", type=int, default=0, help="synthetic port size (0: the example plan)")
    args = ap.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from planner.gui.analysis.panel import MapAnalysis
    from planner.gui.analysis.worker import DEBOUNCE_MS
    from planner.gui.canvas.scene import PlanScene
    from planner.gui.document import PlanDocument
    from planner.io import load_plan
    from planner.resources import example_plan

    app = QApplication.instance() or QApplication([])
    if args.sites:
        from make_port import make_port

        plan = make_port(args.sites, seed=1)
    else:
        plan = load_plan(example_plan())
    doc = PlanDocument(plan)
    scene = PlanScene(doc)
    analysis = MapAnalysis(doc, scene)
    stamps: dict[tuple[int, bool], float] = {}
    analysis.controller.result_ready.connect(lambda r: stamps.setdefault((r.revision, r.final), time.perf_counter()))
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)

    def wait(cond, timeout_s=300.0):
        end = time.perf_counter() + timeout_s
        while not cond():
            if time.perf_counter() > end:
                raise SystemExit("timed out")
            app.processEvents()
            time.sleep(0.001)

    t0 = time.perf_counter()
    analysis.start()
    wait(lambda: (doc.revision, True) in stamps)
    print(f"plan: {len(plan.sites)} sites, {len(plan.fibers)} fibers, {len(plan.demands)} demands")
    print(f"first full evaluation: {stamps[(doc.revision, True)] - t0:.2f} s (imports and catalogues included)")
    link_fibers = [f for r in analysis.result.links for f in r.fibers] or list(plan.fibers)
    fid = link_fibers[0]
    quick, full = [], []
    gaps.clear()
    for i in range(args.edits):
        t = time.perf_counter()
        doc.edit("fiber", fid, length_m=1000.0 + 37.0 * (i + 1))
        rev = doc.revision
        wait(lambda rev=rev: (rev, True) in stamps)
        quick.append(stamps.get((rev, False), stamps[(rev, True)]) - t)
        full.append(stamps[(rev, True)] - t)

    def show(name, xs):
        xs = sorted(xs)
        print(f"{name:<34} median {1000 * statistics.median(xs):8.1f} ms   p90 {1000 * xs[int(0.9 * (len(xs) - 1))]:8.1f} ms"
              f"   max {1000 * xs[-1]:8.1f} ms")

    print(f"debounce: {DEBOUNCE_MS} ms; design solver of the live view: heuristic; {args.edits} edits")
    show("edit -> colours (quick stage)", quick)
    show("edit -> full evaluation", full)
    print(f"longest event-loop gap while evaluating: {1000 * max(gaps):.1f} ms (timer every 5 ms)")
    analysis.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
