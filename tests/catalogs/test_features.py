"""Named-feature tables of the Galilean moons: content, conventions, positions, failure modes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from perijove.catalogs import features
from perijove.catalogs.surface_position import lon_east_from_west_deg, surface_unit_vector
from perijove.catalogs.tables import assets_dir

# Features per body in the shipped tables (Gazetteer via Stellarium's shapefile copy).
EXPECTED_COUNTS = {"io": 224, "europa": 121, "ganymede": 196, "callisto": 154}


def _angle_deg(a: float, b: float) -> float:
    """Smallest difference between two longitudes, degrees."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


@pytest.mark.parametrize("body", features.BODIES)
def test_every_row_loads_with_a_source_and_a_gazetteer_link(body: str) -> None:
    loaded = features.load_features(body)
    assert loaded.warning is None
    assert len(loaded) == EXPECTED_COUNTS[body]
    for f in loaded:
        assert f.source and f"/Feature/{f.feature_id}" in f.source, f.name
        assert f.source_coordinates


@pytest.mark.parametrize("body", features.BODIES)
def test_no_name_twice_and_positions_in_range(body: str) -> None:
    items = features.load_features(body).items
    names = [f.name.casefold() for f in items]
    assert len(names) == len(set(names))
    ids = [f.feature_id for f in items]
    assert len(ids) == len(set(ids))
    for f in items:
        assert -90.0 <= f.lat_deg <= 90.0, f.name
        assert 0.0 <= f.lon_east_deg < 360.0, f.name
        assert f.diameter_km is None or f.diameter_km > 0.0, f.name
        assert math.isclose((f.lon_east_deg + f.lon_west_deg) % 360.0, 0.0, abs_tol=1e-9)


