"""The soak's memory figures: the five-minute windows see a trend and not the trim cycle."""

from __future__ import annotations

import numpy as np

from perijove.gui.soak import memory_growth


def _sawtooth(minutes: float, trend_mb_per_h: float) -> list[tuple[float, float]]:
    """Samples every 4 s: 600 MB, a 30 s cycle rising 60 MB and dropping (the trims), plus
    a steady trend."""
    t = np.arange(0.0, minutes * 60.0, 4.0)
    mb = 600.0 + 60.0 * ((t % 30.0) / 30.0) + trend_mb_per_h * t / 3600.0
    return list(zip(t.tolist(), mb.tolist(), strict=True))


def test_a_flat_sawtooth_shows_no_growth_whatever_its_phase_at_the_end() -> None:
    for minutes in (60.0, 60.2, 60.4):  # the last sample at different points of the cycle
        g = memory_growth(_sawtooth(minutes, 0.0))
        assert abs(g["median_pct"]) < 1.0 and abs(g["peak_pct"]) < 1.0, g


def test_a_real_trend_is_seen() -> None:
    g = memory_growth(_sawtooth(60.0, 66.0))  # 66 MB over the hour: +10% of 660 MB
    assert 8.0 < g["median_pct"] < 10.0 and 8.0 < g["peak_pct"] < 10.0, g
