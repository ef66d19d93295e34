"""One renderer everywhere: the window, `perijove screenshot` and `perijove export` give
identical pixels for the same time, camera mode and size."""

from __future__ import annotations

import argparse
import os

import numpy as np
import pytest
from PIL import Image

if not os.environ.get("DISPLAY"):
    pytest.skip("GUI tests need an X display: run the suite under xvfb-run (README Quick start)",
                allow_module_level=True)

from perijove.core.timescale import format_utc, parse_utc  # noqa: E402
from perijove.gui.app import build_window  # noqa: E402
from tests.cli.test_cli_render import run_headless  # noqa: E402

T = "2023-12-30T08:30:00Z"


@pytest.mark.parametrize("camera", ["target", "follow"])
def test_window_screenshot_and_export_agree(camera, qtbot, tmp_path) -> None:
    w = build_window(argparse.Namespace(time=T, kernel=[], trajectory=[], flyby="PJ57-Io"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    try:
        w.session.set_camera_mode(camera)
        w.viewport.flight = None  # no flight in progress: the mode's own camera
        win = w.vtk_widget.GetRenderWindow()
        win.Render()
        window_rgb = w.viewport.capture_rgb()
        width, height = win.GetSize()
    finally:
        w.shutdown()
    shot = tmp_path / "shot.png"
    r = run_headless("screenshot", "--flyby", "PJ57-Io", "--time", T, "--camera", camera,
                     "--size", f"{width}x{height}", "--out", str(shot))
    assert r.returncode == 0, r.stderr
    with Image.open(shot) as im:
        shot_rgb = np.asarray(im.convert("RGB"))
    frames = tmp_path / "frames"
    t = parse_utc(T)
    r = run_headless("export", "--flyby", "PJ57-Io", "--from", T, "--to",
                     format_utc(t + 60.0), "--duration", "1", "--fps", "1", "--camera", camera,
                     "--size", f"{width}x{height}", "--overlay", "none", "--out", str(frames))
    assert r.returncode == 0, r.stderr
    with Image.open(frames / "frame_00000.png") as im:
        export_rgb = np.asarray(im.convert("RGB"))
    assert window_rgb.shape == shot_rgb.shape == export_rgb.shape
    assert np.array_equal(shot_rgb, export_rgb)
    # The window draws through GLX, the CLI through EGL; both are llvmpipe (PLATFORM.md): the
    # same pixels, allowing for nothing but the odd rounding of a blended edge.
    differ = np.abs(window_rgb.astype(int) - shot_rgb.astype(int)).max(axis=2) > 2
    assert differ.mean() < 1e-4, f"{differ.sum()} pixels differ"
