"""Io's hot spots: every row sourced, quantities never mixed, positions as the papers say."""

from __future__ import annotations

import json

import pytest

from perijove.catalogs import features, hotspots


def test_every_hotspot_has_a_catalogue_source_and_address() -> None:
    loaded = hotspots.load_hotspots()
    assert loaded.warning is None and len(loaded) >= 2
    for h in loaded:
        assert h.catalogue and h.source and h.source_url.startswith("https://"), h.hotspot_id
        assert h.position_source, h.hotspot_id
        assert -90 <= h.lat_deg <= 90 and 0 <= h.lon_east_deg < 360


def test_quantities_are_not_mixed() -> None:
    for h in hotspots.load_hotspots():
        unit, spectral = hotspots.QUANTITY_UNITS[h.quantity]
        assert h.unit == unit
        assert (h.wavelength_um is not None) == spectral
        assert (h.power_gw is not None) == (h.quantity == "total_power")


def test_loki_patera_total_power_is_veeder_2011_value() -> None:
    (loki,) = [h for h in hotspots.load_hotspots() if h.gazetteer_feature == "Loki Patera"]
    # Veeder et al. 2011, Icarus 212, 236-261: "Loki Patera alone yields ~1e13 W".
    assert loki.power_gw == pytest.approx(1e13 / 1e9) and loki.value_qualifier == "~"
    patera = features.find_feature("io", "Loki Patera")
    assert (loki.lat_deg, loki.lon_east_deg) == (patera.lat_deg, patera.lon_east_deg)


def test_jwst_v1_lies_north_east_of_seth_patera_as_the_paper_says() -> None:
    # Sanchez-Bermudez et al. 2025 (MNRAS): V1 at 129.4 W, 1.5 S, "north-east of Seth Patera".
    (v1,) = [h for h in hotspots.load_hotspots() if h.hotspot_id == "sanchezbermudez2025-v1"]
    seth = features.find_feature("io", "Seth Patera")
    assert v1.lon_west_deg == pytest.approx(129.4)
    assert v1.lat_deg > seth.lat_deg  # north
    assert 0 < seth.lon_west_deg - v1.lon_west_deg < 10  # east (smaller west longitude), nearby
    assert v1.power_gw is None and v1.wavelength_um == 4.3


def test_links_between_catalogues_are_symmetric() -> None:
    by_id = {h.hotspot_id: h for h in hotspots.load_hotspots()}
    for h in by_id.values():
        for other in h.same_volcano_rows:
            assert h.hotspot_id in by_id[other].same_volcano_rows
            assert by_id[other].catalogue != h.catalogue


def test_rows_are_json_ready_and_carry_sources() -> None:
    rows = hotspots.hotspot_rows()
    assert len(rows) == len(hotspots.load_hotspots())
    assert all(r["source"] and r["catalogue"] for r in rows)
    json.dumps(rows)
    assert hotspots.catalogues() == tuple(sorted({r["catalogue"] for r in rows}))


HEADER = ("hotspot_id,volcano,gazetteer_feature,lat_deg,lon_east_deg,position_source,quantity,"
          "value,unit,wavelength_um,value_qualifier,uncertainty,epoch,instrument,catalogue,"
          "same_volcano_rows,notes,source,source_url\n")
ROW = ("a,Loki,Loki Patera,13,51,pos,total_power,10000,GW,,~,,,i,Cat A,{links},,src,"
       "https://example.org\n")


@pytest.mark.parametrize(("content", "says"), [
    (HEADER + ROW.format(links="").replace(",GW,", ",GW/um/sr,"), "must be given in GW"),
    (HEADER + ROW.format(links="").replace(",GW,,", ",GW,4.8,"), "takes no wavelength_um"),
    (HEADER + ROW.format(links="").replace("total_power", "brightness"), "quantity"),
    (HEADER + ROW.format(links="b"), "links to missing"),
    (HEADER.replace(",source,", ",") + ROW.format(links=""), "lacks the column"),
])
def test_corrupt_hotspot_table_gives_one_warning(tmp_path, content: str, says: str) -> None:
    path = tmp_path / "io_hotspots.csv"
    path.write_text(content, encoding="utf-8")
    loaded = hotspots.load_hotspots(path)
    assert loaded.items == () and says in loaded.warning and "\n" not in loaded.warning
    assert hotspots.hotspot_rows(path) == []


