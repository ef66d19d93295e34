"""IAU rotation models: where each body's pole points and how far it has turned at time t.

Source: IAU WGCCRE 2015, Archinal et al. (2018), Celest. Mech. Dyn. Astron. 130:22, Table 2
(Jupiter System III with the Ja..Je nutation terms) and Table 2's satellite entries with the
Jupiter-system angles J1..J8. T is Julian centuries and d days, both TDB from J2000.
"""

from __future__ import annotations

import numpy as np

SECONDS_PER_DAY = 86400.0
DAYS_PER_CENTURY = 36525.0

# Jupiter's own nutation-precession angles, degrees (constant, per century).
_JUPITER_ANGLES = {
    "Ja": (99.360714, 4850.4046),
    "Jb": (175.895369, 1191.9605),
    "Jc": (300.323162, 262.5475),
    "Jd": (114.012305, 6070.2476),
    "Je": (49.511251, 64.3000),
}
# Galilean-satellite angles J1..J8, degrees (constant, per century).
_SATELLITE_ANGLES = {
    "J1": (73.32, 91472.9),
    "J2": (24.62, 45137.2),
    "J3": (283.90, 4850.7),
    "J4": (355.80, 1191.3),
    "J5": (119.90, 262.1),
    "J6": (229.80, 64.3),
    "J7": (352.25, 2382.6),
    "J8": (113.35, 6070.0),
}

# Per body: (alpha0, alpha_T, {angle: sin coeff}), (delta0, delta_T, {angle: cos coeff}),
# (W0, W_d, {angle: sin coeff}). Degrees.
_MODELS: dict[str, tuple] = {
    "jupiter": (
        (268.056595, -0.006499,
         {"Ja": 0.000117, "Jb": 0.000938, "Jc": 0.001432, "Jd": 0.000030, "Je": 0.002150}),
        (64.495303, 0.002413,
         {"Ja": 0.000050, "Jb": 0.000404, "Jc": 0.000617, "Jd": -0.000013, "Je": 0.000926}),
        (284.95, 870.5360000, {}),  # System III
    ),
    "io": (
        (268.05, -0.009, {"J3": 0.094, "J4": 0.024}),
        (64.50, 0.003, {"J3": 0.040, "J4": 0.011}),
        (200.39, 203.4889538, {"J3": -0.085, "J4": -0.022}),
    ),
    "europa": (
        (268.08, -0.009, {"J4": 1.086, "J5": 0.060, "J6": 0.015, "J7": 0.009}),
        (64.51, 0.003, {"J4": 0.468, "J5": 0.026, "J6": 0.007, "J7": 0.002}),
        (36.022, 101.3747235, {"J4": -0.980, "J5": -0.054, "J6": -0.014, "J7": -0.008}),
    ),
    "ganymede": (
        (268.20, -0.009, {"J4": -0.037, "J5": 0.431, "J6": 0.091}),
        (64.57, 0.003, {"J4": -0.016, "J5": 0.186, "J6": 0.039}),
        (44.064, 50.3176081, {"J4": 0.033, "J5": -0.389, "J6": -0.082}),
    ),
    "callisto": (
        (268.72, -0.009, {"J5": -0.068, "J6": 0.590, "J8": 0.010}),
        (64.83, 0.003, {"J5": -0.029, "J6": 0.254, "J8": -0.004}),
        (259.51, 21.5710715, {"J5": 0.061, "J6": -0.533, "J8": -0.009}),
    ),
}


def pole_and_meridian_deg(
    name: str, t_tdb_s: float | np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Right ascension and declination of the north pole and prime-meridian angle W, degrees."""
    (a0, aT, a_terms), (d0, dT, d_terms), (w0, wd, w_terms) = _MODELS[name]
    d = np.asarray(t_tdb_s, dtype=float) / SECONDS_PER_DAY
    T = d / DAYS_PER_CENTURY
    angles = _JUPITER_ANGLES if name == "jupiter" else _SATELLITE_ANGLES

    def angle(key: str) -> np.ndarray:
        c0, c1 = angles[key]
        return np.radians(c0 + c1 * T)

    ra = a0 + aT * T + sum((k * np.sin(angle(n)) for n, k in a_terms.items()), 0.0)
    dec = d0 + dT * T + sum((k * np.cos(angle(n)) for n, k in d_terms.items()), 0.0)
    w = w0 + wd * d + sum((k * np.sin(angle(n)) for n, k in w_terms.items()), 0.0)
    return np.asarray(ra), np.asarray(dec), np.mod(w, 360.0)


def body_to_icrf(name: str, t_tdb_s: float | np.ndarray) -> np.ndarray:
    """Rotation matrices (..., 3, 3) taking body-fixed vectors to ICRF/J2000 vectors.

    Body frame: +x at the prime meridian on the equator, +z the north pole, +y at 90 deg E.
    M = Rz(alpha0 + 90) Rx(90 - delta0) Rz(W), the IAU convention.
    """
    ra, dec, w = pole_and_meridian_deg(name, t_tdb_s)
    return _rz(np.radians(ra) + np.pi / 2) @ _rx(np.pi / 2 - np.radians(dec)) @ _rz(np.radians(w))


def _rz(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    c, s = np.cos(a), np.sin(a)
    m = np.zeros(a.shape + (3, 3))
    m[..., 0, 0], m[..., 0, 1], m[..., 1, 0], m[..., 1, 1], m[..., 2, 2] = c, -s, s, c, 1.0
    return m


def _rx(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    c, s = np.cos(a), np.sin(a)
    m = np.zeros(a.shape + (3, 3))
    m[..., 0, 0], m[..., 1, 1], m[..., 1, 2], m[..., 2, 1], m[..., 2, 2] = 1.0, c, -s, s, c
    return m


def planetocentric_to_body_xyz(lat_deg: float, lon_east_deg: float) -> np.ndarray:
    """Unit vector in the body frame for a planetocentric latitude and east longitude."""
    lat, lon = np.radians(lat_deg), np.radians(lon_east_deg)
    return np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
