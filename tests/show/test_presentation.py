"""Presentation mode in the real window under Xvfb (pytest-qt): a show plays through its
chapters on its own, a kiosk loops and hears only its exit chord, an error in a chapter is
survived, and the presenter's keys and the console's buttons drive the player."""

from __future__ import annotations

import os
import statistics
from pathlib import Path

import pytest

if not os.environ.get("DISPLAY"):
    pytest.skip("GUI tests need an X display: run the suite under xvfb-run (README Quick start)",
                allow_module_level=True)

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from perijove.export.show_captions import caption_items, text_box  # noqa: E402
from perijove.export.show_frames import ShowStage  # noqa: E402
from perijove.gui.presentation.app import Presentation, PresentationOptions  # noqa: E402
from perijove.scene.projection import Perspective  # noqa: E402
from perijove.session import Session  # noqa: E402
from perijove.show.player import ShowPlayer  # noqa: E402
from perijove.show.show_file import load_show  # noqa: E402
from tests.show.short_show import SHORT_SHOW_S, write_short_show  # noqa: E402

SIZE = (480, 270)


@pytest.fixture
def present(qtbot, tmp_path: Path):  # noqa: ANN201
    """make(...) -> a Presentation of the three-chapter test show, started in a small
    frameless window (or full screen with size=None); left at the end of the test."""
    made: list[Presentation] = []

    def make(kiosk: bool = False, rate: float = 1.0, playing: bool = True,
             console: bool = True, size: tuple[int, int] | None = SIZE) -> Presentation:
        show = load_show(write_short_show(tmp_path))
        player = ShowPlayer(show, kiosk=kiosk, playing=playing, rate=rate)
        session = Session(t_tdb_s=show.chapters[0].start_tdb_s, use_installed=False)
        stage = ShowStage(show, session, Perspective(35.0), size or (1920, 1080))
        stage.prepare()
        p = Presentation(player, stage, PresentationOptions(console=console, kiosk=kiosk))
        p.start(size_px=size)
        qtbot.waitExposed(p.window)
        made.append(p)
        return p

    yield make
    for p in made:
        p.leave()


def _status(p: Presentation) -> dict:
    return p.player.status()


def test_the_window_is_full_screen_with_no_chrome(present, qtbot) -> None:
    p = present(playing=False, console=False, size=None)
    screen = QGuiApplication.primaryScreen()
    qtbot.waitUntil(lambda: p.window.isFullScreen(), timeout=10_000)
    assert p.window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert p.window.geometry() == screen.geometry()
    assert p.drawer.size_px() == (screen.geometry().width(), screen.geometry().height())
    qtbot.waitUntil(lambda: p.drawer.drawn is not None, timeout=30_000)


def test_a_show_plays_through_its_chapters_on_its_own(present, qtbot) -> None:
    p = present(rate=4.0)  # a fast clock: the 12 s show in 3 s
    qtbot.waitUntil(lambda: _status(p)["show_s"] >= SHORT_SHOW_S, timeout=120_000)
    status = _status(p)
    assert status["playing"] is False and status["credits"] is True
    assert p.chapters_drawn == [0, 1, 2]  # each chapter's first frame, in order
    assert p.runner.drawn_credits
    assert len(p.drawer.frame_ms) >= 6
    assert p.runner.errors == 0
    # A chapter switch costs the frames it draws (a crossfade's first frame renders both
    # chapters), not a preparation (2 s on a quiet machine: building scenes, decoding maps).
    # The absolute figure (under 0.5 s) is measured by `perijove bench --show`; here other
    # tests and whatever else runs share the two cores (562 ms against a 130 ms median was
    # seen with a soak running beside the suite), so the bound leaves room for that.
    assert max(p.runner.switch_ms) <= 4 * statistics.median(p.drawer.picture_ms) + 1000


