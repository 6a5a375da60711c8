"""Time the PDF report and the exports on the example plan (target: report ≤ 3 s).

Prints the engine time (evaluate + rollout simulation, done once per report) apart from the
rendering time, so a slow engine and a slow report are told apart. Run:
``python benchmarks/report_bench.py [PLAN] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from planner.io import load_plan
from planner.reports import render_report, write_report
from planner.reports.data import gather
from planner.reports.exports import render_export
from planner.resources import example_plan


def timed(fn, repeat: int) -> tuple[float, object]:
    wall, _, out = timed_cpu(fn, repeat)
    return wall, out


def timed_cpu(fn, repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``repeat`` runs (CPU time is what the machine's load leaves
    alone; wall time is what the user waits)."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - t)
    return statistics.median(walls), statistics.median(cpus), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("plan", nargs="?", default=str(example_plan("harbor.qkdplan")))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    plan = load_plan(args.plan)
    print(f"plan: {Path(args.plan).name}: {len(plan.sites)} sites, {len(plan.fibers)} fibers, "
          f"{len(plan.demands)} demands")
    t_engine, data = timed(lambda: gather(plan, include_phases=False), args.repeat)
    t_engine_ph, data_ph = timed(lambda: gather(plan, include_phases=True), 1)
    print(f"engine (evaluate):                      {t_engine:6.2f} s")
    print(f"engine (evaluate + rollout simulation): {t_engine_ph:6.2f} s")
    for lang in ("en", "zh"):
        t, cpu, pdf = timed_cpu(lambda lang=lang: render_report(plan, lang=lang, date="2026-05-01", data=data_ph),
                                args.repeat)
        print(f"render PDF ({lang}, with phases):         {t:6.2f} s wall, {cpu:5.2f} s CPU  "
              f"({len(pdf) / 1024:.0f} KiB)  <- target 0.7 s CPU")
    with tempfile.TemporaryDirectory() as tmp:
        t, cpu, _ = timed_cpu(lambda: write_report(plan, Path(tmp) / "r.pdf", date="2026-05-01",
                                                   include_phases=False), args.repeat)
        print(f"write_report end to end (en, no phases): {t:6.2f} s wall, {cpu:5.2f} s CPU  <- target 3 s")
        t, _ = timed(lambda: write_report(plan, Path(tmp) / "r.pdf", date="2026-05-01", include_phases=True), 1)
        print(f"write_report end to end (en, phases):    {t:6.2f} s")
        # the acceptance command itself, a new process each time (imports included)
        cmd = [sys.executable, "-m", "planner", "report", args.plan, "-o", str(Path(tmp) / "cli.pdf")]
        t, _ = timed(lambda: subprocess.run(cmd, check=True, capture_output=True), args.repeat)
        print(f"qkd-planner report (new process):        {t:6.2f} s wall (median of {args.repeat})  <- target 3 s")
    for fmt in ("csv", "xlsx", "geojson"):
        t, _ = timed(lambda fmt=fmt: render_export(data_ph, fmt), args.repeat)
        print(f"export {fmt:<8} (render only):            {t * 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
