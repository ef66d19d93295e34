"""The moons against JPL's jup310 satellite ephemeris (R. Jacobson), read independently."""

from __future__ import annotations

import numpy as np
import pytest
from jplephem.spk import SPK

from perijove.core.timescale import parse_utc
from perijove.ephem.system import SystemEphemeris

MOONS = {"io": 501, "europa": 502, "ganymede": 503, "callisto": 504}


def _times() -> np.ndarray:
    return parse_utc("2021-02-26T00:30:00Z") + np.arange(0, 23 * 3600, 1800.0)


def _jplephem_from_barycenter_km(path, naif_id: int, t: np.ndarray) -> np.ndarray:
    # jplephem (B. Rhodes) is a separate reader of the same kernel: segment 5 -> naif_id.
    with SPK.open(str(path)) as spk:
        jd = 2451545.0 + t / 86400.0
        return np.asarray(spk[5, naif_id].compute(jd))[:3].T


@pytest.mark.parametrize("moon", MOONS)
def test_spice_provider_reproduces_jup310_to_a_metre(moon: str, jup310_path) -> None:
    eph = SystemEphemeris([jup310_path])
    t = _times()
    ours, _ = eph.state_from_barycenter_km(moon, t, strict=True)
    ref = _jplephem_from_barycenter_km(jup310_path, MOONS[moon], t)
    assert np.max(np.linalg.norm(ours - ref, axis=1)) < 1e-3  # km: 1 m


@pytest.mark.parametrize("moon", MOONS)
def test_analytic_theory_within_300_km_of_jup310(moon: str, jup310_path) -> None:
    t = _times()
    analytic, _ = SystemEphemeris().state_km(moon, "jupiter", t)
    with SPK.open(str(jup310_path)) as spk:
        jd = 2451545.0 + t / 86400.0
        ref = (np.asarray(spk[5, MOONS[moon]].compute(jd))[:3]
               - np.asarray(spk[5, 599].compute(jd))[:3]).T
    err = np.linalg.norm(analytic - ref, axis=1)
    assert err.max() < 300.0, f"{moon}: {err.max():.0f} km"


def test_jupiter_offset_from_barycentre_matches_kernel(jup310_path) -> None:
    # Without a kernel, Jupiter's centre is placed from the moons' masses; jup310 has it.
    t = _times()
    model, _ = SystemEphemeris().state_from_barycenter_km("jupiter", t)
    ref = _jplephem_from_barycenter_km(jup310_path, 599, t)
    assert np.max(np.linalg.norm(model - ref, axis=1)) < 5.0  # km, of an offset of ~100 km
    assert np.min(np.linalg.norm(ref, axis=1)) > 20.0


def test_velocities_are_derivatives_of_positions(jup310_path) -> None:
    for eph in (SystemEphemeris(), SystemEphemeris([jup310_path])):
        t = parse_utc("2021-02-26T12:00:00Z")
        p0, v = eph.state_km("io", "jupiter", t)
        p1, _ = eph.state_km("io", "jupiter", t + 1.0)
        assert np.allclose(p1 - p0, v, atol=2e-3)  # km/s


def test_time_outside_kernel_is_a_clear_error(jup310_path) -> None:
    from perijove.ephem import EphemerisError

    eph = SystemEphemeris([jup310_path])
    with pytest.raises(EphemerisError, match="outside jup310_excerpt"):
        eph.state_km("io", "jupiter", parse_utc("2022-01-01T00:00:00Z"), strict=True)
    # Not strict (the GUI): falls back to the analytic theory.
    assert str(eph.source("io", parse_utc("2022-01-01T00:00:00Z"))).startswith("analytic")