def test_a_kiosk_loops_hides_the_cursor_and_hears_only_its_chord(present, qtbot) -> None:
    p = present(kiosk=True, rate=6.0, console=False)
    assert QApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    qtbot.waitUntil(lambda: p.player.loops >= 2, timeout=180_000)
    drawn = p.chapters_drawn
    assert drawn[:6] == [0, 1, 2, 0, 1, 2], drawn
    # Stray input changes nothing.
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_B,
                Qt.Key.Key_Q):
        qtbot.keyClick(p.window.vtk, key)
    qtbot.mouseClick(p.window.vtk, Qt.MouseButton.LeftButton)
    p.window.close()  # the window manager's close: a kiosk stays
    status = _status(p)
    assert status["playing"] is True and status["black"] is False
    assert not p.left and p.window.isVisible()
    # The exit chord leaves.
    qtbot.keyClick(p.window.vtk, Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert p.left
    assert QApplication.overrideCursor() is None


def test_an_error_in_a_chapter_is_survived(present, qtbot) -> None:
    p = present(rate=4.0, console=False)
    view = p.stage.view
    failures = []

    def failing_view(k, t, camera):  # noqa: ANN001, ANN202
        if k == 1 and not failures:
            failures.append(t)
            raise RuntimeError("injected failure in chapter 2")
        return view(k, t, camera)

    p.stage.view = failing_view
    qtbot.waitUntil(lambda: _status(p)["show_s"] >= SHORT_SHOW_S, timeout=120_000)
    status = _status(p)
    assert failures, "the failure was never injected"
    assert status["errors"] == 1 and "injected failure" in status["last_error"]
    assert p.runner.errors == 1
    # Chapter 2 was restarted, and the show went on to chapter 3 and the credits.
    assert p.chapters_drawn[-2:] == [1, 2]
    assert status["credits"] is True and p.window.isVisible()


def test_presenter_keys_drive_the_player(present, qtbot) -> None:
    p = present(playing=False, console=False)
    view = p.window.vtk

    def key(k: Qt.Key) -> dict:
        qtbot.keyClick(view, k)
        return _status(p)

    assert key(Qt.Key.Key_PageDown)["chapter"] == 1
    assert key(Qt.Key.Key_Right)["chapter"] == 2
    assert key(Qt.Key.Key_PageUp)["chapter"] == 1
    assert key(Qt.Key.Key_Left)["chapter"] == 0
    assert key(Qt.Key.Key_Up)["chapter"] == 0  # the first chapter restarts
    assert key(Qt.Key.Key_Down)["chapter"] == 1
    assert key(Qt.Key.Key_Space)["playing"] is True
    assert key(Qt.Key.Key_Space)["playing"] is False
    assert key(Qt.Key.Key_B)["black"] is True
    qtbot.waitUntil(lambda: p.drawer.drawn is not None and p.drawer.drawn.blackout,
                    timeout=30_000)
    assert p.drawer.path == "black"
    assert p.drawer.capture_rgb().max() == 0  # the audience sees black
    assert key(Qt.Key.Key_Period)["black"] is False  # what some clickers send for "blank"
    qtbot.waitUntil(lambda: p.drawer.drawn is not None and not p.drawer.drawn.blackout,
                    timeout=30_000)
    assert p.drawer.capture_rgb().max() > 50  # the picture is back
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert p.left


def test_console_buttons_drive_the_player(present, qtbot) -> None:
    p = present(playing=False)
    console = p.console
    qtbot.mouseClick(console.next_button, Qt.MouseButton.LeftButton)
    assert _status(p)["chapter"] == 1
    qtbot.mouseClick(console.prev_button, Qt.MouseButton.LeftButton)
    assert _status(p)["chapter"] == 0
    qtbot.mouseClick(console.play_button, Qt.MouseButton.LeftButton)
    assert _status(p)["playing"] is True
    qtbot.waitUntil(lambda: console.play_button.text() == "Pause", timeout=5_000)
    qtbot.mouseClick(console.play_button, Qt.MouseButton.LeftButton)
    assert _status(p)["playing"] is False
    qtbot.mouseClick(console.black_button, Qt.MouseButton.LeftButton)
    assert _status(p)["black"] is True
    qtbot.mouseClick(console.black_button, Qt.MouseButton.LeftButton)
    assert _status(p)["black"] is False
    console.rate.setValue(2.5)
    assert _status(p)["rate"] == 2.5
    console.chapters.itemActivated.emit(console.chapters.item(2))
    assert _status(p)["chapter"] == 2
    qtbot.waitUntil(lambda: "Chapter 3 of 3: The system" in console.status_label.text(),
                    timeout=5_000)
    # The preview shows what the audience sees.
    qtbot.waitUntil(lambda: console.preview.pixmap() is not None
                    and not console.preview.pixmap().isNull(), timeout=30_000)
    image = console.preview.pixmap().toImage()
    assert image.width() > 100
    qtbot.mouseClick(console.leave_button, Qt.MouseButton.LeftButton)
    assert p.left


def test_the_picture_shows_the_chapters_captions(present, qtbot) -> None:
    """Chapter 1's caption (show 1.0-3.5 s) is drawn where its layout says: a lower third."""
    p = present(playing=False, console=False)
    p.player.play()
    qtbot.waitUntil(lambda: _status(p)["show_s"] >= 2.0, timeout=60_000)
    p.player.pause()
    qtbot.waitUntil(lambda: p.drawer.drawn is not None and p.drawer.drawn.captions
                    and p.drawer.drawn.show_s == _status(p)["show_s"], timeout=30_000)
    frame = p.drawer.drawn
    size = p.drawer.size_px()
    items = caption_items(frame.captions, Perspective(35.0), size)
    assert [i.text for i in items][0] == "Io at 1,500 km"
    rgb = p.drawer.capture_rgb()
    for item in items:
        left, top, right, bottom = (int(round(v)) for v in text_box(item))
        assert top > size[1] * 2 / 3  # the lower third
        assert rgb[top:bottom, left:right].max() > 200, item.text  # bright text drawn there
