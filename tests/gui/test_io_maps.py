"""The Io map switch in the window, the on-screen credit, and a bad map file."""

from __future__ import annotations

import argparse
import os

import pytest

if not os.environ.get("DISPLAY"):
    pytest.skip("GUI tests need an X display: run the suite under xvfb-run (README Quick start)",
                allow_module_level=True)

from perijove.gui.app import build_window  # noqa: E402
from perijove.scene.camera_modes import BodyMode, overview  # noqa: E402
from tests.conftest import install_io_mosaics  # noqa: E402


@pytest.fixture
def installed(tmp_path, monkeypatch):
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path))
    install_io_mosaics()
    return tmp_path


@pytest.fixture
def built(junocam_data_dir, monkeypatch):
    """The mosaics installed and the combined map already built (once for the run; the
    window only reads that folder)."""
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(junocam_data_dir))
    return junocam_data_dir


def _window(qtbot):
    w = build_window(argparse.Namespace(time=None, kernel=[], trajectory=[], flyby="PJ57-Io"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_default_map_says_so_and_offers_download(qtbot) -> None:
    w = _window(qtbot)
    try:
        assert "embedded default" in w.source_label.text()
        assert "Mission data" in w.source_label.text()
        w._fill_io_map_menu()
        texts = [a.text() for a in w.io_map_menu.actions()]
        assert any("not installed" in t for t in texts)
    finally:
        w.shutdown()


def _on_screen(w) -> str:
    w.vtk_widget.GetRenderWindow().Render()
    return "\n".join(t.text for t in w.viewport.last_texts)


def test_junocam_map_used_credited_and_switchable(built, qtbot) -> None:
    w = _window(qtbot)
    try:
        # Built by an earlier run: no build needed, the JunoCam map is used from the start.
        assert w.map_builder is None
        qtbot.waitUntil(lambda: w.session.maps["io"].label.startswith("JunoCam-updated"),
                        timeout=300_000)
        qtbot.waitUntil(lambda: w.viewport.flight is None, timeout=5000)  # camera landed
        credit = _on_screen(w)  # Io in view (moon-centred flyby camera)
        assert "JunoCam" in credit and "Jason Perry" in credit
        w._fill_io_map_menu()
        actions = {a.text(): a for a in w.io_map_menu.actions()}
        difference = next(a for t, a in actions.items() if t.startswith("What Juno changed"))
        difference.trigger()
        assert w.session.maps["io"].label.startswith("What Juno changed")
        assert "orange" in _on_screen(w) and "blue" in _on_screen(w)
        w.session.set_camera_mode(BodyMode(body="jupiter", distance_km=3e7))
        assert "JunoCam" not in _on_screen(w)  # Io far too small to see: no credit
        w.session.set_camera_mode(overview())
    finally:
        w.shutdown()


def test_bad_map_file_keeps_current_map(qtbot, tmp_path) -> None:
    w = _window(qtbot)
    try:
        before = w.session.maps["io"].path
        bad = tmp_path / "bad.jpg"
        bad.write_bytes(b"not an image")
        assert not w.load_map_file(str(bad), "io")
        assert "not a readable image" in w.statusBar().currentMessage()
        assert w.session.maps["io"].path == before and w.isVisible()
    finally:
        w.shutdown()


def test_window_stays_responsive_while_the_io_map_builds(installed, qtbot) -> None:
    import time

    from PySide6.QtCore import QTimer

    stamps: list[float] = []
    ticker = QTimer()
    ticker.setInterval(20)
    ticker.timeout.connect(lambda: stamps.append(time.perf_counter()))
    ticker.start()
    w = _window(qtbot)  # opens at once, with the embedded map, and starts the build
    try:
        assert w.map_builder is not None and w.build_progress.isVisible()
        assert w.session.maps["io"].is_default
        qtbot.waitUntil(lambda: w.session.maps["io"].label.startswith("JunoCam-updated"),
                        timeout=300_000)
        ticker.stop()
        started, built = w.io_map_build_times
        # Rendering is the window's own work (its first frames, its camera flight): a gap
        # that overlaps one of its renders is not a stall. Every other gap while the map is
        # built elsewhere must be short.
        renders = list(w.viewport.render_spans)

        def rendering(a: float, b: float) -> bool:
            return any(r0 < b and a < r1 for r0, r1 in renders)

        during = [t for t in stamps if started <= t <= built]
        gaps = [(b - a) for a, b in zip(during, during[1:], strict=False)
                if not rendering(a, b)]
        # The event loop kept turning while the map was built. An in-process build would
        # stall it for seconds; 250 ms leaves room for a busy machine's scheduler.
        assert built - started > 4.0 and len(gaps) > 50
        assert max(gaps) < 0.25, f"the event loop stalled {max(gaps) * 1000:.0f} ms"
        assert not w.build_progress.isVisible()
    finally:
        ticker.stop()
        w.shutdown()
