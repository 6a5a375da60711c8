"""Network engine benchmark: evaluate time by plan size, and the heuristic against the exact MILP.

Run: ``python benchmarks/network_bench.py [--sizes 50,200,500,1000,2000] [--gap-sizes 100,200]``.
Prints figures; asserts nothing (performance targets are read, not tested).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_port import make_port  # noqa: E402

from planner.network.design import prepare  # noqa: E402
from planner.network.evaluate import evaluate  # noqa: E402
from planner.network.heuristic import solve_heuristic  # noqa: E402
from planner.network.milp import solve_milp  # noqa: E402


def bench_evaluate(sizes, seed: int) -> None:
    print("evaluate time by size (kind=port, 2 fibers/site, demands = sites/4 up to 500, solver auto)")
    print(f"{'sites':>6} {'fibers':>6} {'demands':>7} {'cands':>6} {'method':>9} {'feasible':>8} {'seconds':>8}")
    for n in sizes:
        plan = make_port(n, seed, n_demands=min(500, max(4, n // 4)))
        t = time.perf_counter()
        e = evaluate(plan, solver="auto", time_limit_s=10)
        dt = time.perf_counter() - t
        j = e.to_json()
        ok = sum(d["feasible"] for d in j["demands"])
        print(f"{n:>6} {len(plan.fibers):>6} {len(plan.demands):>7} {j['solver']['candidate_links']:>6} "
              f"{j['solver']['method']:>9} {ok:>8} {dt:>8.2f}")


def bench_gap(sizes, seeds, time_limit: float) -> None:
    print(f"\nheuristic vs exact MILP (kind=metro, relay-capable = 10% of sites, time limit {time_limit:g} s)")
    print(f"{'sites':>6} {'relays':>6} {'seed':>4} {'demands':>7} {'heur cost':>12} {'heur s':>7} {'MILP cost':>12} "
          f"{'status':>10} {'MILP gap':>8} {'MILP s':>7} {'heur vs opt':>11}")
    for n in sizes:
        for seed in seeds:
            plan = make_port(n, seed, kind="metro", n_demands=max(6, n // 20))
            ctx = prepare(plan)
            prob = ctx.problem
            t = time.perf_counter()
            h = solve_heuristic(prob, time_limit_s=1.0)
            th = time.perf_counter() - t
            t = time.perf_counter()
            ex = solve_milp(prob, time_limit_s=time_limit, incumbent=h)
            te = time.perf_counter() - t
            hc, ec = h.total(prob), ex.total(prob) if ex.routes is not None else float("nan")
            rel = (hc - ec) / ec if ex.status == "optimal" and ec > 0 else float("nan")
            gap = "n/a" if ex.gap is None else f"{100 * ex.gap:.2f}%"
            print(f"{n:>6} {int(prob.relay.sum()):>6} {seed:>4} {len(plan.demands):>7} {hc:>12,.0f} {th:>7.2f} "
                  f"{ec:>12,.0f} {ex.status:>10} {gap:>8} {te:>7.2f} {100 * rel:>10.2f}%")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="50,200,500,1000,2000")
    ap.add_argument("--gap-sizes", default="100,200,500")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--time-limit", type=float, default=10.0)
    args = ap.parse_args()
    bench_evaluate([int(x) for x in args.sizes.split(",") if x], seed=1)
    bench_gap([int(x) for x in args.gap_sizes.split(",") if x], [int(x) for x in args.seeds.split(",")],
              args.time_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
