"""View > Sky in the real window (Xvfb): the toggles change what is drawn and are remembered
by the next window; a click on a star names it in the status bar."""

from __future__ import annotations

import os

import numpy as np
import pytest

if not os.environ.get("DISPLAY"):
    pytest.skip("GUI tests need an X display: run the suite under xvfb-run (README Quick start)",
                allow_module_level=True)

from PySide6.QtCore import QPoint, Qt  # noqa: E402

from perijove.render.sky import (  # noqa: E402
    epoch_tdb_s,
    hidden_by_globes,
    project_directions,
    star_look,
)
from tests.gui.windows import open_window  # noqa: E402


def sky_pixels(w) -> np.ndarray:  # noqa: ANN001
    """The frame's brightest channel, with everything but the sky's spots (bodies, lines and
    labels are few pixels in the overview) left in."""
    w.vtk_widget.GetRenderWindow().Render()
    return w.viewport.capture_rgb().max(axis=2)


def test_sky_toggles_change_the_view_and_are_remembered(qtbot) -> None:  # noqa: ANN001
    w = open_window(qtbot)
    try:
        assert w.session.options.stars and w.session.options.milky_way
        assert not w.session.options.star_names
        with_sky = sky_pixels(w)
        w.sky_actions["stars"].setChecked(False)
        w.sky_actions["milky_way"].setChecked(False)
        assert not w.session.options.stars and not w.session.options.milky_way
        black = sky_pixels(w)
        # Stars and glow lit a good part of the frame; without them the sky is the clear colour.
        assert (with_sky > 12).mean() > 5 * (black > 12).mean()
        w.sky_actions["star_names"].setChecked(True)
        w.milky_way_actions[4.0].trigger()
        assert w.session.options.milky_way_brightness == 4.0
        assert not any("Hipparcos" in line for line in w.session.credits())
    finally:
        w.shutdown()
    again = open_window(qtbot)
    try:
        opts = again.session.options
        assert (opts.stars, opts.milky_way, opts.star_names) == (False, False, True)
        assert opts.milky_way_brightness == 4.0
        assert not again.sky_actions["stars"].isChecked()
        assert again.milky_way_actions[4.0].isChecked()
    finally:
        again.shutdown()


def test_a_click_on_a_star_names_it(qtbot) -> None:  # noqa: ANN001
    w = open_window(qtbot)
    try:
        w.vtk_widget.GetRenderWindow().Render()
        camera = w.viewport.last_camera
        size = w.viewport.size_px()
        state = w.session.state()
        look = star_look(w.session.options.limiting_mag, w.session.options.star_exposure_ev)
        d = look.stars.directions_icrf(epoch_tdb_s(state.t_tdb_s))
        xy, visible = project_directions(camera, d, size)
        inside = visible & (xy[:, 0] > 40) & (xy[:, 0] < size[0] - 40) & (xy[:, 1] > 40) & \
            (xy[:, 1] < size[1] - 40) & ~hidden_by_globes(state, camera, d)
        i = int(np.flatnonzero(inside)[0])  # the brightest star in view
        hip, v = int(look.stars.hip[i]), float(look.stars.v_mag[i])
        ratio = w.vtk_widget.devicePixelRatioF()
        pos = QPoint(int(xy[i, 0] / ratio), int(xy[i, 1] / ratio))
        with qtbot.waitSignal(w.viewport.star_picked, timeout=3000) as blocker:
            qtbot.mouseClick(w.vtk_widget, Qt.LeftButton, pos=pos)
        text = blocker.args[0]
        assert f"HIP {hip}" in text and f"V {v:.2f}" in text
        assert text in w.statusBar().currentMessage()
        # Empty sky (no drawn star within 20 px) names nothing.
        shown = xy[visible]
        grid = np.stack(np.meshgrid(np.arange(50, size[0] - 50, 25.0),
                                    np.arange(50, size[1] - 50, 25.0)), -1).reshape(-1, 2)
        gaps = np.min(np.hypot(*(grid[:, None, :] - shown[None, :, :]).transpose(2, 0, 1)),
                      axis=1)
        empty = grid[np.argmax(gaps)]
        assert gaps.max() > 20
        assert w.viewport.star_under(*empty) is None
    finally:
        w.shutdown()


def test_dome_preview_letterbox_stays_black(qtbot) -> None:  # noqa: ANN001
    """The dome preview draws the sky inside its frame; the window's own sky does not show in
    the bars around it."""
    from perijove.scene.projection import Fisheye

    w = open_window(qtbot)
    try:
        w.set_projection(Fisheye(180.0, 0.0))
        img = sky_pixels(w)
        h, wd = img.shape
        side = min(h, wd)
        bars = np.concatenate([img[:(h - side) // 2].ravel(), img[h - (h - side) // 2:].ravel(),
                               img[:, :(wd - side) // 2].ravel(),
                               img[:, wd - (wd - side) // 2:].ravel()])
        assert bars.size > 100 and bars.max() <= 3
        assert (img > 12).mean() > 0.02  # the preview's own stars and glow
    finally:
        w.shutdown()


def test_a_click_on_a_star_in_the_dome_preview_names_it(qtbot) -> None:  # noqa: ANN001
    """Clicks reach the dome preview's frame through its letterbox: the star drawn under the
    pointer is the one named."""
    from perijove.render.letterbox import letterbox_scale, window_to_image_px
    from perijove.scene.projection import Fisheye

    w = open_window(qtbot)
    try:
        w.set_projection(Fisheye(180.0, 0.0))
        w.vtk_widget.GetRenderWindow().Render()
        camera = w.viewport.last_camera
        size = w.viewport.size_px()
        frame = w.viewport.preview.size_px
        state = w.session.state()
        look = star_look(w.session.options.limiting_mag, w.session.options.star_exposure_ev)
        d = look.stars.directions_icrf(epoch_tdb_s(state.t_tdb_s))
        xy, visible = project_directions(camera, d, frame)
        r = np.hypot(xy[:, 0] - frame[0] / 2, xy[:, 1] - frame[1] / 2)
        inside = visible & (r < 0.4 * frame[0]) & ~hidden_by_globes(state, camera, d)
        i = int(np.flatnonzero(inside)[0])  # the brightest star well inside the dome
        scale = letterbox_scale(frame, size)
        x = (xy[i, 0] - frame[0] / 2) * scale + size[0] / 2
        y = (xy[i, 1] - frame[1] / 2) * scale + size[1] / 2
        at = window_to_image_px(x, y, frame, size)
        assert at is not None and np.hypot(at[0] - xy[i, 0], at[1] - xy[i, 1]) < 1e-6
        ratio = w.vtk_widget.devicePixelRatioF()
        with qtbot.waitSignal(w.viewport.star_picked, timeout=3000) as blocker:
            qtbot.mouseClick(w.vtk_widget, Qt.LeftButton, pos=QPoint(int(x / ratio),
                                                                     int(y / ratio)))
        assert f"HIP {int(look.stars.hip[i])}" in blocker.args[0]
        # The bars beside the dome show nothing to pick.
        assert w.viewport.frame_point(2.0, size[1] / 2) is None or size[0] <= size[1]
    finally:
        w.shutdown()
