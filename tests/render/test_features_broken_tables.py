"""A corrupt or missing feature or hot-spot table: one warning line each, that layer stays
off, and the frame is still made (no crash, no labels or glows from the broken table)."""

from __future__ import annotations

import argparse

import pytest

from perijove.cli.common import options_from
from perijove.core.bodies import IO
from perijove.core.timescale import parse_utc
from perijove.render.annotations import annotate
from perijove.render.layers import features as feature_layer
from perijove.render.layers import hotspots as hotspot_layer
from tests.render.offscreen import OffscreenView

T = parse_utc("2023-12-30T08:36:01Z")


@pytest.fixture
def broken_tables(tmp_path, monkeypatch):
    """Io's feature table cut mid-row, the other moons' tables missing, and no hot-spot
    table."""
    folder = tmp_path / "features"
    folder.mkdir()
    (folder / "io.csv").write_text("feature_id,name,feature_type\n3,Ababinili", encoding="utf-8")
    monkeypatch.setattr(feature_layer, "FEATURE_DIRECTORY", folder)
    monkeypatch.setattr(hotspot_layer, "HOTSPOT_TABLE", tmp_path / "io_hotspots.csv")
    return folder


def test_each_broken_table_is_one_warning_line(broken_tables) -> None:
    warnings = feature_layer.feature_warnings()
    assert len(warnings) == 4  # io corrupt; europa, ganymede, callisto missing
    assert all("\n" not in w and str(broken_tables) in w for w in warnings)
    assert "io.csv" in warnings[0]
    rows, warning = hotspot_layer.hotspot_rows()
    assert rows == () and "io_hotspots.csv is missing" in warning and "\n" not in warning


def test_a_frame_with_broken_tables_is_made_without_features_or_glows(broken_tables) -> None:
    view = OffscreenView((480, 480))
    view.options = view.options.with_(features=True, hotspots=True, infrared=True)
    view.update(T)
    io = view.state.bodies["io"]
    view.place_camera("io", IO.max_radius_km + 4_000.0, io.body_to_icrf @ [1.0, 0.0, 0.0])
    rgb = view.render()
    assert rgb.shape == (480, 480, 3) and rgb.mean() > 1.0  # Io is drawn
    ann = annotate(view.state, view.session.scene.graph, view.camera, (480, 480), "io", True,
                   view.session.maps, options=view.options)
    assert ann.picks == []
    layer = view.renderer.layer("features")
    assert not any(d.actor.GetVisibility() for d in layer.dots.values())
    assert view.renderer.layer("hotspots").actor is None


def test_the_command_line_says_each_broken_table_once(broken_tables, capsys) -> None:
    args = argparse.Namespace(hide="", features=True, infrared=True)
    options = options_from(args)
    assert options.features and options.hotspots and options.infrared
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 5 and all(line.startswith("perijove: warning: ") for line in err)
