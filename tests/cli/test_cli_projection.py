"""Projections on the command line: dome masters and 360 frames from `screenshot` and
`export`, `--look`, `--hide`, and one-line errors for every bad value."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tests.cli.test_cli_render import run_headless
from tests.conftest import cli_mistake

T = "2023-12-30T08:36:00Z"


def test_dome_master_screenshot(tmp_path) -> None:
    out = tmp_path / "dome.png"
    r = run_headless("screenshot", "--time", T, "--focus", "jupiter", "--distance", "900000",
                     "--projection", "fisheye", "--fov", "180", "--tilt", "20",
                     "--size", "512x512", "--out", str(out))
    assert r.returncode == 0, r.stderr
    with Image.open(out) as im:
        img = np.asarray(im.convert("RGB"), dtype=float)
    assert img.shape == (512, 512, 3)
    # Outside the dome's circle the frame is black; inside, Jupiter is drawn where the view
    # axis appears: 20 deg toward the front (the bottom) of a 180-degree dome, i.e. 256 *
    # 20 / 90 = 57 px below the centre.
    assert img[:12, :12].max() == 0 and img[-12:, -12:].max() == 0
    lum = img.mean(axis=2)
    assert lum[313 - 4:313 + 5, 256 - 4:256 + 5].mean() > 60
    assert lum[256 - 4:256 + 5, 256 - 4:256 + 5].mean() < 10


def test_equirect_screenshot_and_look(tmp_path) -> None:
    out = tmp_path / "sky.png"
    r = run_headless("screenshot", "--time", T, "--focus", "io", "--distance", "20000",
                     "--look", "83.8,-5.4", "--projection", "equirect", "--size", "512x256",
                     "--hide", "orbits,labels", "--no-stars", "--out", str(out))
    assert r.returncode == 0, r.stderr
    with Image.open(out) as im:
        img = np.asarray(im.convert("RGB"), dtype=float)
    # Io (1,821 km at 20,000 km: a disc of 7 px radius at 1.42 px a degree) is where the view
    # axis points: the centre of the 360 frame.
    lum = img.mean(axis=2)
    assert lum[124:133, 252:261].max() > 80
    assert lum[:, :100].max() < 10  # nothing drawn 180 deg away (the sky turned off)


def test_dome_export_png_frames(tmp_path) -> None:
    out = tmp_path / "dome"
    r = run_headless("export", "--flyby", "PJ57-Io", "--duration", "0.5", "--fps", "4",
                     "--projection", "fisheye", "--size", "256x256", "--format", "png",
                     "--out", str(out))
    assert r.returncode == 0, r.stderr
    frames = sorted(out.glob("frame_*.png"))
    assert len(frames) == 2
    with Image.open(frames[0]) as im:
        assert im.size == (256, 256)
    assert "fisheye" in (out / "credits.txt").read_text()


@pytest.mark.parametrize("args,needle", [
    (("--projection", "mercator"), "unknown projection 'mercator'"),
    (("--projection", "fisheye", "--fov", "0.5", "--size", "256x256"), "outside 1-360"),
    (("--projection", "fisheye", "--fov", "400", "--size", "256x256"), "outside 1-360"),
    (("--projection", "fisheye", "--tilt", "95", "--size", "256x256"), "--tilt 95"),
    (("--projection", "fisheye", "--size", "320x200"), "is not; e.g. 2048x2048"),
    (("--projection", "equirect", "--size", "300x200"), "twice as wide"),
    (("--look", "400,10"), "right ascension 400"),
    (("--look", "10,-95"), "declination -95"),
    (("--look", "east"), "is not RA,DEC"),
    (("--hide", "orbits,planets"), "unknown layer 'planets'"),
])
def test_bad_projection_values_one_line_exit_2(args, needle, tmp_path) -> None:
    for command in ("screenshot", "export"):
        out = tmp_path / ("x.png" if command == "screenshot" else "x.mp4")
        base = ["--time", T, "--focus", "io"] if command == "screenshot" else [
            "--flyby", "PJ57-Io", "--duration", "0.5", "--fps", "2"]
        if command == "export" and args[0] == "--look":
            continue  # --look is a screenshot option
        r = cli_mistake(command, *base, *args, "--out", str(out))
        assert r.returncode == 2, (command, r.stderr)
        assert needle in r.stderr and "Traceback" not in r.stderr, (command, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert not list(tmp_path.iterdir())
