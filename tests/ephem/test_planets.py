"""Sun-Jupiter geometry against published orbital figures."""

from __future__ import annotations

import numpy as np
import pytest

from perijove.core.timescale import parse_utc
from perijove.ephem.system import SystemEphemeris


def test_jupiter_perihelion_and_aphelion_distances() -> None:
    # NSSDCA Jupiter fact sheet (D. Williams): perihelion 740.6e6 km, aphelion 816.4e6 km.
    t = parse_utc("2015-01-01T00:00:00Z") + np.arange(0, 12 * 365.25 * 86400, 5 * 86400)
    pos, _ = SystemEphemeris().state_km("sun", "jupiter", t)
    r = np.linalg.norm(pos, axis=1)
    assert r.min() == pytest.approx(740.6e6, rel=0.003)
    assert r.max() == pytest.approx(816.4e6, rel=0.003)


def test_moon_mean_distances() -> None:
    # NSSDCA Jovian satellite fact sheet semi-major axes: Io 421,800 km, Europa 671,100 km,
    # Ganymede 1,070,400 km, Callisto 1,882,700 km.
    t = parse_utc("2023-01-01T00:00:00Z") + np.arange(0, 40 * 86400, 3600.0)
    eph = SystemEphemeris()
    for moon, a_km in (("io", 421_800), ("europa", 671_100), ("ganymede", 1_070_400),
                       ("callisto", 1_882_700)):
        pos, _ = eph.state_km(moon, "jupiter", t)
        assert np.linalg.norm(pos, axis=1).mean() == pytest.approx(a_km, rel=0.005)
