"""Feature cards and View > Features in the real window under Xvfb: a click on a named feature
or a hot spot opens its card (name, type, position with its convention, size, power, Juno's
notes, links to every source); the menu turns features on and off per body and per type."""

from __future__ import annotations

import os

import numpy as np
import pytest

if not os.environ.get("DISPLAY"):
    pytest.skip("GUI tests need an X display: run the suite under xvfb-run (README Quick start)",
                allow_module_level=True)

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from perijove.catalogs.features import find_feature  # noqa: E402
from perijove.core.bodies import IO  # noqa: E402
from perijove.gui.dialogs.feature_card import (  # noqa: E402
    feature_card_html,
    hotspot_card_html,
)
from perijove.scene.camera_modes import BodyMode  # noqa: E402
from tests.gui.windows import open_window  # noqa: E402


@pytest.fixture
def window(qtbot):
    w = open_window(qtbot)
    yield w
    w.shutdown()


def test_loki_patera_card_says_what_where_how_big_how_hot_and_what_juno_saw() -> None:
    text = feature_card_html("io", "Loki Patera")
    # Gazetteer feature 3459: 13.0083 N, 51.2136 E, 226.575 km (assets/features/io.csv).
    assert "<h3>Loki Patera</h3>" in text and "Patera on Io" in text
    assert "13.01° N, 51.21° E (308.79° W)" in text and "east-positive" in text
    assert "227 km across" in text
    # Veeder et al. 2011: "Loki Patera alone yields ~1e13 W".
    assert "about 10,000 GW total radiant power" in text and "Veeder et al. 2011" in text
    # Juno's notes with their sources (assets/feature_notes.csv), and the Gazetteer page.
    assert "PJ57, PJ58" in text and 'href="https://arxiv.org/abs/2410.10686"' in text
    assert 'href="https://planetarynames.wr.usgs.gov/Feature/3459"' in text


def test_an_eruptive_centre_without_a_published_size_says_so() -> None:
    assert "no size published in the Gazetteer" in feature_card_html("io", "Pele")


def test_hotspot_cards_never_call_a_spectral_value_a_power() -> None:
    v1 = hotspot_card_html("sanchezbermudez2025-v1")
    assert "33 GW/um ± 4.3 GW/um spectral intensity at 4.3 µm (a value at one wavelength, " \
        "not a total power)" in v1
    assert "1.50° S, 230.60° E (129.40° W)" in v1
    surt = hotspot_card_html("marchis2002-surt")
    assert "about 80,000 GW total radiant power" in surt and "On Surt" in surt
    assert 'href="https://science.sciencemag.org/content/298/5600/1849.3.full"' in surt


def test_unknown_names_give_a_sentence_not_an_error() -> None:
    assert "No feature called Nowhere" in feature_card_html("io", "Nowhere")
    assert "No hot spot nope" in hotspot_card_html("nope")


def test_view_features_menu_toggles_per_body_and_type(window) -> None:
    actions = window.feature_actions
    assert {"features", "hotspots", "infrared", "io", "io:patera", "europa:crater"} <= set(actions)
    actions["features"].setChecked(True)
    assert window.session.options.features
    actions["io:patera"].setChecked(False)
    assert not window.session.options.shows_features("io", "patera")
    assert window.session.options.shows_features("io", "mons")
    actions["europa"].setChecked(False)
    assert not window.session.options.shows_features("europa")
    actions["infrared"].setChecked(True)
    assert window.session.options.infrared


def _point(window, x_px: float, y_px: float) -> QPoint:
    ratio = window.vtk_widget.devicePixelRatioF()
    return QPoint(int(round(x_px / ratio)), int(round(y_px / ratio)))


def test_clicking_loki_patera_opens_its_card(window, qtbot) -> None:
    window.feature_actions["features"].setChecked(True)
    window.feature_actions["hotspots"].setChecked(True)
    state = window.session.state()
    loki = find_feature("io", "Loki Patera")
    direction = state.bodies["io"].body_to_icrf @ loki.unit_vector()
    window.session.set_camera_mode(BodyMode(body="io", distance_km=IO.max_radius_km + 6000.0,
                                            direction=direction))
    window.vtk_widget.GetRenderWindow().Render()
    picks = {p.key: p for p in window.viewport.picks}
    assert "feature:io:Loki Patera" in picks and "veeder2011-loki-patera" in picks
    # Looking straight down on Loki: it is at the centre of the view.
    x, y = picks["feature:io:Loki Patera"].anchor_px
    w, h = window.viewport.size_px()
    assert np.hypot(x - w / 2, y - h / 2) < 3
    # A click on its label opens Loki Patera's card (a label wins over the hot spot beneath).
    box = picks["feature:io:Loki Patera"].box
    assert box is not None
    QTest.mouseClick(window.vtk_widget, Qt.LeftButton, Qt.NoModifier,
                     _point(window, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2))
    qtbot.waitUntil(lambda: window.feature_card is not None and window.feature_card.isVisible(),
                    timeout=3000)
    assert "Loki Patera" in window.feature_card.label.text()
    window.feature_card.close()
    # A click on the dot itself, where Veeder et al.'s hot spot lies too (their position is
    # the Gazetteer's centre), opens the hot spot's card, which names the feature.
    QTest.mouseClick(window.vtk_widget, Qt.LeftButton, Qt.NoModifier, _point(window, x, y))
    qtbot.waitUntil(lambda: "Veeder et al. 2011" in window.feature_card.label.text(),
                    timeout=3000)
    assert "On Loki Patera" in window.feature_card.label.text()
    # A drag is not a click: no card.
    window.feature_card = None
    QTest.mousePress(window.vtk_widget, Qt.LeftButton, Qt.NoModifier, _point(window, x, y))
    QTest.mouseMove(window.vtk_widget, _point(window, x + 40, y))
    QTest.mouseRelease(window.vtk_widget, Qt.LeftButton, Qt.NoModifier,
                       _point(window, x + 40, y))
    assert window.feature_card is None


def test_about_credits_the_gazetteer_and_every_hotspot_catalogue(window) -> None:
    window.show_about()
    box = window.findChild(QMessageBox, "aboutBox")
    text = box.text()
    assert "Gazetteer of Planetary Nomenclature" in text
    for catalogue in ("Veeder et al. 2011", "Marchis et al. 2002", "de Pater et al. 2014",
                      "de Kleer et al. 2014", "Sanchez-Bermudez et al. 2025"):
        assert catalogue in text
    box.close()
