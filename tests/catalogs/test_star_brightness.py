"""Magnitudes to flux and to display levels; out-of-range settings are one-sentence errors."""

from __future__ import annotations

import numpy as np
import pytest

from perijove.catalogs.photometry import johnson_v_from_hp, relative_flux, v_minus_hp
from perijove.catalogs.star_brightness import (
    check_exposure_ev,
    check_limiting_magnitude,
    display_intensity,
    point_area_scale,
)
from perijove.catalogs.star_colour import srgb_encode


def test_five_magnitudes_are_a_factor_of_one_hundred() -> None:
    # Pogson (1856): a difference of 5 magnitudes is a flux ratio of exactly 100.
    assert relative_flux(1.0) / relative_flux(6.0) == pytest.approx(100.0, rel=1e-12)
    assert relative_flux(0.0) == 1.0


def test_hp_to_v_follows_bessell_2000() -> None:
    # Bessell (2000) PASP 112, 961, Table 2: BT-VT = 0.00 -> B-V = -0.005, V-Hp = -0.011;
    # BT-VT = 1.00 -> B-V = 0.878, V-Hp = -0.155.
    assert v_minus_hp(np.array([-0.005, 0.878])) == pytest.approx([-0.011, -0.155], abs=1e-9)
    # Unknown colour (NaN) takes the median colour's correction, not NaN.
    assert np.isfinite(johnson_v_from_hp(np.array([8.0]), np.array([np.nan])))[0]


def test_the_faintest_drawn_star_is_just_visible_and_five_magnitudes_brighter_saturate() -> None:
    v = np.array([6.5, 1.5, 1.0, 6.6, -1.46])
    i = display_intensity(v, limiting_mag=6.5)
    assert srgb_encode(i[0]) == pytest.approx(0.10, abs=0.005)  # about 26/255 on screen
    assert i[1] == pytest.approx(1.0, abs=1e-6)  # 5 mag brighter: 100 x the flux, saturated
    assert i[2] == 1.0 and i[3] == 0.0  # brighter still: clipped; fainter than the limit: off
    area = point_area_scale(v, limiting_mag=6.5)
    assert area[0] == 1.0
    # Sirius at limit 6.5: g F = 0.01 * 10^(0.4 * 7.96) = 15.2 times the base area.
    assert area[4] == pytest.approx(0.01 * 10 ** (0.4 * (6.5 + 1.46)), rel=1e-5)


def test_one_stop_of_exposure_doubles_the_unsaturated_level() -> None:
    v = np.array([5.0])
    assert (display_intensity(v, 6.5, exposure_ev=1.0)[0]
            == pytest.approx(2 * display_intensity(v, 6.5)[0], rel=1e-6))


@pytest.mark.parametrize("value", [12.5, -0.1, float("nan"), float("inf"), "bright"])
def test_a_limiting_magnitude_out_of_range_is_a_one_line_error(value) -> None:  # noqa: ANN001
    with pytest.raises(ValueError) as err:
        check_limiting_magnitude(value)
    text = str(err.value)
    assert "limiting magnitude" in text and repr(value) in text and "\n" not in text
    assert "from 0 to 12" in text
    with pytest.raises(ValueError):
        display_intensity(np.array([1.0]), value)


@pytest.mark.parametrize("value", [10.5, -11, float("nan")])
def test_an_exposure_out_of_range_is_a_one_line_error(value) -> None:  # noqa: ANN001
    with pytest.raises(ValueError) as err:
        check_exposure_ev(value)
    text = str(err.value)
    assert "exposure" in text and repr(value) in text and "EV" in text and "\n" not in text


def test_values_in_range_pass_unchanged() -> None:
    assert check_limiting_magnitude(0) == 0.0 and check_limiting_magnitude(12) == 12.0
    assert check_exposure_ev(-10) == -10.0 and check_exposure_ev(10.0) == 10.0
