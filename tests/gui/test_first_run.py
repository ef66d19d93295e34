"""The first run explains itself: the window opens on PJ57 with Juno in view, a welcome card
says what is shown and how to get NASA's data, and the choices persist."""

from __future__ import annotations

import argparse
import os

import pytest

if not os.environ.get("DISPLAY"):
    pytest.skip("GUI tests need an X display: run the suite under xvfb-run (README Quick start)",
                allow_module_level=True)

from perijove.gui.app import SETTINGS_START, SETTINGS_WELCOME, build_window, settings  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_settings():
    store = settings()
    store.clear()
    store.sync()
    yield
    store.clear()
    store.sync()


def _open(qtbot):  # noqa: ANN202
    w = build_window(argparse.Namespace(time=None, kernel=[], trajectory=[], flyby=None),
                     first_run_card=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_first_run_opens_on_pj57_with_juno_in_view_and_a_welcome_card(qtbot) -> None:
    w = _open(qtbot)
    try:
        assert w.session.flyby is not None and w.session.flyby.id == "PJ57-Io"
        card = w.welcome_card
        assert card.isVisible()
        from PySide6.QtWidgets import QLabel

        text = " ".join(label.text() for label in card.findChildren(QLabel))
        assert "embedded data" in text and "Mission data" in text and "Flybys" in text
        qtbot.waitUntil(lambda: w.viewport.flight is None, timeout=5000)
        w.vtk_widget.GetRenderWindow().Render()
        camera = w.viewport.last_camera
        state = w.session.state()
        width, height = w.vtk_widget.GetRenderWindow().GetSize()
        xy, visible = camera.project(state.spacecraft["juno"].position_km, (width, height))
        assert visible[0] and 0 <= xy[0, 0] < width and 0 <= xy[0, 1] < height
        assert any(t.text == "Juno" for t in w.viewport.last_texts)
        card.start_button.click()
    finally:
        w.shutdown()
    assert settings().value(SETTINGS_START) == "flyby"


def test_today_choice_and_hidden_card_persist(qtbot) -> None:
    w = _open(qtbot)
    try:
        w.welcome_card.show_again.setChecked(False)
        w.welcome_card.today_button.click()
        assert w.session.flyby is None  # today, no flyby: one click away
    finally:
        w.shutdown()
    assert settings().value(SETTINGS_START) == "today"
    assert settings().value(SETTINGS_WELCOME) == "false"
    again = _open(qtbot)
    try:
        assert again.session.flyby is None
        assert getattr(again, "welcome_card", None) is None
    finally:
        again.shutdown()
