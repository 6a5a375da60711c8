"""Property tests (hypothesis): every catalogue device, any loss."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.physics import link_performance, load_catalogue
from planner.physics.bounds import plob_bits_per_use

CATALOGUE = load_catalogue()
IDS = sorted(CATALOGUE)
losses = st.floats(min_value=0.0, max_value=120.0, allow_nan=False)


@pytest.mark.parametrize("device_id", IDS)
@settings(max_examples=40, deadline=None)
@given(a=losses, b=losses, channels=st.integers(0, 40), power=st.floats(-20.0, 10.0), km=st.floats(0.0, 150.0))
def test_rates_sane_and_monotone(device_id, a, b, channels, power, km):
    d = CATALOGUE[device_id]
    lo, hi = min(a, b), max(a, b)
    r = link_performance(d, np.array([lo, hi]), length_m=km * 1000.0, classical_channels=channels,
                         launch_power_dbm=power)
    k = r.key_rate_bps
    assert np.all(np.isfinite(k)) and np.all(k >= 0)
    assert k[0] >= k[1] * (1 - 1e-9) - 1e-12  # non-increasing in loss
    if d.protocol != "tf-qkd":  # twin-field beats PLOB at long range by design
        assert np.all(r.key_per_pulse <= plob_bits_per_use(r.transmittance) * (1 + 1e-9) + 1e-15)
    if d.protocol != "cv-qkd":
        assert np.all((r.qber >= 0) & (r.qber <= 0.5))
    else:
        assert np.all(np.isnan(r.qber))
    assert set(np.unique(r.limited_by)) <= {"loss", "detector"}
    assert np.all(r.limited_by[k == 0] == "loss")


@settings(max_examples=60, deadline=None)
@given(eta_db=st.floats(0.0, 80.0), mu=st.floats(0.05, 1.0), y0=st.floats(0.0, 1e-3), e=st.floats(0.0, 0.2))
def test_vacuum_weak_never_above_infinite_decoy(eta_db, mu, y0, e):
    from planner.physics.bb84 import decoy_bb84_rate

    eta = 10 ** (-eta_db / 10)
    inf = decoy_bb84_rate(eta, mu, y0, e, 1.16, 0.5, decoy="infinite").key_per_pulse
    vw = decoy_bb84_rate(eta, mu, y0, e, 1.16, 0.5, decoy="vacuum+weak", nu=mu / 5).key_per_pulse
    assert vw <= inf * (1 + 1e-9) + 1e-15


def test_raman_noise_zero_without_traffic_and_harmful_with_it():
    d = CATALOGUE["decoy-bb84-1ghz"]
    quiet = link_performance(d, 10.0, length_m=40_000)
    busy = link_performance(d, 10.0, length_m=40_000, classical_channels=16, launch_power_dbm=5.0,
                            classical_direction="counter")
    assert quiet.raman_yield == 0.0
    assert busy.raman_yield > 0
    assert busy.qber > quiet.qber
    assert busy.key_rate_bps < quiet.key_rate_bps
    heavy = link_performance(d, 16.0, length_m=80_000, classical_channels=40, launch_power_dbm=10.0)
    assert heavy.key_rate_bps == 0.0  # strong co-existing traffic can kill a link


def test_raman_1310_quantum_channel_suffers_less():
    base = CATALOGUE["decoy-bb84-1ghz"].to_dict()
    from planner.physics import device_from_dict

    c_band = device_from_dict(base)
    o_band = device_from_dict({**base, "wavelength_nm": 1310})
    kw = dict(length_m=30_000, classical_channels=8, launch_power_dbm=0.0)
    assert link_performance(o_band, 10.0, **kw).raman_yield < link_performance(c_band, 10.0, **kw).raman_yield


def test_cv_raman_adds_excess_noise():
    d = CATALOGUE["cv-qkd-gg02-homodyne"]
    quiet = link_performance(d, 6.0, length_m=30_000)
    busy = link_performance(d, 6.0, length_m=30_000, classical_channels=4, launch_power_dbm=0.0)
    assert busy.raman_yield > 0 and busy.key_rate_bps < quiet.key_rate_bps
