"""One QKD link: total loss, key rate, QBER, bounds and what limits it, for any catalogue device.

``link_performance`` dispatches to the protocol model (``bb84``, ``finite_key``, ``bbm92``,
``cvqkd``, ``tfqkd``), adds coexistence noise (``noise``), applies detector saturation
(``detectors``) and the device's ``max_loss_db``. Every numeric argument may be a numpy array
(broadcast); for scalar input every field is a Python float/str.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from planner.physics import bb84, bbm92, cvqkd, detectors, finite_key, noise, tfqkd
from planner.physics._math import is_scalar_input
from planner.physics.attacks import intercept_resend_qber
from planner.physics.bounds import plob_bits_per_use, tgw_bits_per_use
from planner.physics.devices import Device

__all__ = ["LinkPerformance", "link_performance", "intercept_resend_qber", "LIMITED_BY"]

LIMITED_BY = ("loss", "detector")


@dataclass(frozen=True)
class LinkPerformance:
    """Result of ``link_performance`` (floats/str for scalar input, numpy arrays otherwise).

    - ``loss_db``: total loss, channel + device insertion loss (dB)
    - ``transmittance``: 10^(−loss_db/10) (Bob's detector efficiency NOT included)
    - ``key_per_pulse``: secret bits per emitted pulse (per symbol for CV-QKD), after detector
      saturation, block-fill and max-loss rules; ``key_rate_bps = key_per_pulse · rep_rate_hz``
    - ``qber``: quantum bit error rate of the key data (NaN for CV-QKD: no bit error rate)
    - ``plob_bps`` / ``tgw_bps``: PLOB / TGW bound at ``transmittance`` times the repetition rate
    - ``limited_by``: ``detector`` when the detectors lose more than half the clicks to dead time
      or max count rate (and the link still has key), else ``loss`` — a zero-rate link always
      says ``loss`` (the channel's loss or noise, not the detector, is what stops it)
    - ``detector_factor``: fraction of clicks the detectors register (1 = no saturation)
    - ``block_fill_time_s``: time to collect one finite-key block (NaN for asymptotic models)
    - ``raman_yield``: extra background clicks per window from classical traffic (DV), or extra
      excess noise at Bob in SNU (CV-QKD); 0 without classical channels
    - ``mu``: signal intensity used (optimised per link when requested; NaN where not applicable)
    """

    loss_db: np.ndarray | float
    transmittance: np.ndarray | float
    key_per_pulse: np.ndarray | float
    key_rate_bps: np.ndarray | float
    qber: np.ndarray | float
    plob_bps: np.ndarray | float
    tgw_bps: np.ndarray | float
    limited_by: np.ndarray | str
    detector_factor: np.ndarray | float
    block_fill_time_s: np.ndarray | float
    raman_yield: np.ndarray | float
    mu: np.ndarray | float

    def as_dict(self, i=None) -> dict:
        """JSON-ready dict; for array results ``i`` selects one link (else lists). NaN/inf → None."""

        def clean(v):
            if isinstance(v, str):
                return v
            v = float(v)
            return v if math.isfinite(v) else None

        out = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if np.ndim(v) == 0:
                out[f.name] = clean(v.item() if isinstance(v, np.ndarray) else v)
            elif i is not None:
                out[f.name] = clean(np.asarray(v)[i])
            else:
                out[f.name] = [clean(x) for x in np.asarray(v).ravel()]
        return out


def link_performance(device: Device, channel_loss_db, *, length_m=0.0, classical_channels=0,
                     launch_power_dbm=0.0, classical_wavelength_nm=1550.0, classical_direction="both",
                     attenuation_db_per_km=None, raman_coefficient_per_km_nm=None,
                     optimize_mu=False) -> LinkPerformance:
    """Key rate, QBER and bounds of ``device`` over a channel of ``channel_loss_db``.

    The device's ``insertion_loss_db`` is added to the channel loss; ``detector_efficiency``
    applies on top (as in the papers). ``length_m`` and the classical-channel arguments only
    matter for Raman noise (``noise``); ``attenuation_db_per_km`` defaults to channel loss/length.
    ``optimize_mu`` optimises the signal intensity per link (asymptotic decoy-BB84 only).
    Above ``device.max_loss_db`` the rate is 0. See ``LinkPerformance`` for the fields.
    """
    scalar = is_scalar_input(channel_loss_db, length_m, classical_channels, launch_power_dbm,
                             classical_wavelength_nm)
    ch, length, n_cl, p_dbm, wl_cl = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (channel_loss_db, length_m, classical_channels,
                                               launch_power_dbm, classical_wavelength_nm)))
    loss = ch + device.insertion_loss_db
    t = np.power(10.0, -loss / 10.0)
    d = device

    # coexistence noise (zero without classical traffic)
    if np.any(n_cl > 0):
        if attenuation_db_per_km is None:
            alpha = np.where(length > 0, ch / np.maximum(length / 1000.0, 1e-12), 0.2)
        else:
            alpha = np.broadcast_to(np.asarray(attenuation_db_per_km, dtype=float), ch.shape)
        p_raman = noise.classical_raman_w(
            n_cl, p_dbm, length, alpha, quantum_wavelength_nm=d.wavelength_nm,
            classical_wavelength_nm=wl_cl, raman_coefficient_per_km_nm=raman_coefficient_per_km_nm,
            filter_bandwidth_nm=d.filter_bandwidth_nm, direction=classical_direction)
        # the Raman light is attenuated by the receiver's insertion loss like the signal
        p_raman = p_raman * 10.0 ** (-d.insertion_loss_db / 10.0)
    else:
        p_raman = np.zeros_like(ch)

    mu_used = np.full(ch.shape, np.nan)
    fill = np.full(ch.shape, np.nan)
    p = d.protocol
    if p == "cv-qkd":
        raman = noise.raman_excess_noise_snu(p_raman, d.filter_bandwidth_nm, d.wavelength_nm)
        xi = d.excess_noise
        if d.excess_noise_reference == "output":
            xi_out = xi + raman
        else:
            xi_out = xi * t + raman
        res = cvqkd.gg02_rate(t, d.modulation_variance, xi_out, d.detector_efficiency, d.electronic_noise,
                              d.reconciliation_efficiency, detection=d.detection,
                              excess_noise_reference="output")
    else:
        raman = noise.raman_background_yield(p_raman, d.window_s, d.detector_efficiency, d.wavelength_nm)
        y0 = np.minimum(d.background_yield + raman, 0.999)
        eta = t * d.detector_efficiency
        if p == "decoy-bb84":
            mu = d.mu
            if optimize_mu:
                mu = bb84.optimal_mu(eta, y0, d.misalignment_error, d.ec_efficiency, d.sifting_factor,
                                     decoy=d.decoy, nu=d.nu)
            mu_used = np.broadcast_to(np.asarray(mu, dtype=float), ch.shape).copy()
            res = bb84.decoy_bb84_rate(eta, mu, y0, d.misalignment_error, d.ec_efficiency,
                                       d.sifting_factor, decoy=d.decoy, nu=d.nu)
        elif p == "decoy-bb84-finite":
            mu_used = np.full(ch.shape, d.mu)
            res, pulses = finite_key.finite_key_bb84(
                eta, d.mu, d.nu, y0, d.misalignment_error, d.ec_efficiency,
                block_size_bits=d.block_size_bits, mu3=d.vacuum_intensity, p1=d.signal_probability,
                p2=d.decoy_probability, q_x=math.sqrt(d.sifting_factor), eps_sec=d.epsilon_sec,
                eps_cor=d.epsilon_cor)
        elif p == "bbm92":
            res = bbm92.bbm92_rate(t, d.detector_efficiency, d.pair_rate, y0, d.misalignment_error,
                                   d.ec_efficiency, d.sifting_factor, source_position=d.source_position)
        elif p == "tf-qkd":
            mu_used = np.full(ch.shape, d.mu)
            res = tfqkd.sns_tf_rate(t, d.detector_efficiency, d.mu, y0, d.misalignment_error,
                                    d.ec_efficiency, send_probability=d.send_probability)
        else:  # device_from_dict rejects unknown protocols; guard direct construction
            raise ValueError(f"unknown protocol {p!r}")

    kpp = np.broadcast_to(res.key_per_pulse, ch.shape).astype(float)
    s, det_limited, _ = detectors.saturation(
        np.broadcast_to(res.detection_probability, ch.shape), d.rep_rate_hz,
        detector_count=d.detector_count, dead_time_s=d.dead_time_s, max_count_rate_hz=d.max_count_rate_hz)
    kpp = kpp * s
    if p == "decoy-bb84-finite":
        fill = pulses / (d.rep_rate_hz * np.maximum(s, 1e-300))
        kpp = np.where(fill <= d.max_block_time_s, kpp, 0.0)
    if d.max_loss_db is not None:
        kpp = np.where(loss <= d.max_loss_db, kpp, 0.0)
    kpp = np.where(np.isfinite(kpp), np.maximum(kpp, 0.0), 0.0)
    rate = kpp * d.rep_rate_hz
    limited = np.where(det_limited & (rate > 0), "detector", "loss")
    qber = np.broadcast_to(res.qber, ch.shape).astype(float)

    def out(a):
        a = np.asarray(a)
        if scalar:
            return str(a) if a.dtype.kind == "U" else float(a)
        return a

    return LinkPerformance(
        loss_db=out(loss), transmittance=out(t), key_per_pulse=out(kpp), key_rate_bps=out(rate),
        qber=out(qber), plob_bps=out(plob_bits_per_use(t) * d.rep_rate_hz),
        tgw_bps=out(tgw_bits_per_use(t) * d.rep_rate_hz), limited_by=out(limited),
        detector_factor=out(s), block_fill_time_s=out(fill), raman_yield=out(np.broadcast_to(raman, ch.shape)),
        mu=out(mu_used))
