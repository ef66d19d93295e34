"""Magnitude systems: Hipparcos Hp to Johnson V, and magnitudes to relative flux.

Hp -> V follows Bessell (2000), "The Hipparcos and Tycho photometric system passbands",
PASP 112, 961-965, Table 2 (B-G main-sequence stars and K-M giants): for each tabulated
Tycho colour BT-VT it gives V-VT, delta(B-V) = (B-V)_Johnson - (BT-VT), and V-Hp. Indexing that
table by Johnson B-V = (BT-VT) + delta(B-V) gives V-Hp as a function of the Johnson B-V that
the Hipparcos catalogue lists. The table spans B-V from -0.219 to 1.658; outside it the end
values are held (Bessell's relation is not defined for redder M stars, whose V-Hp depends on
molecular bands). The table was read from the copy Brian Skiff posted (vsnet-chat 6420,
2003-05-25) and Project Pluto's colors2.cpp (github.com/Bill-Gray/lunar), both quoting
Bessell's Table 2.
"""

from __future__ import annotations

import numpy as np

# Bessell (2000) PASP 112, 961, Table 2. Columns: BT-VT (mag); V-VT, delta(B-V), V-Hp (mmag).
_BESSELL_2000_TABLE_2 = np.array([
    [-0.25, 38, 31, 66], [-0.20, 30, 21, 51], [-0.15, 22, 11, 36], [-0.10, 15, 5, 21],
    [-0.05, 8, 2, 6], [0.00, 1, -5, -11], [0.05, -5, -10, -25], [0.10, -12, -17, -38],
    [0.15, -18, -20, -48], [0.20, -24, -21, -58], [0.25, -29, -23, -69], [0.30, -35, -25, -79],
    [0.35, -40, -25, -87], [0.40, -45, -26, -94], [0.45, -50, -30, -101], [0.50, -54, -35, -108],
    [0.55, -59, -45, -114], [0.60, -64, -51, -120], [0.65, -68, -60, -127], [0.70, -72, -68, -131],
    [0.75, -77, -76, -134], [0.80, -81, -85, -137], [0.85, -85, -94, -142], [0.90, -89, -104, -147],
    [0.95, -93, -113, -151], [1.00, -98, -122, -155], [1.05, -102, -131, -158],
    [1.10, -106, -142, -157], [1.15, -110, -154, -160], [1.20, -115, -166, -162],
    [1.25, -119, -178, -164], [1.30, -124, -189, -166], [1.35, -128, -199, -166],
    [1.40, -133, -210, -165], [1.45, -138, -222, -164], [1.50, -143, -234, -161],
    [1.55, -148, -245, -157], [1.60, -154, -256, -153], [1.65, -160, -266, -148],
    [1.70, -165, -277, -143], [1.75, -172, -288, -137], [1.80, -178, -299, -131],
    [1.85, -185, -309, -125], [1.90, -191, -320, -119], [1.95, -199, -331, -112],
    [2.00, -206, -342, -106],
])
_B_MINUS_V = _BESSELL_2000_TABLE_2[:, 0] + _BESSELL_2000_TABLE_2[:, 2] / 1000.0
_V_MINUS_HP = _BESSELL_2000_TABLE_2[:, 3] / 1000.0
# The Hp -> V correction for a star without a measured B-V: that of the median catalogue colour
# (B-V = 0.61 for the Hipparcos-2 stars with a colour, measured in this project), -0.12 mag.
_B_MINUS_V_UNKNOWN = 0.6


def v_minus_hp(b_minus_v: np.ndarray) -> np.ndarray:
    """Johnson V minus Hipparcos Hp (mag) for Johnson B-V (Bessell 2000, Table 2); NaN B-V
    (colour unknown) takes the correction of the median colour."""
    bv = np.where(np.isfinite(b_minus_v), b_minus_v, _B_MINUS_V_UNKNOWN)
    return np.interp(bv, _B_MINUS_V, _V_MINUS_HP)


def johnson_v_from_hp(hp_mag: np.ndarray, b_minus_v: np.ndarray) -> np.ndarray:
    """Johnson V (mag) from Hipparcos Hp and Johnson B-V (Bessell 2000, Table 2)."""
    return np.asarray(hp_mag, dtype=np.float64) + v_minus_hp(np.asarray(b_minus_v, np.float64))


def relative_flux(v_mag: np.ndarray | float) -> np.ndarray:
    """Flux relative to a magnitude-0 star: 10^(-0.4 m) (Pogson's ratio, 100 per 5 mag)."""
    return np.power(10.0, -0.4 * np.asarray(v_mag, dtype=np.float64))


def bright_star_v_overrides() -> dict[int, float]:
    """Johnson V (mag) by HIP number for the stars whose Hp does not convert well (Sirius,
    Canopus, alpha Cen B; assets/bright_star_johnson_v.csv, with sources)."""
    from perijove.catalogs.assets import read_csv_rows

    return {int(r["hip"]): float(r["v_mag"]) for r in read_csv_rows("bright_star_johnson_v.csv")}