def test_missing_hotspot_table(tmp_path) -> None:
    loaded = hotspots.load_hotspots(tmp_path / "none.csv")
    assert loaded.items == () and "missing" in loaded.warning


def _row(hotspot_id: str) -> hotspots.Hotspot:
    (row,) = [h for h in hotspots.load_hotspots() if h.hotspot_id == hotspot_id]
    return row


def test_august_2013_outbursts_are_where_and_as_strong_as_de_pater_2014_says() -> None:
    # de Pater et al. 2014, Icarus 242, 365 (abstract): Rarog "near 305 W, 42 S ... a total
    # thermal emission of nearly 8 TW"; Heno "~310 W and ~57 S ... ~5-6 TW".
    rarog, heno = _row("depater2014-rarog"), _row("depater2014-heno")
    assert (rarog.lon_west_deg, rarog.lat_deg) == (pytest.approx(305.0), -42.0)
    assert rarog.power_gw == pytest.approx(8_000.0) and rarog.value_qualifier == "~"
    assert (heno.lon_west_deg, heno.lat_deg) == (pytest.approx(310.0), -57.0)
    assert heno.power_gw - heno.uncertainty == pytest.approx(5_000.0)
    assert heno.power_gw + heno.uncertainty == pytest.approx(6_000.0)
    # Both lie on the Gazetteer paterae they are named after (within the ~2 deg the
    # abstract's rounded positions allow).
    for row in (rarog, heno):
        patera = features.find_feature("io", row.gazetteer_feature)
        assert abs(row.lat_deg - patera.lat_deg) < 2.0
        assert abs(row.lon_east_deg - patera.lon_east_deg) < 2.0


def test_201308c_is_a_lower_bound_at_its_published_position() -> None:
    # de Kleer et al. 2014, Icarus 242, 352 (abstract): "223.5 +/- 2.6 W, 29.1 +/- 1.8 N.
    # Emitting between 15 and >25 TW".
    row = _row("dekleer2014-201308c")
    assert (row.lon_west_deg, row.lat_deg) == (pytest.approx(223.5), 29.1)
    assert row.power_gw == pytest.approx(15_000.0) and row.value_qualifier == ">"


def test_surt_2001_is_the_most_powerful_row_and_lies_at_surt() -> None:
    # Marchis et al. 2002, Icarus 160, 124 (Science 298:1849 summary): "about 8 x 10^13 W";
    # position 41 +/- 4 N, 340 +/- 4 W (Marchis et al. 2001, DPS abstract 17.02).
    surt = _row("marchis2002-surt")
    assert surt.power_gw == pytest.approx(8e13 / 1e9)
    assert (surt.lon_west_deg, surt.lat_deg) == (pytest.approx(340.0), 41.0)
    gazetteer = features.find_feature("io", "Surt")
    assert abs(surt.lat_deg - gazetteer.lat_deg) <= 4.5  # the published +/- 4 deg
    assert abs(surt.lon_east_deg - gazetteer.lon_east_deg) <= 4.0
    powers = [h.power_gw for h in hotspots.load_hotspots() if h.power_gw is not None]
    assert max(powers) == surt.power_gw


def test_every_catalogue_is_named_once_with_one_source() -> None:
    by_catalogue: dict[str, set[str]] = {}
    for h in hotspots.load_hotspots():
        by_catalogue.setdefault(h.catalogue, set()).add(h.source)
    assert len(by_catalogue) >= 5
    assert all(len(sources) == 1 for sources in by_catalogue.values()), by_catalogue
