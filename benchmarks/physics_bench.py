"""Link evaluations per second for each key-rate model on 10^6 links, and the speed-up over a plain
Python loop on the same inputs. Two loop baselines: calling ``link_performance`` once per link (timed
on a sample and extrapolated) and, for infinite-decoy BB84, the same formula written with the math
module only (no numpy) - the fair "plain Python" comparison.

Run: python benchmarks/physics_bench.py [--links N] [--loop-sample M]
Target: >= 10^6 decoy-BB84 evaluations/s on one core, >= 50x over the loop.
"""

from __future__ import annotations

import argparse
import math
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core

import numpy as np  # noqa: E402

from planner.physics import link_performance, load_catalogue  # noqa: E402


def _h2(p: float) -> float:
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -p * math.log2(p) - (1 - p) * math.log2(1 - p)


def gllp_pure_python(loss_db: float, d) -> float:
    """The infinite-decoy GLLP key rate in bit/s written with the math module only (the fairest
    plain-Python baseline: same formula as planner.physics.bb84, no numpy, no saturation)."""
    eta = 10 ** (-(loss_db + d.insertion_loss_db) / 10) * d.detector_efficiency
    y0, e, mu = d.background_yield, d.misalignment_error, d.mu
    det = (1 - y0) * -math.expm1(-eta * mu)
    q = y0 + det
    em = (0.5 * y0 + e * det) / q
    y1 = y0 + eta - y0 * eta
    e1 = (0.5 * y0 + e * (1 - y0) * eta) / y1
    r = d.sifting_factor * (-q * d.ec_efficiency * _h2(em) + y1 * mu * math.exp(-mu) * (1 - _h2(e1)))
    return max(r, 0.0) * d.rep_rate_hz


def best_time(fn, repeat=3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--links", type=int, default=1_000_000)
    ap.add_argument("--loop-sample", type=int, default=2_000)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    loss = rng.uniform(0.0, 40.0, args.links)
    sample = loss[: args.loop_sample]
    cat = load_catalogue()
    print(f"{'device':<24} {'protocol':<18} {'array evals/s':>14} {'loop evals/s':>13} {'speed-up':>9}")
    for dev in cat.values():
        link_performance(dev, loss[:1000])  # warm-up
        t_arr = best_time(lambda d=dev: link_performance(d, loss))
        t_loop = best_time(lambda d=dev: [link_performance(d, float(x)) for x in sample], repeat=1)
        arr_rate = args.links / t_arr
        loop_rate = len(sample) / t_loop
        print(f"{dev.id:<24} {dev.protocol:<18} {arr_rate:>14.3g} {loop_rate:>13.3g} {arr_rate / loop_rate:>8.0f}x")
    gys = cat["gys-reference"]
    t_arr = best_time(lambda: link_performance(gys, loss))
    t_py = best_time(lambda: [gllp_pure_python(float(x), gys) for x in loss[:200_000]], repeat=1)
    print(f"\ninfinite-decoy BB84, pure-Python math loop: {200_000 / t_py:.3g} evals/s; "
          f"numpy link_performance: {args.links / t_arr:.3g} evals/s ({t_py / 200_000 * args.links / t_arr:.0f}x)")
    gys = cat["decoy-bb84-100mhz"]
    t_opt = best_time(lambda: link_performance(gys, loss[:100_000], optimize_mu=True), repeat=1)
    print(f"\ndecoy-bb84 with per-link mu optimisation: {100_000 / t_opt:.3g} evals/s")


if __name__ == "__main__":
    main()
