"""A 360 export is marked as spherical video (Google's Spherical Video V1 box) so players
show it as a sphere; the video itself stays intact; other exports are not marked."""

from __future__ import annotations

import av

from perijove.core.timescale import parse_utc
from perijove.export.spherical import SPHERICAL_UUID, is_marked_equirectangular
from perijove.export.video import ExportSettings, run_export
from perijove.scene.projection import Equirect, Perspective

CA = parse_utc("2023-12-30T08:36:01Z")


def _export(out, projection, size):  # noqa: ANN001, ANN202
    run_export(ExportSettings(out=out, start_tdb_s=CA - 60, end_tdb_s=CA + 60, duration_s=0.5,
                              fps=4, size=size, camera="target", flyby_id="PJ57-Io",
                              projection=projection, overlays=()))
    return out


def test_equirect_mp4_is_marked_and_plays(tmp_path) -> None:
    out = _export(tmp_path / "sky.mp4", Equirect(), (256, 128))
    assert is_marked_equirectangular(out)
    data = out.read_bytes()
    assert SPHERICAL_UUID in data and b"<GSpherical:ProjectionType>equirectangular" in data
    with av.open(str(out)) as c:  # chunk offsets still right: every frame decodes
        frames = list(c.decode(video=0))
    assert len(frames) == 2 and frames[0].width == 256


def test_perspective_mp4_is_not_marked(tmp_path) -> None:
    out = _export(tmp_path / "flat.mp4", Perspective(35.0), (256, 144))
    assert not is_marked_equirectangular(out)
