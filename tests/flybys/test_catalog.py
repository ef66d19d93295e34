from __future__ import annotations

import pytest

from perijove.flybys.catalog import FlybyError, find, flybys, perijove, perijoves


def test_every_row_has_a_source_and_moon() -> None:
    for f in flybys():
        assert f.source, f.id
        assert f.moon in ("io", "europa", "ganymede", "callisto")


def test_major_flybys_present_with_published_facts() -> None:
    # NASA/JPL releases (sources per row in assets/flybys.csv).
    pj34 = find("PJ34-Ganymede")
    assert pj34.ca_utc == "2021-06-07T16:56:08Z" and pj34.altitude_km == pytest.approx(1046)
    pj45 = find("pj45-europa")
    assert pj45.altitude_km == pytest.approx(352) and pj45.speed_km_s == pytest.approx(23.6)
    for fid in ("PJ57-Io", "PJ58-Io"):
        assert find(fid).altitude_km == pytest.approx(1500)


def test_unknown_facts_are_none_not_invented() -> None:
    pj47 = find("PJ47-Io")
    assert pj47.distance_km is None and not pj47.ca_is_known


def test_perijoves_cover_pj0_to_pj76_in_order() -> None:
    numbers = [p.number for p in perijoves()]
    assert numbers == list(range(0, 77))
    times = [p.tdb_s for p in perijoves()]
    assert times == sorted(times)
    # JOI, 2016-07-05 02:47 UTC (NASA): PJ0.
    assert perijove(0).utc.startswith("2016-07-05T02:47")


def test_unknown_flyby_id_is_one_sentence() -> None:
    with pytest.raises(FlybyError) as info:
        find("PJ99-Titan")
    assert "choose one of" in str(info.value) and "\n" not in str(info.value)
