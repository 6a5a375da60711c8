"""Regenerate docs/figures/key_rate_vs_distance.png: key rate vs distance for every catalogue device
(one per protocol family) with the PLOB bound at each device's clock.

Run: python docs/make_physics_figures.py   (needs the optional 'plot' extra: matplotlib)
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from planner.io.atomic import atomic_write_bytes  # noqa: E402
from planner.physics import link_performance, load_catalogue  # noqa: E402

OUT = Path(__file__).resolve().parent / "figures" / "key_rate_vs_distance.png"
ALPHA_DB_PER_KM = 0.2  # G.652 class at 1550 nm, the usual convention of the papers' figures


def main() -> Path:
    km = np.arange(0.0, 500.5, 0.5)
    loss = ALPHA_DB_PER_KM * km
    cat = load_catalogue()
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 5.2), dpi=100)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, dev in enumerate(cat.values()):
        r = link_performance(dev, loss, length_m=km * 1000)
        rate = np.where(r.key_rate_bps > 0, r.key_rate_bps, np.nan)
        c = colours[i % len(colours)]
        ax.semilogy(km, rate, color=c, label=f"{dev.id} ({dev.protocol})")
        kpp = np.where(r.key_per_pulse > 0, r.key_per_pulse, np.nan)
        ax2.semilogy(loss + dev.insertion_loss_db, kpp, color=c, label=dev.id)
    t = 10 ** (-loss / 10)
    ax2.semilogy(loss, -np.log2(1 - np.clip(t, 0, 1 - 1e-16)), "k--", lw=1.2, label="PLOB bound")
    ax.semilogy(km, -np.log2(1 - np.clip(t, 0, 1 - 1e-16)) * 1e9, "k--", lw=1, label="PLOB bound at 1 GHz")
    ax.set(xlabel=f"fiber length (km, {ALPHA_DB_PER_KM} dB/km)", ylabel="secret key rate (bit/s)",
           title="Key rate vs distance (catalogue devices)", ylim=(1e-2, 1e10))
    ax2.set(xlabel="total loss (dB)", ylabel="secret key per pulse / symbol (bit)",
            title="Per channel use, with the PLOB bound", ylim=(1e-12, 10), xlim=(0, 100))
    for a in (ax, ax2):
        a.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper right")
    ax2.legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(OUT, buf.getvalue())
    OUT.chmod(0o644)
    return OUT


if __name__ == "__main__":
    print(main())
