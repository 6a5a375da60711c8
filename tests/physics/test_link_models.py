"""Saturation, finite key, BBM92, API shape, attack helper, loss budget."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.physics import (
    device_from_dict,
    intercept_resend_qber,
    link_performance,
    load_catalogue,
    loss_budget,
)
from planner.physics.bbm92 import bbm92_rate
from planner.physics.reach import max_reach_db

CAT = load_catalogue()


def test_detector_saturation_at_port_distances():
    d = CAT["decoy-bb84-100mhz"]
    r = link_performance(d, np.array([0.5, 1.0, 8.0, 20.0]))
    assert list(r.limited_by) == ["detector", "detector", "loss", "loss"]
    assert r.detector_factor[0] < 0.5 < r.detector_factor[2] <= 1.0
    # without dead time the same device is never detector-limited and gives more key
    free = device_from_dict({**d.to_dict(), "dead_time_s": None})
    rf = link_performance(free, 0.5)
    assert rf.limited_by == "loss" and rf.key_rate_bps > r.key_rate_bps[0] * 2
    # bit/s never exceed what the detectors can register
    clicks_max = d.detector_count / d.dead_time_s
    assert r.key_rate_bps[0] < clicks_max


def test_max_count_rate_caps_rate():
    d = device_from_dict({**CAT["decoy-bb84-1ghz"].to_dict(), "dead_time_s": None, "max_count_rate_hz": 1e6})
    r = link_performance(d, 0.0)
    assert r.limited_by == "detector"
    assert r.key_rate_bps <= 4e6


def test_zero_rate_link_says_loss():
    r = link_performance(CAT["gys-reference"], 60.0)
    assert r.key_rate_bps == 0.0 and r.limited_by == "loss"


def test_finite_key_below_asymptotic_and_block_time():
    fin, asym = CAT["decoy-bb84-finite-1ghz"], CAT["decoy-bb84-1ghz"]
    loss = np.array([2.0, 10.0, 20.0])
    rf = link_performance(fin, loss)
    ra = link_performance(asym, loss)
    assert np.all(rf.key_rate_bps < ra.key_rate_bps)
    assert np.all(np.diff(rf.block_fill_time_s) > 0)  # lossier links take longer to fill a block
    assert rf.block_fill_time_s[0] < 60.0
    assert math.isnan(link_performance(asym, 2.0).block_fill_time_s)


def test_finite_key_block_that_takes_too_long_gives_zero():
    slow = device_from_dict({**CAT["decoy-bb84-finite-1ghz"].to_dict(), "max_block_time_s": 10.0})
    r = link_performance(slow, np.array([0.0, 15.0]))
    assert r.block_fill_time_s[1] > 10.0 and r.key_rate_bps[1] == 0.0
    assert r.key_rate_bps[0] > 0


def test_finite_key_bigger_blocks_reach_further():
    base = CAT["decoy-bb84-finite-1ghz"].to_dict()
    small = device_from_dict({**base, "block_size_bits": 1e6, "max_block_time_s": 1e9})
    big = device_from_dict({**base, "block_size_bits": 1e10, "max_block_time_s": 1e9})
    assert max_reach_db(small) < max_reach_db(big) <= max_reach_db(CAT["decoy-bb84-1ghz"]) + 0.5


def test_bbm92_middle_tolerates_more_loss_than_end_and_decoy_bb84():
    eta = 10 ** (-np.arange(0, 80, 0.5) / 10)
    mid = bbm92_rate(eta, 0.7, 0.005, 2e-7, 0.02, source_position="middle").key_per_pulse
    end = bbm92_rate(eta, 0.7, 0.005, 2e-7, 0.02, source_position="end").key_per_pulse
    assert (mid > 0).sum() > (end > 0).sum()
    assert max_reach_db(CAT["bbm92-entangled-middle"]) > max_reach_db(CAT["decoy-bb84-1ghz"])
    # ... but a lower rate at short range (Ma-Fung-Lo 2007 conclusion)
    assert link_performance(CAT["bbm92-entangled-middle"], 2.0).key_rate_bps < link_performance(
        CAT["decoy-bb84-1ghz"], 2.0).key_rate_bps


def test_insertion_loss_added_and_plob_at_same_rep_rate():
    d = CAT["decoy-bb84-1ghz"]
    r = link_performance(d, 5.0)
    assert r.loss_db == pytest.approx(5.0 + d.insertion_loss_db)
    assert r.transmittance == pytest.approx(10 ** (-r.loss_db / 10))
    assert r.plob_bps == pytest.approx(-math.log2(1 - r.transmittance) * d.rep_rate_hz)
    assert r.key_rate_bps == pytest.approx(r.key_per_pulse * d.rep_rate_hz)


def test_array_broadcast_and_as_dict():
    d = CAT["decoy-bb84-1ghz"]
    r = link_performance(d, np.array([[1.0], [2.0]]), length_m=np.array([1000.0, 2000.0, 3000.0]))
    assert r.key_rate_bps.shape == (2, 3)
    one = link_performance(d, 3.0)
    dd = one.as_dict()
    for key in ("loss_db", "transmittance", "key_per_pulse", "key_rate_bps", "qber", "plob_bps", "limited_by"):
        assert key in dd
    assert dd["block_fill_time_s"] is None  # NaN becomes null for JSON
    arr = link_performance(d, np.array([1.0, 3.0]))
    assert arr.as_dict(1)["key_rate_bps"] == pytest.approx(dd["key_rate_bps"])
    assert len(arr.as_dict()["key_rate_bps"]) == 2


def test_optimize_mu_never_worse():
    # the optimisation maximises key per pulse before detector saturation, so compare unsaturated
    d = device_from_dict({**CAT["decoy-bb84-100mhz"].to_dict(), "dead_time_s": None})
    loss = np.array([5.0, 15.0, 25.0])
    fixed = link_performance(d, loss).key_per_pulse
    opt = link_performance(d, loss, optimize_mu=True)
    assert np.all(opt.key_per_pulse >= fixed * (1 - 1e-9))


def test_intercept_resend_and_thresholds():
    assert intercept_resend_qber(0.0, 1.0) == pytest.approx(0.25)
    assert intercept_resend_qber(0.02, 0.2) == pytest.approx(0.02 + 0.05 * 0.96)
    assert np.allclose(intercept_resend_qber(np.array([0.01, 0.4]), 1.0) <= 0.5, True)
    assert CAT["decoy-bb84-1ghz"].qber_threshold == pytest.approx(0.11)
    assert CAT["cv-qkd-gg02-homodyne"].qber_threshold is None
    # a full intercept-resend attack pushes any BB84 link above its abort threshold
    q = link_performance(CAT["decoy-bb84-1ghz"], 5.0).qber
    assert intercept_resend_qber(q, 1.0) > CAT["decoy-bb84-1ghz"].qber_threshold


def test_loss_budget_breakdown():
    b = loss_budget(23_000, 0.22, splices=6, splice_loss_db=0.1, connectors=2, connector_loss_db=0.3,
                    insertion_loss_db=1.0, margin_db=0.5, patch_panels=2, environment_db=1.0)
    assert b.total_db == pytest.approx(23 * 0.22 + 0.6 + 0.6 + 1.0 + 0.5 + 1.5 + 1.0)
    assert b.as_dict()["patch_panel_db"] == pytest.approx(1.5)
    m = loss_budget(23_000, 0.22, measured_loss_db=7.5)
    assert m.total_db == 7.5 and m.measured and m.budget_db == pytest.approx(5.06)


def test_reach_helper():
    # 142 km x 0.21 dB/km = 29.8 dB (infinite decoys, GYS)
    assert max_reach_db(CAT["gys-reference"]) == pytest.approx(29.8, abs=0.2)
