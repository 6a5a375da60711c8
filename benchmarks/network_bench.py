"""Network engine benchmark: evaluate time by plan size, and the heuristic against the exact MILP.

Run: ``python benchmarks/network_bench.py [--sizes 50,200,500,1000,2000] [--gap-sizes 100,200]
[--relays 10,20,50,100,200,300]`` (``--only relays`` prints only the exact-solver table,
``--only evaluate`` only the evaluate-time table, ``--only gap [--gap-demands default]`` only the
heuristic-vs-exact table).
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
    print("wall time is noisy on a shared machine; CPU is time.process_time() of this process")
    print(f"{'sites':>6} {'fibers':>6} {'demands':>7} {'cands':>6} {'method':>9} {'status':>10} {'gap':>7} "
          f"{'feasible':>8} {'wall s':>7} {'CPU s':>6}")
    for n in sizes:
        plan = make_port(n, seed, n_demands=min(500, max(4, n // 4)))
        t, c = time.perf_counter(), time.process_time()
        e = evaluate(plan, solver="auto", time_limit_s=10)
        dt, dc = time.perf_counter() - t, time.process_time() - c
        j = e.to_json()
        ok = sum(d["feasible"] for d in j["demands"])
        gap = "n/a" if j["solver"]["gap"] is None else f"{100 * j['solver']['gap']:.2f}%"
        print(f"{n:>6} {len(plan.fibers):>6} {len(plan.demands):>7} {j['solver']['candidate_links']:>6} "
              f"{j['solver']['method']:>9} {j['solver']['status']:>10} {gap:>7} {ok:>8} {dt:>7.2f} {dc:>6.2f}")


def bench_gap(sizes, seeds, time_limit: float, kind: str, demands: str = "sites/20") -> None:
    print(f"\nheuristic vs exact MILP (kind={kind}, relay-capable = 10% of sites, demands = {demands}, "
          f"time limit {time_limit:g} s)")
    print("'heur vs opt' only where the MILP proved its optimum; 'served' = demand rate served (%)")
    print("heur wall/CPU: seconds of the heuristic; searches: its route searches (its bounded work)")
    print(f"{'sites':>6} {'relays':>6} {'seed':>4} {'demands':>7} {'heur cost':>12} {'served':>6} {'heur wall':>9} "
          f"{'heur CPU':>8} {'searches':>8} "
          f"{'MILP cost':>12} {'served':>6} {'status':>10} {'gap':>7} {'MILP wall':>9} {'MILP CPU':>8} "
          f"{'heur vs opt':>11}")
    for n in sizes:
        for seed in seeds:
            plan = make_port(n, seed, kind=kind) if demands == "default" else \
                make_port(n, seed, kind=kind, n_demands=max(6, n // 20))
            ctx = prepare(plan)
            prob = ctx.problem
            total = sum(c.req for c in prob.commodities) or 1.0
            th, c0 = time.perf_counter(), time.process_time()
            h = solve_heuristic(prob, time_limit_s=5.0)
            ch, th = time.process_time() - c0, time.perf_counter() - th
            t, c0 = time.perf_counter(), time.process_time()
            ex = solve_milp(prob, time_limit_s=time_limit, incumbent=h)
            te, ce = time.perf_counter() - t, time.process_time() - c0
            h_served = 100 * (1 - sum(h.unmet.values()) / total)
            hc = f"{h.total(prob):>12,.0f}"
            if ex.routes is None:  # no design at all within the time limit
                ec, e_served, rel = f"{'none':>12}", "-", "n/a"
            else:
                e_served_v = 100 * (1 - sum(ex.unmet.values()) / total)
                e_served = f"{e_served_v:.0f}"
                ec = f"{ex.total(prob):>12,.0f}"
                # an answer that serves less (e.g. "serve nothing" at cost 0) is not an optimum to compare
                same = abs(e_served_v - h_served) < 1e-6
                rel = f"{100 * (h.total(prob) - ex.total(prob)) / ex.total(prob):.2f}%" \
                    if ex.status == "optimal" and same and ex.total(prob) > 0 else "n/a"
            gap = "n/a" if ex.gap is None else f"{100 * ex.gap:.2f}%"
            print(f"{n:>6} {int(prob.relay.sum()):>6} {seed:>4} {len(plan.demands):>7} {hc} {h_served:>6.0f} "
                  f"{th:>9.2f} {ch:>8.2f} {h.info.get('searches', '-'):>8} {ec} {e_served:>6} {ex.status:>10} {gap:>7} {te:>9.2f} {ce:>8.2f} {rel:>11}")


def bench_relays(relays, seeds, time_limit: float, kinds) -> None:
    """The exact solver by number of relay-capable sites (10 % of the sites are relay-capable)."""
    print(f"\nexact MILP by relay-capable sites (sites = 10 x relays, demands = sites/20, limit {time_limit:g} s; "
          "heuristic run first, its cost is the MILP's incumbent)")
    print(f"{'kind':>5} {'relays':>6} {'sites':>5} {'seed':>4} {'dem':>4} {'model':>5} {'status':>10} {'gap':>7} "
          f"{'wall s':>6} {'CPU s':>6} {'LP bound':>12} {'optimum':>12} {'heuristic':>12} {'heur vs opt':>11} "
          f"{'bind':>4} {'capd':>4} {'rnd':>3}")
    print("model: cuts | hybrid (capacity rows) | flow; bind: links where capacity can bind; capd: capacitated "
          "in the model solved; rnd: capacity rounds; 'none': no design within the limit")
    for kind in kinds:
        for r in relays:
            for seed in seeds:
                plan = make_port(10 * r, seed, kind=kind, n_demands=max(6, r // 2))
                prob = prepare(plan).problem
                h = solve_heuristic(prob, time_limit_s=5.0)
                t, c0 = time.perf_counter(), time.process_time()
                ex = solve_milp(prob, time_limit_s=time_limit, incumbent=h)
                te, ce = time.perf_counter() - t, time.process_time() - c0
                lb = ex.info.get("lp_bound")
                opt = ex.total(prob) if ex.routes is not None and ex.status == "optimal" else None
                rel = f"{100 * (h.total(prob) - opt) / opt:.2f}%" if opt and not h.unmet and not ex.unmet else "n/a"
                gap = "n/a" if ex.gap is None else f"{100 * ex.gap:.2f}%"
                print(f"{kind:>5} {int(prob.relay.sum()):>6} {len(plan.sites):>5} {seed:>4} {len(plan.demands):>4} "
                      f"{ex.info.get('model', 'flow'):>5} {ex.status:>10} {gap:>7} {te:>6.2f} {ce:>6.2f} "
                      f"{'n/a' if lb is None else f'{lb:,.0f}':>12} {'n/a' if opt is None else f'{opt:,.0f}':>12} "
                      f"{h.total(prob):>12,.0f} {rel:>11} {ex.info.get('binding_links', '-'):>4} "
                      f"{ex.info.get('capacitated_links', '-'):>4} {ex.info.get('capacity_rounds', '-'):>3}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="50,200,500,1000,2000")
    ap.add_argument("--gap-sizes", default="100,200,500,1000")
    ap.add_argument("--gap-kinds", default="metro,port")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--relays", default="10,20,50,100,200,300")
    ap.add_argument("--relay-kinds", default="port,metro")
    ap.add_argument("--only", choices=("relays", "evaluate", "gap"), default=None)
    ap.add_argument("--gap-demands", default="sites/20",
                    help="demands of the gap instances: sites/20, or 'default' (make_port's own count)")
    args = ap.parse_args()
    if args.only == "gap":
        for kind in args.gap_kinds.split(","):
            bench_gap([int(x) for x in args.gap_sizes.split(",") if x], [int(x) for x in args.seeds.split(",")],
                      args.time_limit, kind, args.gap_demands)
        return 0
    if args.only != "evaluate":
        bench_relays([int(x) for x in args.relays.split(",") if x], [int(x) for x in args.seeds.split(",")],
                     args.time_limit, args.relay_kinds.split(","))
    if args.only == "relays":
        return 0
    bench_evaluate([int(x) for x in args.sizes.split(",") if x], seed=1)
    if args.only == "evaluate":
        return 0
    for kind in args.gap_kinds.split(","):
        bench_gap([int(x) for x in args.gap_sizes.split(",") if x], [int(x) for x in args.seeds.split(",")],
                  args.time_limit, kind, args.gap_demands)
    return 0


if __name__ == "__main__":
    sys.exit(main())
