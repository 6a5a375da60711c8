"""Rollout benchmarks: greedy vs contiguous cost to reach 80% coverage, and a 2,000-site port.

Run: ``python benchmarks/rollout_bench.py [--quick]``. Prints figures, asserts
nothing (targets: greedy ≤ contiguous at 80% coverage on generated instances; a 2,000-site
instance simulates in ≤ 10 s).

Two instance families: ``benchmarks/make_port.py`` (``make_port(n_sites, seed=...)``, the
network benchmarks' generator) and the generator below, which has many sections: a grid of terminal sections (berths along the quay, yard blocks
behind), each with endpoint sites on a star of fibers around a section junction, an e-house that
may relay, a backbone between neighbouring junctions (part of it ``planned``, so it costs
trenching), an operations centre in one section and demands from every endpoint to it plus
random cross-section demands.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.costs import load_cost_book  # noqa: E402
from planner.model import Plan  # noqa: E402
from planner.model.elements import Demand, Fiber, RolloutSettings, Section, Site  # noqa: E402
from planner.rollout.simulate import simulate  # noqa: E402
from planner.rollout.view import view_from_design  # noqa: E402


def generated_port(n_sites: int, seed: int = 0, *, per_section: int = 20, section_m: float = 600.0,
                   gap_m: float = 60.0, planned_share: float = 0.3, cross_share: float = 0.1) -> Plan:
    rng = np.random.default_rng(seed)
    n_sec = max(2, math.ceil(n_sites / per_section))
    cols = max(1, math.ceil(math.sqrt(n_sec * 2)))
    rows = math.ceil(n_sec / cols)
    p = Plan()
    p.meta = p.meta.__class__(name=f"generated port {n_sites} sites seed {seed}")
    pitch = section_m + gap_m
    junction: dict[str, str] = {}
    ends: dict[str, list[str]] = {}
    k = 0
    for r in range(rows):
        for c in range(cols):
            if k >= n_sec:
                break
            sid = f"S{r:02d}-{c:02d}"
            x0, y0 = c * pitch, r * pitch
            p.sections[sid] = Section(sid, sid, ((x0, y0), (x0 + section_m, y0), (x0 + section_m, y0 + section_m),
                                                 (x0, y0 + section_m)),
                                      priority=int(rng.integers(1, 6)), kind="berth" if r == 0 else "yard")
            jid = f"J-{sid}"
            p.sites[jid] = Site(jid, jid, "junction", x0 + section_m / 2, y0 + section_m / 2)
            junction[sid] = jid
            eid = f"E-{sid}"
            p.sites[eid] = Site(eid, eid, "crane_control", x0 + section_m / 2 + 20, y0 + section_m / 2 + 20,
                                can_relay=True)
            p.fibers[f"f-{eid}"] = Fiber(f"f-{eid}", eid, jid, environment="indoor")
            ends[sid] = []
            for i in range(per_section - 2):
                xs, ys = rng.uniform(x0 + 10, x0 + section_m - 10), rng.uniform(y0 + 10, y0 + section_m - 10)
                site_id = f"T-{sid}-{i:02d}"
                p.sites[site_id] = Site(site_id, site_id, "crane_control" if r == 0 else "yard_control", xs, ys)
                p.fibers[f"f-{site_id}"] = Fiber(f"f-{site_id}", site_id, jid,
                                                 environment="quay_crane" if r == 0 else "buried")
                ends[sid].append(site_id)
            k += 1
    secs = list(p.sections)
    pos = {s: divmod(i, cols) for i, s in enumerate(secs)}
    at = {v: s for s, v in pos.items()}
    for s, (r, c) in pos.items():
        for dr, dc in ((0, 1), (1, 0)):
            o = at.get((r + dr, c + dc))
            if o is None:
                continue
            fid = f"b-{s}-{o}"
            status = "planned" if rng.random() < planned_share else "existing"
            p.fibers[fid] = Fiber(fid, junction[s], junction[o], status=status, ground="paved")
    hub_sec = secs[len(secs) // 2]
    toc = "TOC"
    hx, hy = p.sites[junction[hub_sec]].xy
    p.sites[toc] = Site(toc, "operations centre", "terminal_ops", hx - 30, hy - 30, can_relay=True)
    p.fibers["f-TOC"] = Fiber("f-TOC", toc, junction[hub_sec], environment="indoor")
    n = 0
    for s in secs:
        for t in ends[s]:
            p.demands[f"d{n}"] = Demand(f"d{n}", t, toc, required_bps=float(rng.choice([256, 512, 1024])),
                                        priority=int(rng.integers(1, 6)))
            n += 1
    all_ends = [t for s in secs for t in ends[s]]
    for _ in range(int(cross_share * len(all_ends))):
        a, b = rng.choice(len(all_ends), 2, replace=False)
        p.demands[f"d{n}"] = Demand(f"d{n}", all_ends[a], all_ends[b], required_bps=512.0,
                                    priority=int(rng.integers(1, 6)))
        n += 1
    seed_sec = secs[0]
    p.rollout = RolloutSettings(seed_section=seed_sec, budget_per_year=None, years=10)
    return p


def make(n_sites: int, seed: int, source: str = "make_port") -> Plan:
    path = Path(__file__).with_name("make_port.py")
    if source == "make_port" and path.exists():
        spec = importlib.util.spec_from_file_location("make_port", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)  # type: ignore[union-attr]
        fn = getattr(mod, "make_port", None)
        if fn is not None:
            try:
                return fn(n_sites, seed=seed)
            except TypeError:
                pass
    return generated_port(n_sites, seed)


def greedy_vs_contiguous(n_sites: int, seeds: list[int], source: str) -> None:
    from planner.network.design import design

    print(f"\nCost to reach 80% priority-weighted coverage ({n_sites}-site instances, {source})")
    print(f"  {'seed':>4} {'sections':>8} {'demands':>7} {'contiguous':>14} {'greedy':>14} {'greedy/contig':>13}")
    wins = 0
    for seed in seeds:
        plan = make(n_sites, seed, source)
        book = load_cost_book(plan)
        d = design(plan, solver="heuristic", time_limit_s=5.0, cost_book=book)
        view = view_from_design(plan, d, book)
        c = simulate(plan, strategy="contiguous", book=book, view=view).cost_to_reach(0.8)
        g = simulate(plan, strategy="greedy", book=book, view=view).cost_to_reach(0.8)
        ok = g is not None and c is not None and g <= c + 1e-6
        wins += ok
        ratio = f"{g / c:.3f}" if g and c else "-"
        print(f"  {seed:>4} {len(plan.sections):>8} {len(plan.demands):>7} {c:>14,.0f} {g:>14,.0f} {ratio:>13}")
    print(f"  greedy at most contiguous on {wins}/{len(seeds)} instances")


def large(n_sites: int, source: str) -> None:
    from planner.network.design import design

    plan = make(n_sites, 1, source)
    print(f"\n{len(plan.sites)}-site instance ({source}): {len(plan.sections)} sections, {len(plan.fibers)} fibers, "
          f"{len(plan.demands)} demands")
    book = load_cost_book(plan)
    t0 = time.perf_counter()
    d = design(plan, solver="heuristic", time_limit_s=10.0, cost_book=book)
    t1 = time.perf_counter()
    view = view_from_design(plan, d, book)
    t2 = time.perf_counter()
    times = {}
    for strategy in ("contiguous", "priority", "greedy"):
        s0 = time.perf_counter()
        sim = simulate(plan, strategy=strategy, book=book, view=view)
        times[strategy] = time.perf_counter() - s0
    s0 = time.perf_counter()
    sim = simulate(plan, strategy="greedy", book=book, view=view, availability_trials=200)
    t_mc = time.perf_counter() - s0
    print(f"  whole-port design (network engine, heuristic): {t1 - t0:6.2f} s "
          f"({sum(r.feasible for r in d.demands)}/{len(d.demands)} demands feasible)")
    print(f"  flatten design: {t2 - t1:6.2f} s")
    for k, v in times.items():
        print(f"  rollout simulation, {k:<10}: {v:6.2f} s")
    print(f"  greedy + Monte Carlo (200 trials, 1 year): {t_mc:6.2f} s; availability {sim.availability.mean:.5f}")
    print(f"  end to end (design + flatten + greedy): {t1 - t0 + t2 - t1 + times['greedy']:6.2f} s  (target ≤ 10 s)")
    print(f"  phases {len(sim.phases)}, total CAPEX {sim.total_capex:,.0f} {sim.currency}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer and smaller instances")
    ap.add_argument("--sites", type=int, default=2000)
    args = ap.parse_args()
    # make_port plans have no sections (one phase): the strategies only differ on sectioned ports
    for source in ("generated",):
        greedy_vs_contiguous(300 if args.quick else 600, [0, 1, 2] if args.quick else [0, 1, 2, 3, 4, 5], source)
    for source in ("generated", "make_port"):
        large(500 if args.quick else args.sites, source)


if __name__ == "__main__":
    main()
