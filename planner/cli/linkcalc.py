"""``qkd-planner linkcalc``: the key rate of one device over one fiber path (or a distance sweep).

"What do I get on 23 km with 6 splices?":
    qkd-planner linkcalc --device decoy-bb84-1ghz --length-km 23 --splices 6
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math

import numpy as np

from planner.errors import DeviceError, PlanError, ValidationError

#: the fields of ``--json`` and of the ``--sweep-km`` CSV (a public contract)
FIELDS = ("loss_db", "transmittance", "key_per_pulse", "key_rate_bps", "qber", "plob_bps", "limited_by",
          "tgw_bps", "detector_factor", "block_fill_time_s", "raman_yield", "mu")


def register(sub) -> None:
    p = sub.add_parser(
        "linkcalc", help="key rate, QBER and bounds of one QKD device over one fiber path",
        description="Key rate, QBER, PLOB bound and limiting factor of one QKD device over a fiber path "
        "given by its length and components (--length-km ...) or by its measured loss (--loss-db). "
        "With --loss-db the loss is the channel loss: the device's insertion loss is added and its "
        "detector efficiency applies on top.")
    dev = p.add_mutually_exclusive_group(required=True)
    dev.add_argument("--device", metavar="NAME", help="device id from the catalogue (see: qkd-planner devices)")
    dev.add_argument("--device-file", metavar="FILE", help="one device as JSON with the keys of docs/devices.md")
    p.add_argument("--catalogue", metavar="FILE", help="device catalogue JSON (default: the bundled one)")
    p.add_argument("--length-km", type=float, metavar="X", help="fiber length in km")
    p.add_argument("--fiber-type", default="G.652.D", choices=("G.652.D", "G.654.E"),
                   help="fiber type for the default attenuation (default: G.652.D)")
    p.add_argument("--attenuation-db-per-km", type=float, metavar="A",
                   help="fiber attenuation (default: by fiber type at the device's wavelength)")
    p.add_argument("--splices", type=int, default=0, metavar="N", help="number of fusion splices")
    p.add_argument("--splice-loss-db", type=float, default=0.1, metavar="DB", help="loss per splice (default 0.1)")
    p.add_argument("--connectors", type=int, default=0, metavar="N", help="number of mated connector pairs")
    p.add_argument("--connector-loss-db", type=float, default=0.3, metavar="DB",
                   help="loss per connector pair (default 0.3)")
    p.add_argument("--patch-panels", type=int, default=0, metavar="N", help="number of patch panels (0.75 dB each)")
    p.add_argument("--extra-loss-db", type=float, default=0.0, metavar="DB",
                   help="margins: ageing, repair splices, environment (dB)")
    p.add_argument("--loss-db", type=float, metavar="L", help="measured channel loss in dB (overrides the budget)")
    p.add_argument("--classical-channels", type=int, default=0, metavar="N",
                   help="classical channels sharing the fiber (Raman noise)")
    p.add_argument("--launch-power-dbm", type=float, default=0.0, metavar="P",
                   help="launch power per classical channel (default 0 dBm)")
    p.add_argument("--classical-wavelength-nm", type=float, default=1550.0, metavar="NM",
                   help="classical channel wavelength (default 1550)")
    p.add_argument("--classical-direction", choices=("co", "counter", "both"), default="both",
                   help="classical traffic direction relative to the quantum signal (default both)")
    p.add_argument("--optimize-mu", action="store_true", help="optimise the signal intensity (decoy BB84)")
    p.add_argument("--json", action="store_true", help="print one JSON object (a stable contract)")
    p.add_argument("--sweep-km", metavar="A:B:STEP", help="sweep the length from A to B km; prints CSV")
    p.add_argument("--plot", metavar="PNG", help="draw key rate vs distance with the PLOB bound (needs matplotlib)")
    p.set_defaults(func=run)


def _device(args):
    from planner.physics.devices import load_catalogue, load_device_file

    if args.device_file:
        return load_device_file(args.device_file)
    catalogue = load_catalogue(args.catalogue)
    if args.device not in catalogue:
        raise DeviceError(f"unknown device {args.device!r} (known: {', '.join(sorted(catalogue))})",
                          element=args.device, field="device")
    return catalogue[args.device]


def _check(args) -> None:
    for name in ("length_km", "attenuation_db_per_km", "splice_loss_db", "connector_loss_db", "extra_loss_db",
                 "loss_db", "splices", "connectors", "patch_panels", "classical_channels"):
        v = getattr(args, name)
        if v is not None and (not math.isfinite(v) or v < 0):
            raise ValidationError(f"must be a finite number ≥ 0, got {v}", field="--" + name.replace("_", "-"))
    if not math.isfinite(args.launch_power_dbm) or not -60 <= args.launch_power_dbm <= 30:
        raise ValidationError("must be between -60 and 30 dBm", field="--launch-power-dbm")


def _sweep(text: str) -> np.ndarray:
    try:
        a, b, step = (float(x) for x in text.split(":"))
    except ValueError:
        raise ValidationError(f"expected A:B:STEP in km, got {text!r}", field="--sweep-km") from None
    if not all(math.isfinite(x) for x in (a, b, step)) or a < 0 or b < a or step <= 0:
        raise ValidationError("need 0 ≤ A ≤ B and STEP > 0", field="--sweep-km")
    if (b - a) / step > 1_000_000:
        raise ValidationError("more than 10^6 points", field="--sweep-km")
    return np.arange(a, b + step / 2, step)


def _attenuation(args, device) -> float:
    from planner.physics.loss import fiber_attenuation_db_per_km

    if args.attenuation_db_per_km is not None:
        return args.attenuation_db_per_km
    wl = 1310 if abs(device.wavelength_nm - 1310) < abs(device.wavelength_nm - 1550) else 1550
    return fiber_attenuation_db_per_km(args.fiber_type, wl)


def _channel(args, device, length_km):
    """Channel loss (dB) and length (m) for the given lengths (array or scalar)."""
    from planner.physics.loss import loss_budget

    alpha = _attenuation(args, device)
    length_m = np.asarray(length_km, dtype=float) * 1000.0
    if args.loss_db is not None and args.sweep_km is None:
        return args.loss_db, length_m, alpha
    budget = loss_budget(length_m, alpha, splices=args.splices, splice_loss_db=args.splice_loss_db,
                         connectors=args.connectors, connector_loss_db=args.connector_loss_db,
                         margin_db=args.extra_loss_db, patch_panels=args.patch_panels)
    return budget.total_db, length_m, alpha


def _perf(args, device, loss, length_m, alpha):
    from planner.physics.link import link_performance

    return link_performance(device, loss, length_m=length_m, classical_channels=args.classical_channels,
                            launch_power_dbm=args.launch_power_dbm,
                            classical_wavelength_nm=args.classical_wavelength_nm,
                            classical_direction=args.classical_direction,
                            attenuation_db_per_km=alpha, optimize_mu=args.optimize_mu)


def run(args: argparse.Namespace) -> int:
    _check(args)
    device = _device(args)
    if args.sweep_km is not None and args.loss_db is not None:
        raise ValidationError("--sweep-km sweeps the length; it cannot be combined with --loss-db",
                              field="--sweep-km")
    if args.sweep_km is None and args.loss_db is None and args.length_km is None and not args.plot:
        raise ValidationError("give --length-km X (with the path's components) or --loss-db L",
                              field="--length-km")
    if args.plot:
        km = _sweep(args.sweep_km) if args.sweep_km else np.arange(0.0, 300.5, 0.5)
        loss, length_m, alpha = _channel(args, device, km) if args.loss_db is None else (None, None, None)
        if loss is None:
            raise ValidationError("--plot draws rate vs distance; use --length-km options, not --loss-db",
                                  field="--plot")
        _plot(args.plot, device, km, _perf(args, device, loss, length_m, alpha))
    if args.sweep_km is not None:
        km = _sweep(args.sweep_km)
        loss, length_m, alpha = _channel(args, device, km)
        perf = _perf(args, device, loss, length_m, alpha)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(("length_km", *FIELDS))
        for i, x in enumerate(km):
            row = perf.as_dict(i)
            w.writerow((f"{x:g}", *("" if row[f] is None else (row[f] if isinstance(row[f], str) else f"{row[f]:.6g}")
                                    for f in FIELDS)))
        print(buf.getvalue(), end="")
        return 0
    if args.loss_db is None and args.length_km is None:
        return 0  # only --plot was asked for
    length_km = args.length_km or 0.0
    loss, length_m, alpha = _channel(args, device, length_km)
    perf = _perf(args, device, loss, float(length_m), alpha)
    data = {"device": device.id, "protocol": device.protocol, "rep_rate_hz": device.rep_rate_hz,
            "length_km": args.length_km, **perf.as_dict(), "qber_threshold": device.qber_threshold}
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"Device:        {device.display_name} ({device.id}, {device.protocol})")
    if args.length_km is not None:
        print(f"Length:        {args.length_km:g} km")
    print(f"Loss:          {perf.loss_db:.2f} dB (incl. {device.insertion_loss_db:g} dB insertion), "
          f"transmittance {perf.transmittance:.4g}")
    print(f"Key rate:      {_bps(perf.key_rate_bps)} ({perf.key_per_pulse:.4g} bit per pulse)")
    print("QBER:          " + ("n/a (CV-QKD)" if device.protocol == "cv-qkd" else f"{perf.qber * 100:.2f} %"))
    print(f"PLOB bound:    {_bps(perf.plob_bps)} at the same clock")
    print(f"Limited by:    {perf.limited_by}"
          + (f" (detectors register {perf.detector_factor * 100:.0f} % of clicks)" if perf.limited_by == "detector" else ""))
    if math.isfinite(perf.block_fill_time_s):
        print(f"Block fill:    {perf.block_fill_time_s:.3g} s per block of {device.block_size_bits:g} bits")
    if args.classical_channels:
        unit = "SNU excess noise" if device.protocol == "cv-qkd" else "noise clicks per window"
        print(f"Raman noise:   {perf.raman_yield:.3g} {unit} (estimate)")
    return 0


def _bps(x: float) -> str:
    for unit, scale in (("Gbit/s", 1e9), ("Mbit/s", 1e6), ("kbit/s", 1e3)):
        if x >= scale:
            return f"{x / scale:.3g} {unit}"
    return f"{x:.3g} bit/s"


def _plot(path: str, device, km, perf) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlanError("--plot needs matplotlib, which is not installed: "
                        "pip install 'qkd-rollout-planner[plot]'", field="--plot") from None
    from planner.io.atomic import atomic_write_bytes

    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    rate = np.where(perf.key_rate_bps > 0, perf.key_rate_bps, np.nan)
    ax.semilogy(km, rate, label=f"{device.display_name}")
    ax.semilogy(km, perf.plob_bps, "k--", lw=1, label="PLOB bound (same clock)")
    ax.set_xlabel("fiber length (km)")
    ax.set_ylabel("secret key rate (bit/s)")
    ax.grid(True, which="both", alpha=0.3)
    finite = rate[np.isfinite(rate)]
    bound = perf.plob_bps[np.isfinite(perf.plob_bps)]
    if finite.size and bound.size:
        ax.set_ylim(max(finite.min() / 10, 1e-3), bound.max() * 3)
    ax.legend()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    atomic_write_bytes(path, buf.getvalue())