def test_conventions_are_documented_in_tables_and_module() -> None:
    for body in features.BODIES:
        header = [line for line in (assets_dir() / "features" / f"{body}.csv")
                  .read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        text = " ".join(header)
        assert "planetocentric" in text and "+East" in text and "+West" in text
    assert "planetocentric" in features.COORDINATE_CONVENTION
    assert "east-positive" in features.COORDINATE_CONVENTION
    row = features.feature_rows("io")[0]
    assert row["coordinate_convention"] == features.COORDINATE_CONVENTION


# Published positions. West longitudes are converted with 360 - west.
@pytest.mark.parametrize(("body", "name", "lat_deg", "lon_west", "tol_deg"), [
    # Gazetteer web page of Surya Patera (https://planetarynames.wr.usgs.gov/Feature/5774, read
    # via a stored copy): centre 21.53 N, 151.36 W (Planetographic, +West), diameter 55.77 km. Same
    # Gazetteer, different copy: checks the transcription and the east/west conversion.
    ("io", "Surya Patera", 21.53, 151.36, 0.01),
    # Independent: Rathbun, Johnson & Spencer, LPSC XXXIV (2003) abstract 1375: Loki Patera "located
    # at approximately 10 N 310 W" (ground-based occultation work).
    ("io", "Loki Patera", 10.0, 310.0, 3.5),
    # Wikipedia "Prometheus (volcano)" (2008 text, citing the 2008 Gazetteer release):
    # 1.52 S, 153.94 W; an older Gazetteer release than the copy shipped.
    ("io", "Prometheus", -1.52, 153.94, 0.02),
    # Independent: NASA/JPL Galileo caption "Pwyll Crater on Europa"
    # (https://europa.nasa.gov/resources/104/pwyll-crater-on-europa/): 26 S, 271 W.
    ("europa", "Pwyll", -26.0, 271.0, 1.5),
    # Independent: NASA/JPL PIA00516 "Callisto's Valhalla impact structure": the central zone
    # imaged on 4 Nov 1996 is centred at 16 N, 55 W.
    ("callisto", "Valhalla", 16.0, 55.0, 2.0),
    # Independent: NASA/JPL PIA01088 "Nergal Crater on Ganymede": at 39 degrees latitude and
    # 201 degrees longitude (west, the Galileo-era convention).
    ("ganymede", "Nergal", 39.0, 201.0, 1.0),
])
def test_known_features_at_published_positions(body: str, name: str, lat_deg: float,
                                                lon_west: float, tol_deg: float) -> None:
    feature = features.find_feature(body, name)
    assert feature is not None, name
    assert abs(feature.lat_deg - lat_deg) <= tol_deg
    assert _angle_deg(feature.lon_east_deg, lon_east_from_west_deg(lon_west)) <= tol_deg
    assert _angle_deg(feature.lon_west_deg, lon_west) <= tol_deg


def test_surya_patera_diameter_matches_the_gazetteer_page() -> None:
    # https://planetarynames.wr.usgs.gov/Feature/5774: diameter 55.77 km (second control network).
    assert features.find_feature("io", "surya patera").diameter_km == pytest.approx(55.77, abs=0.01)


def test_east_longitude_runs_counter_clockwise_seen_from_north() -> None:
    assert np.allclose(surface_unit_vector(0.0, 0.0), [1.0, 0.0, 0.0])
    assert np.allclose(surface_unit_vector(0.0, 90.0), [0.0, 1.0, 0.0])
    assert np.allclose(surface_unit_vector(90.0, 123.0), [0.0, 0.0, 1.0])
    assert np.allclose(surface_unit_vector(-90.0, 0.0), [0.0, 0.0, -1.0])
    # Pele (255.3 W = 104.7 E) lies in the +y half, Prometheus (153.9 W = 206.1 E) in the -y half.
    assert features.find_feature("io", "Pele").unit_vector()[1] > 0.9
    assert features.find_feature("io", "Prometheus").unit_vector()[1] < -0.4


@pytest.mark.parametrize("body", features.BODIES)
def test_unit_vectors_are_unit_and_match_latitude(body: str) -> None:
    for f in features.load_features(body):
        v = f.unit_vector()
        assert np.linalg.norm(v) == pytest.approx(1.0, abs=1e-12)
        assert math.degrees(math.asin(v[2])) == pytest.approx(f.lat_deg, abs=1e-9)


def test_filter_by_type_name_or_code() -> None:
    paterae = features.load_features("io", "patera")
    assert len(paterae) == 144 and all(f.type_code == "PE" for f in paterae)
    assert features.load_features("io", "ER").items == features.load_features(
        "io", "Eruptive Center").items
    assert {f.name for f in features.load_features("callisto", "large ringed feature")} == {
        "Adlinda", "Asgard", "Utgard", "Valhalla"}


def test_unknown_body_and_type_are_one_line_value_errors() -> None:
    with pytest.raises(ValueError, match=r"unknown body 'Titan'; choose one of: io, europa, "
                                         r"ganymede, callisto$"):
        features.load_features("Titan")
    with pytest.raises(ValueError) as info:
        features.load_features("io", "sulcus")
    message = str(info.value)
    assert "\n" not in message and "'sulcus'" in message and "patera" in message
    with pytest.raises(ValueError, match="unknown body"):
        features.feature_types("pluto")
    with pytest.raises(ValueError, match="unknown body"):
        features.feature_rows("mars")


def test_missing_table_gives_one_warning_and_nothing(tmp_path) -> None:
    loaded = features.load_features("io", directory=tmp_path)
    assert loaded.items == () and "io.csv" in loaded.warning and "missing" in loaded.warning
    assert "\n" not in loaded.warning
    assert features.feature_rows("io", directory=tmp_path) == []
    assert features.feature_types("io", directory=tmp_path) == ()
    # a type filter on a missing table still returns the warning, not an error
    assert features.load_features("io", "patera", directory=tmp_path).warning == loaded.warning


GOOD_HEADER = ("feature_id,name,feature_type,type_code,lat_deg,lon_east_deg,diameter_km,"
               "approval_status,approval_date,source_coordinates,source\n")
GOOD_ROW = "3459,Loki Patera,patera,PE,13.0083,51.2136,226.575,,,shapefile,Gazetteer\n"


@pytest.mark.parametrize(("content", "says"), [
    (GOOD_HEADER.replace(",lat_deg", "") + GOOD_ROW, "lacks the column"),
    (GOOD_HEADER + GOOD_ROW.replace("13.0083", "95"), "lat_deg 95"),
    (GOOD_HEADER + GOOD_ROW.replace("51.2136", "east"), "not a number"),
    (GOOD_HEADER + GOOD_ROW.replace(",PE,", ",ZZ,"), "type_code"),
    (GOOD_HEADER + GOOD_ROW + GOOD_ROW.replace("3459", "3460"), "twice"),
    (GOOD_HEADER + "3459,Loki Patera\n", "number of cells"),
    (GOOD_HEADER + GOOD_ROW.replace(",Gazetteer", ","), "source is empty"),
])
def test_corrupt_table_gives_one_warning_and_nothing(tmp_path, content: str, says: str) -> None:
    (tmp_path / "io.csv").write_text(content, encoding="utf-8")
    loaded = features.load_features("io", directory=tmp_path)
    assert loaded.items == ()
    assert says in loaded.warning and str(tmp_path / "io.csv") in loaded.warning
    assert "\n" not in loaded.warning


def test_binary_garbage_table_gives_a_warning(tmp_path) -> None:
    (tmp_path / "europa.csv").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00garbage")
    loaded = features.load_features("europa", directory=tmp_path)
    assert loaded.items == () and "europa.csv" in loaded.warning and "\n" not in loaded.warning


def test_a_good_minimal_table_loads_from_another_folder(tmp_path) -> None:
    (tmp_path / "io.csv").write_text("# comment\n" + GOOD_HEADER + GOOD_ROW, encoding="utf-8")
    (loki,) = features.load_features("io", directory=tmp_path).items
    assert loki.lon_west_deg == pytest.approx(308.7864)


def test_rows_are_json_ready() -> None:
    import json

    rows = features.feature_rows("europa", "linea")
    assert len(rows) == 45
    text = json.dumps(rows)
    assert "https://planetarynames.wr.usgs.gov/Feature/" in text
    assert set(rows[0]) >= {"name", "lat_deg", "lon_east_deg", "lon_west_deg", "diameter_km",
                            "feature_type", "approval_status", "approval_date", "source"}
