"""`perijove features BODY` and `perijove hotspots` list the tables with their sources; bad
input is one line and exit 2; `screenshot` and `export` take --features and --infrared, and
exports credit the Gazetteer and the hot-spot catalogues in their metadata."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from PIL import Image

from perijove.catalogs import features, hotspots
from perijove.cli import main
from perijove.core.timescale import parse_utc
from perijove.export.frames import export_metadata, session_for
from perijove.export.settings import ExportSettings
from perijove.scene.options import ViewOptions
from perijove.scene.projection import Perspective
from tests.cli.test_cli_render import run_headless
from tests.conftest import run_cli


def test_features_csv_lists_every_io_feature_with_its_source() -> None:
    r = run_cli("features", "io")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == len(features.load_features("io"))
    loki = next(row for row in rows if row["name"] == "Loki Patera")
    # Gazetteer feature 3459: 13.0083 N, 51.2136 E (308.7864 W), 226.575 km.
    assert (loki["lat_deg"], loki["lon_east_deg"], loki["lon_west_deg"]) == (
        "13.0083", "51.2136", "308.7864")
    assert loki["gazetteer_url"].endswith("/Feature/3459")
    assert all(row["source"].startswith("IAU/USGS Gazetteer") for row in rows)
    assert all("east-positive" in row["coordinate_convention"] for row in rows)


def test_features_by_type_name_or_code_as_json() -> None:
    r = run_cli("features", "Europa", "--type", "AA", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows and all(row["feature_type"] == "crater" for row in rows)
    assert "Pwyll" in [row["name"] for row in rows]
    r2 = run_cli("features", "europa", "--type", "crater", "--format", "json")
    assert json.loads(r2.stdout) == rows


def test_unknown_body_or_type_is_one_line_and_exit_2() -> None:
    r = run_cli("features", "mars")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == ("perijove: unknown body 'mars'; choose one of: io, europa, "
                                "ganymede, callisto")
    r = run_cli("features", "io", "--type", "volcano")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "no feature type 'volcano' on io; choose one of: eruptive center" in r.stderr


def test_hotspots_list_every_row_with_its_catalogue_and_source() -> None:
    r = run_cli("hotspots", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [row["hotspot_id"] for row in rows] == [h.hotspot_id for h in hotspots.load_hotspots()]
    assert all(row["catalogue"] and row["source"] and row["source_url"] for row in rows)
    surt = next(row for row in rows if row["hotspot_id"] == "marchis2002-surt")
    assert surt["power_gw"] == 80000.0 and surt["lon_west_deg"] == 340.0  # Marchis et al.
    r = run_cli("hotspots")
    table = list(csv.DictReader(io.StringIO(r.stdout)))
    v1 = next(row for row in table if row["hotspot_id"] == "sanchezbermudez2025-v1")
    assert v1["power_gw"] == "" and v1["quantity"] == "spectral_intensity"


def test_a_broken_table_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "io.csv").write_text("name\nLoki\n", encoding="utf-8")
    monkeypatch.setattr(features, "assets_dir", lambda: tmp_path)
    monkeypatch.setattr(hotspots, "assets_dir", lambda: tmp_path)
    features._all_features.cache_clear()
    hotspots.load_hotspots.cache_clear()
    try:
        assert main(["features", "io"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "io.csv" in err[0] and "lacks the column" in err[0]
        assert main(["hotspots"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "io_hotspots.csv is missing" in err[0]
    finally:
        features._all_features.cache_clear()
        hotspots.load_hotspots.cache_clear()


def test_screenshot_with_features_and_infrared(tmp_path) -> None:
    plain, marked = tmp_path / "plain.png", tmp_path / "marked.png"
    common = ("screenshot", "--time", "2023-12-30T08:36:00Z", "--size", "480x360", "--focus",
              "io", "--distance", "6000")
    r = run_headless(*common, "--out", str(plain))
    assert r.returncode == 0, r.stderr
    r = run_headless(*common, "--out", str(marked), "--features", "--infrared")
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr
    with Image.open(plain) as a, Image.open(marked) as b:
        pa = [c / 255 for c in a.convert("RGB").resize((1, 1)).getpixel((0, 0))]
        pb = [c / 255 for c in b.convert("RGB").resize((1, 1)).getpixel((0, 0))]
    # The infrared frame: Io dim and red where the plain one is a sunlit yellow-grey.
    assert sum(pb) < sum(pa) and pb[0] > 1.5 * pb[1]


def test_export_takes_the_flags_and_credits_the_tables(tmp_path) -> None:
    from perijove.cli import build_parser
    from perijove.cli.export import settings_from

    args = build_parser().parse_args(["export", "--flyby", "PJ57-Io", "--out",
                                      str(tmp_path / "a.mp4"), "--features", "--infrared"])
    s = settings_from(args)
    assert s.options.features and s.options.hotspots and s.options.infrared
    ca = parse_utc("2023-12-30T08:36:01Z")
    small = ExportSettings(out=Path(tmp_path / "b.mp4"), start_tdb_s=ca - 60, end_tdb_s=ca + 60,
                           duration_s=1.0, fps=4, size=(640, 360), camera="target",
                           flyby_id="PJ57-Io", projection=Perspective(35.0),
                           options=ViewOptions(features=True, hotspots=True))
    comment = export_metadata(small, session_for(small))["comment"]
    assert "Gazetteer of Planetary Nomenclature" in comment
    assert "Io hot spots: Marchis et al. 2002" in comment
    plain = ExportSettings(out=Path(tmp_path / "c.mp4"), start_tdb_s=ca - 60, end_tdb_s=ca + 60,
                           duration_s=1.0, fps=4, size=(640, 360), camera="target",
                           flyby_id="PJ57-Io", projection=Perspective(35.0))
    comment = export_metadata(plain, session_for(plain))["comment"]
    assert "Gazetteer" not in comment and "hot spots" not in comment
