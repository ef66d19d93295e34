"""Star colours: B-V -> temperature (Ballesteros 2012) -> black-body sRGB, against references."""

from __future__ import annotations

import numpy as np
import pytest

from perijove.catalogs.star_colour import (
    blackbody_linear_srgb,
    chromaticity_xy,
    srgb_encode,
    star_colours_linear,
    star_colours_srgb,
    temperature_k_from_b_minus_v,
    xyz_to_linear_srgb_matrix,
)

# The Sun's B-V = 0.653 +- 0.003 (Ramirez et al. 2012, ApJ 752, 5, "The UBV(RI)C colors of the
# Sun", model-independent value); its effective temperature 5772 K (IAU 2015 Resolution B3,
# nominal solar value).
SUN_B_MINUS_V = 0.653
SUN_TEFF_K = 5772.0


def test_the_suns_colour_index_gives_the_suns_temperature() -> None:
    assert temperature_k_from_b_minus_v(SUN_B_MINUS_V) == pytest.approx(SUN_TEFF_K, abs=100.0)


def test_the_sun_comes_out_near_white_and_slightly_yellow() -> None:
    r, g, b = star_colours_linear(np.array([SUN_B_MINUS_V]))[0]
    assert r == pytest.approx(1.0) and r >= g >= b  # a touch yellow: red >= green >= blue
    assert g > 0.85 and b > 0.75  # but near white
    assert np.all(star_colours_srgb(np.array([SUN_B_MINUS_V]))[0] > 0.9)


def test_a_red_star_is_redder_than_a_blue_one() -> None:
    blue, red = star_colours_linear(np.array([-0.2, 1.8]))
    assert red[0] / red[2] > 3.0 * blue[0] / blue[2]
    assert blue[2] == pytest.approx(1.0) and blue[0] < blue[2]  # B-V -0.2: bluish
    assert red[0] == pytest.approx(1.0) and red[2] < 0.4  # B-V 1.8: orange-red


def test_planckian_chromaticities_match_kim_et_al_cubic_fits() -> None:
    # Kim et al., cubic-spline fits to the CIE 1931 Planckian locus, 1667-25000 K (US patent
    # 7,024,034): x_c(T) and y_c(x_c) for three temperature ranges.
    def kim(t: float) -> tuple[float, float]:
        if t <= 4000:
            x = -0.2661239e9 / t**3 - 0.2343589e6 / t**2 + 0.8776956e3 / t + 0.179910
        else:
            x = -3.0258469e9 / t**3 + 2.1070379e6 / t**2 + 0.2226347e3 / t + 0.240390
        if t <= 2222:
            y = -1.1063814 * x**3 - 1.34811020 * x**2 + 2.18555832 * x - 0.20219683
        elif t <= 4000:
            y = -0.9549476 * x**3 - 1.37418593 * x**2 + 2.09137015 * x - 0.16748867
        else:
            y = 3.0817580 * x**3 - 5.87338670 * x**2 + 3.75112997 * x - 0.37001483
        return x, y

    temperatures = [2000.0, 3000.0, 4500.0, 5772.0, 8000.0, 12000.0, 20000.0]
    ours = chromaticity_xy(np.array(temperatures))
    for t, (x, y) in zip(temperatures, ours, strict=True):
        kx, ky = kim(t)
        assert x == pytest.approx(kx, abs=1e-3) and y == pytest.approx(ky, abs=1e-3), t


def test_colours_agree_with_mitchell_charitys_blackbody_table() -> None:
    # Mitchell Charity, "What color is a blackbody?" datafile bbr_color.txt, rows "2deg"
    # (linear r, g, b, largest = 1): 3000 K 1/0.4870/0.1411, 4000 K 1/0.6636/0.3583,
    # 5000 K 1/0.7992/0.6045, 5800 K 1/0.8836/0.8000, 6500 K 1/0.9436/0.9621.
    charity = {3000: (1.0, 0.4870, 0.1411), 4000: (1.0, 0.6636, 0.3583),
               5000: (1.0, 0.7992, 0.6045), 5800: (1.0, 0.8836, 0.8000),
               6500: (1.0, 0.9436, 0.9621)}
    ours = blackbody_linear_srgb(np.array(list(charity), dtype=float))
    # Largest difference measured: 0.030 (blue at 6500 K); Charity's 2-degree chromaticities
    # sit 0.002-0.005 off the CIE 1931 locus that Kim et al. fit, ours within 0.001.
    assert np.abs(ours - np.array(list(charity.values()))).max() < 0.035


def test_the_srgb_matrix_is_the_published_one_and_d65_is_white() -> None:
    # IEC 61966-2-1:1999, XYZ (D65) -> linear sRGB, as printed to four decimals.
    published = np.array([[3.2406, -1.5372, -0.4986],
                          [-0.9689, 1.8758, 0.0415],
                          [0.0557, -0.2040, 1.0570]])
    assert np.allclose(xyz_to_linear_srgb_matrix(), published, atol=6e-4)
    d65 = np.array([0.3127 / 0.3290, 1.0, (1 - 0.3127 - 0.3290) / 0.3290])
    assert np.allclose(xyz_to_linear_srgb_matrix() @ d65, 1.0, atol=1e-12)


def test_unknown_colour_is_white_and_encoding_follows_the_srgb_curve() -> None:
    assert np.array_equal(star_colours_linear(np.array([np.nan])), [[1.0, 1.0, 1.0]])
    # IEC 61966-2-1: 12.92 c below 0.0031308, 1.055 c^(1/2.4) - 0.055 above; 0.5 -> 0.7354.
    assert srgb_encode(np.array([0.0, 0.002, 0.5, 1.0])) == pytest.approx(
        [0.0, 0.02584, 0.735357, 1.0], abs=1e-5)
