"""tools/rebuild_feature_tables.py on the real input formats: Gazetteer KMZ, Stellarium fab."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest

from perijove.catalogs import features
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("rebuild_feature_tables",
                                               ROOT / "tools" / "rebuild_feature_tables.py")
rebuild = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("rebuild_feature_tables", rebuild)
_spec.loader.exec_module(rebuild)

# A small KMZ in the layout of the Gazetteer's *_nomenclature_center_pts.kmz: a zip holding one
# KML 2.2 document (Schema + Placemarks with ExtendedData/SchemaData/SimpleData and a Point).
# Field names as used against the real files in public code (clean_name, link, diameter,
# center_lat, center_lon, code, type, approval, approvaldt "YYYY/MM/DD hh:mm:ss").
# Surya Patera's values are the Gazetteer's (https://planetarynames.wr.usgs.gov/Feature/5774:
# adopted 2000, 21.53 N 151.36 W, 55.77 km); the other two placemarks exercise the format only
# (their approval dates are made up for the parser and are not facts about those features).
PLACEMARK = """
<Placemark><name>{name}</name>
<ExtendedData><SchemaData schemaUrl="#IO_nomenclature_center_pts">
<SimpleData name="clean_name">{clean}</SimpleData>
<SimpleData name="link">https://planetarynames.wr.usgs.gov/Feature/{fid}</SimpleData>
<SimpleData name="diameter">{diameter}</SimpleData>
{center}
<SimpleData name="code">{code}</SimpleData>
<SimpleData name="type">{type}</SimpleData>
<SimpleData name="approval">{approval}</SimpleData>
<SimpleData name="approvaldt">{date}</SimpleData>
</SchemaData></ExtendedData>
<Point><coordinates>{lon},{lat}</coordinates></Point></Placemark>"""

KML = """<?xml version="1.0" encoding="utf-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document id="root_doc">
<Schema name="IO_nomenclature_center_pts" id="IO_nomenclature_center_pts">
<SimpleField name="clean_name" type="string"></SimpleField>
<SimpleField name="diameter" type="float"></SimpleField>
</Schema>
<Folder><name>IO_nomenclature_center_pts</name>{placemarks}</Folder></Document></kml>"""


def _center(lat: float, lon: float) -> str:
    return (f'<SimpleData name="center_lon">{lon}</SimpleData>\n'
            f'<SimpleData name="center_lat">{lat}</SimpleData>')


def _write_kmz(path: Path) -> Path:
    placemarks = [
        PLACEMARK.format(name="Surya Patera", clean="Surya Patera", fid=5774, diameter=55.7731,
                         center=_center(21.5307, 208.6447), code="PE", type="Patera, paterae",
                         approval="Adopted by IAU", date="2000", lon=-151.3553, lat=21.5307),
        # no center_lat/center_lon: the Point (east longitude in -180..180) is used
        PLACEMARK.format(name="Sêd Patera", clean="Sed Patera", fid=5807, diameter=55.1169,
                         center="", code="PE", type="Patera, paterae", approval="Adopted by IAU",
                         date="2006/08/14 00:00:00", lon=56.2752, lat=-2.9415),
        PLACEMARK.format(name="[Dropped Name]", clean="Dropped Name", fid=99999, diameter=0,
                         center=_center(0, 10), code="PE", type="Patera, paterae",
                         approval="Dropped, disallowed", date="", lon=10, lat=0),
        PLACEMARK.format(name="Pele", clean="Pele", fid=4638, diameter=0,
                         center=_center(-18.71, 104.72), code="ER", type="Eruptive center",
                         approval="Adopted by IAU", date="1979/01/01 00:00:00", lon=104.72,
                         lat=-18.71),
    ]
    kmz = path / "IO_nomenclature_center_pts.kmz"
    with zipfile.ZipFile(kmz, "w") as archive:
        archive.writestr("IO_nomenclature_center_pts.kml",
                         KML.format(placemarks="".join(placemarks)))
    return kmz


def test_kmz_rebuild_writes_a_table_the_loader_reads(tmp_path) -> None:
    kmz = _write_kmz(tmp_path)
    out = tmp_path / "features"
    assert rebuild.main(["--kmz", str(kmz), "--out", str(out)]) == 0
    loaded = features.load_features("io", directory=out)
    assert loaded.warning is None
    by_name = {f.name: f for f in loaded}
    assert set(by_name) == {"Surya Patera", "Sêd Patera", "Pele"}  # the dropped name is left out
    surya = by_name["Surya Patera"]
    assert surya.approval_status == "Adopted by IAU" and surya.approval_date == "2000"
    assert surya.lon_west_deg == pytest.approx(151.36, abs=0.01)
    assert surya.diameter_km == pytest.approx(55.77, abs=0.01)
    sed = by_name["Sêd Patera"]
    assert sed.lon_east_deg == pytest.approx(56.2752) and sed.approval_date == "2006-08-14"
    assert by_name["Pele"].diameter_km is None  # 0 in the Gazetteer: no size published
    assert "Feature/5774" in surya.source and "kmz" in surya.source_coordinates.lower()


def test_bare_kml_is_read_too(tmp_path) -> None:
    kmz = _write_kmz(tmp_path)
    kml = tmp_path / "IO_nomenclature_center_pts.kml"
    kml.write_bytes(zipfile.ZipFile(kmz).read("IO_nomenclature_center_pts.kml"))
    assert len(rebuild.read_kmz(kml)) == 3


def test_bad_downloads_exit_2_with_one_sentence(tmp_path, capsys) -> None:
    broken = tmp_path / "IO_nomenclature_center_pts.kmz"
    broken.write_bytes(b"this is not a zip file")
    assert rebuild.main(["--kmz", str(broken), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err and "IO_nomenclature" in err
    wrong_name = tmp_path / "TITAN_nomenclature_center_pts.kmz"
    wrong_name.write_bytes(b"")
    assert rebuild.main(["--kmz", str(wrong_name), "--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()


def test_shipped_tables_are_exactly_what_the_tool_makes_from_the_cited_excerpt(tmp_path) -> None:
    source = ROOT / "assets" / "features" / "sources" / "stellarium_nomenclature_galilean.fab"
    assert rebuild.main(["--fab", str(source), "--out", str(tmp_path)]) == 0
    for body in features.BODIES:
        shipped = (ROOT / "assets" / "features" / f"{body}.csv").read_text(encoding="utf-8")
        assert (tmp_path / f"{body}.csv").read_text(encoding="utf-8") == shipped, body


def test_fab_lines_of_other_bodies_are_skipped_and_bad_lines_refused(tmp_path) -> None:
    fab = tmp_path / "nomenclature.fab"
    fab.write_text('# comment\nMoon\t1\t_("Tycho","crater")\tAA\t-43.3\t348.6\t85\n'
                   'Io\t4638\t_("Pele","eruptive center")\tER\t-18.710000\t104.720000\t0\n',
                   encoding="utf-8")
    (pele,) = rebuild.read_fab(fab, "test copy")
    assert pele.body == "io" and pele.diameter_km is None and "test copy" in pele.source
    fab.write_text("Io 4638 Pele\n", encoding="utf-8")
    with pytest.raises(rebuild.InputError, match=":1: not a nomenclature.fab line"):
        rebuild.read_fab(fab, "x")
