"""Star colours: Johnson B-V -> temperature -> the sRGB colour of a black body at that temperature.

1. B-V -> T: Ballesteros (2012), "New insights into black bodies", EPL 97, 34008 (arXiv:1201.1809):
   T = 4600 K * (1 / (0.92 (B-V) + 1.7) + 1 / (0.92 (B-V) + 0.62)). B-V is clipped to
   [-0.4, 2.0] first (the formula diverges at B-V = -0.674; 99.7 % of Hipparcos colours lie in
   that range, measured in this project).
2. T -> CIE XYZ: Planck's law integrated against the CIE 1931 2-degree colour-matching functions
   (CIE 015:2018; assets/cie1931_2deg_cmf_5nm.csv, 380-780 nm every 5 nm).
3. XYZ -> linear sRGB: the matrix built from the sRGB primaries and D65 white point of
   IEC 61966-2-1:1999 (R 0.640/0.330, G 0.300/0.600, B 0.150/0.060, white 0.3127/0.3290), with no
   chromatic adaptation, negative components clipped to 0, then scaled so the largest
   component is 1 (brightness is handled separately, perijove.catalogs.star_brightness).
   The chromaticities agree with Kim et al.'s cubic fits to the CIE 1931 Planckian locus (US
   patent 7,024,034) within 0.001, and the colours with Mitchell Charity's blackbody colour
   datafile ("What color is a blackbody?", vendian.org/mncharity/dir3/blackbody/, bbr_color.txt,
   2-degree rows, same method) within 0.03 per linear channel (tests/catalogs).
4. Linear -> display: the sRGB transfer function of IEC 61966-2-1 (12.92 c below 0.0031308,
   else 1.055 c^(1/2.4) - 0.055).

Stars without a B-V (NaN) are drawn neutral white (1, 1, 1).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

B_MINUS_V_RANGE = (-0.4, 2.0)
# CODATA 2018 exact SI values (h, c, k_B), for Planck's law.
PLANCK_H_J_S = 6.62607015e-34
SPEED_OF_LIGHT_M_S = 299792458.0
BOLTZMANN_J_K = 1.380649e-23

# IEC 61966-2-1:1999 (sRGB): chromaticities (x, y) of the primaries and of the D65 white point.
_SRGB_PRIMARIES_XY = ((0.640, 0.330), (0.300, 0.600), (0.150, 0.060))
_D65_WHITE_XY = (0.3127, 0.3290)


def temperature_k_from_b_minus_v(b_minus_v: np.ndarray | float) -> np.ndarray:
    """Black-body temperature (K) for Johnson B-V, Ballesteros (2012); B-V clipped to
    [-0.4, 2.0]."""
    bv = np.clip(np.asarray(b_minus_v, dtype=np.float64), *B_MINUS_V_RANGE)
    return 4600.0 * (1.0 / (0.92 * bv + 1.7) + 1.0 / (0.92 * bv + 0.62))


@lru_cache(maxsize=1)
def _colour_matching() -> tuple[np.ndarray, np.ndarray]:
    """Wavelengths (m) and the CIE 1931 2-degree x_bar, y_bar, z_bar (n, 3)."""
    from perijove.catalogs.assets import read_csv_rows

    rows = read_csv_rows("cie1931_2deg_cmf_5nm.csv")
    wavelength_m = np.array([float(r["wavelength_nm"]) for r in rows]) * 1e-9
    cmf = np.array([[float(r["x_bar"]), float(r["y_bar"]), float(r["z_bar"])] for r in rows])
    return wavelength_m, cmf


@lru_cache(maxsize=1)
def xyz_to_linear_srgb_matrix() -> np.ndarray:
    """The 3x3 matrix taking CIE XYZ to linear sRGB, from the IEC 61966-2-1 primaries and D65."""
    def xyz(xy: tuple[float, float]) -> np.ndarray:
        x, y = xy
        return np.array([x / y, 1.0, (1.0 - x - y) / y])

    primaries = np.column_stack([xyz(p) for p in _SRGB_PRIMARIES_XY])  # columns: R, G, B in XYZ
    scale = np.linalg.solve(primaries, xyz(_D65_WHITE_XY))  # white (Y = 1) is R = G = B = 1
    return np.linalg.inv(primaries * scale)


def planck_xyz(temperature_k: np.ndarray | float) -> np.ndarray:
    """CIE 1931 XYZ (n, 3) of black bodies, arbitrary common scale (sum over 5 nm steps)."""
    wavelength_m, cmf = _colour_matching()
    t = np.atleast_1d(np.asarray(temperature_k, dtype=np.float64))
    c2 = PLANCK_H_J_S * SPEED_OF_LIGHT_M_S / BOLTZMANN_J_K
    # Spectral radiance up to constant factors: lambda^-5 / (exp(c2 / (lambda T)) - 1).
    radiance = wavelength_m[None, :] ** -5 / np.expm1(c2 / (wavelength_m[None, :] * t[:, None]))
    return radiance @ cmf


def chromaticity_xy(temperature_k: np.ndarray | float) -> np.ndarray:
    """CIE 1931 (x, y) chromaticity (n, 2) of black bodies."""
    xyz = planck_xyz(temperature_k)
    return xyz[:, :2] / xyz.sum(axis=1, keepdims=True)


def blackbody_linear_srgb(temperature_k: np.ndarray | float) -> np.ndarray:
    """Linear sRGB (n, 3) of black bodies, negatives clipped to 0, largest component 1."""
    rgb = planck_xyz(temperature_k) @ xyz_to_linear_srgb_matrix().T
    rgb = np.clip(rgb, 0.0, None)
    return rgb / rgb.max(axis=1, keepdims=True)


def srgb_encode(linear: np.ndarray) -> np.ndarray:
    """The sRGB transfer function (IEC 61966-2-1): linear [0, 1] -> display-encoded [0, 1]."""
    c = np.clip(np.asarray(linear, dtype=np.float64), 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * np.power(c, 1.0 / 2.4) - 0.055)


_LUT_STEP = 0.005


@lru_cache(maxsize=1)
def _linear_lut() -> tuple[np.ndarray, np.ndarray]:
    bv = np.arange(B_MINUS_V_RANGE[0], B_MINUS_V_RANGE[1] + _LUT_STEP / 2, _LUT_STEP)
    return bv, blackbody_linear_srgb(temperature_k_from_b_minus_v(bv))


def star_colours_linear(b_minus_v: np.ndarray) -> np.ndarray:
    """Linear sRGB (n, 3) float32 for Johnson B-V (NaN -> white), largest component 1.
    Interpolated in a 0.005 mag table of `blackbody_linear_srgb` (error < 0.001)."""
    bv = np.asarray(b_minus_v, dtype=np.float64).ravel()
    grid, lut = _linear_lut()
    clipped = np.clip(np.where(np.isfinite(bv), bv, 0.0), *B_MINUS_V_RANGE)
    rgb = np.column_stack([np.interp(clipped, grid, lut[:, i]) for i in range(3)])
    rgb[~np.isfinite(bv)] = 1.0
    return rgb.astype(np.float32)


def star_colours_srgb(b_minus_v: np.ndarray) -> np.ndarray:
    """Display-encoded sRGB (n, 3) float32 in [0, 1] for Johnson B-V (NaN -> white)."""
    return srgb_encode(star_colours_linear(b_minus_v)).astype(np.float32)
