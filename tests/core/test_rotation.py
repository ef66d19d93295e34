from __future__ import annotations

import numpy as np
import pytest

from perijove.core.rotation import body_to_icrf, pole_and_meridian_deg
from perijove.core.timescale import parse_utc
from perijove.ephem.system import SystemEphemeris


def test_jupiter_pole_at_j2000_matches_iau_report() -> None:
    # Archinal et al. 2018 Table 2: alpha0 = 268.056595, delta0 = 64.495303 at T = 0, plus
    # periodic terms whose amplitudes sum to under 0.005 deg.
    ra, dec, w = pole_and_meridian_deg("jupiter", 0.0)
    assert float(ra) == pytest.approx(268.056595, abs=0.005)
    assert float(dec) == pytest.approx(64.495303, abs=0.003)
    assert float(w) == pytest.approx(284.95, abs=1e-9)


def test_system_iii_period_is_9h55m29_71s() -> None:
    # System III period 9 h 55 m 29.71 s (Riddle & Warwick 1976; IAU WGCCRE).
    _, _, w0 = pole_and_meridian_deg("jupiter", 1000.0)
    _, _, w1 = pole_and_meridian_deg("jupiter", 1100.0)
    rate_deg_s = float((w1 - w0) % 360) / 100.0
    assert 360.0 / rate_deg_s == pytest.approx(9 * 3600 + 55 * 60 + 29.71, abs=0.05)


def test_matrices_are_rotations() -> None:
    m = body_to_icrf("europa", np.linspace(0, 1e9, 7))
    assert m.shape == (7, 3, 3)
    for r in m:
        assert np.allclose(r @ r.T, np.eye(3), atol=1e-12)
        assert np.linalg.det(r) == pytest.approx(1.0)


@pytest.mark.parametrize("moon,limit_deg", [
    # Synchronous rotation: the 0 deg meridian faces Jupiter, up to the optical libration
    # of about 2e rad (Io e = 0.0041: 0.47 deg; NSSDCA Jovian satellite fact sheet). Io's
    # meridian is defined by the mean sub-Jupiter direction; Europa's, Ganymede's and
    # Callisto's are tied to craters (Cilix 182 W, Anat 128 W, Saga 326 W; Archinal et al.
    # 2018), which leaves their mean sub-Jupiter point a couple of degrees off 0: 3 deg.
    # A sign or convention error would be off by tens of degrees or more.
    ("io", 1.0), ("europa", 3.0), ("ganymede", 3.0), ("callisto", 3.0),
])
def test_each_moons_prime_meridian_faces_jupiter(moon: str, limit_deg: float,
                                                 jup310_path) -> None:
    eph = SystemEphemeris([jup310_path])
    times = parse_utc("2021-02-26T01:00:00Z") + np.arange(0, 22 * 3600, 3 * 3600)
    rel, _ = eph.state_km("jupiter", moon, times)
    for t, v in zip(times, rel, strict=True):
        body = body_to_icrf(moon, t).T @ (v / np.linalg.norm(v))
        lon = np.degrees(np.arctan2(body[1], body[0]))
        lat = np.degrees(np.arcsin(body[2]))
        assert abs(lon) < limit_deg and abs(lat) < 0.1
