"""Presentation mode, assembled: the output window on its screen, the console on another,
and the timer that runs the show.

Every turn of the timer ticks the player by the wall time since the last turn (playing or
paused, so remote and OSC commands are applied) and draws the frame if it changed; any
failure is reported to the player, which restarts the chapter (or, after repeated failures,
moves on), so the show never leaves the screen. Before the first frame, every chapter is
drawn once behind an opaque black (meshes, shaders and textures are built then, not at a
chapter switch).
"""

from __future__ import annotations

import logging
import signal
import statistics
import sys
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from perijove.export.show_frames import ShowStage
from perijove.export.show_live import LiveShowDrawer, ShowRunner
from perijove.gui.memory_release import MemoryRelease
from perijove.gui.presentation.console import OperatorConsole
from perijove.gui.presentation.window import PresentationWindow
from perijove.scene.projection import Projection
from perijove.session import Session
from perijove.show.player import ShowPlayer

log = logging.getLogger(__name__)

TURN_INTERVAL_MS = 5  # the timer fires again as soon as a frame is done (at most 200 Hz)
PREVIEW_INTERVAL_S = 0.5


class PresentationError(ValueError):
    """A presentation setting that cannot work here (e.g. a screen that does not exist)."""


@dataclass(frozen=True)
class PresentationOptions:
    screen: int | None = None  # None: the last screen
    console_screen: int | None = None  # None: another screen than the show's, if any
    console: bool = True
    kiosk: bool = False
    face_px: int | None = None


def pick_screens(options: PresentationOptions) -> tuple:
    """(the show's screen, the console's screen); PresentationError names a missing one."""
    screens = QGuiApplication.screens()
    n = len(screens)

    def screen(index: int, option: str):  # noqa: ANN202
        if not 0 <= index < n:
            listed = ", ".join(f"{k} ({s.name()} {s.geometry().width()}x"
                               f"{s.geometry().height()})" for k, s in enumerate(screens))
            raise PresentationError(f"{option} {index} does not exist; this computer has "
                                    f"{n} screen{'s' if n != 1 else ''}: {listed}")
        return screens[index]

    out_index = n - 1 if options.screen is None else options.screen
    out = screen(out_index, "--screen")
    if options.console_screen is not None:
        console = screen(options.console_screen, "--console-screen")
    else:
        console = screens[0] if out_index != 0 or n == 1 else screens[1]
    return out, console


class Presentation(QObject):
    """A show on screen: the output window, its console and the timer that runs them.
    `left` is emitted once the presenter has left and both windows are closed."""

    left_show = Signal()

    def __init__(self, player: ShowPlayer, stage: ShowStage,
                 options: PresentationOptions = PresentationOptions()) -> None:
        super().__init__()
        self.player = player
        self.stage = stage
        self.options = options
        self.window = PresentationWindow(kiosk=options.kiosk)
        self.window.action.connect(self.act)
        self.drawer = LiveShowDrawer(stage, render_window=self.window.render_window,
                                     face_px=options.face_px)
        self.runner = ShowRunner(player, self.drawer, self._on_chapter)
        self.console: OperatorConsole | None = None
        if options.console:
            self.console = OperatorConsole(player)
            self.console.action.connect(self.act)
        self.timer = QTimer(self)
        self.timer.setInterval(TURN_INTERVAL_MS)
        self.timer.timeout.connect(self.turn)
        self.memory_release = MemoryRelease(self)  # a kiosk runs for days
        self.chapters_drawn: list[int] = []  # every chapter's first frame, in order
        self.left = False
        self._preview_at = 0.0

    # --- running --------------------------------------------------------------------------

    def start(self, screen=None, console_screen=None,  # noqa: ANN001 - QScreen
              size_px: tuple[int, int] | None = None) -> None:
        """Show the windows (full screen, or `size_px`), warm every chapter up behind black,
        and start the clock."""
        if self.options.kiosk:
            QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        self.window.show_on(screen or QGuiApplication.primaryScreen(), size_px)
        if self.console is not None:
            if console_screen is not None and console_screen is not screen:
                self.console.setScreen(console_screen)
                self.console.move(console_screen.availableGeometry().topLeft())
            self.console.show()
        QApplication.processEvents()  # the window has its size before the first frame
        self.drawer.warm_up(self.player.timeline)
        self.timer.start()

    def turn(self) -> None:
        if self.left:
            return
        drawn = self.runner.turn()
        if drawn and self.console is not None:
            now = time.monotonic()
            if now - self._preview_at >= PREVIEW_INTERVAL_S:
                self._preview_at = now
                try:
                    self.console.set_preview(self.drawer.capture_rgb())
                except Exception as exc:  # noqa: BLE001 - a preview is not worth a chapter
                    log.warning("console preview failed: %s", exc)
                if self.drawer.picture_ms:
                    self.console.frame_ms = statistics.median(self.drawer.picture_ms)

    def _on_chapter(self, event: dict) -> None:
        if event["event"] == "chapter":
            self.chapters_drawn.append(event["chapter"])
        log.info("%s", event)

    # --- the presenter's actions ---------------------------------------------------------------

    def act(self, action: str) -> None:
        """A key or a console button: play_pause, next, prev, black or leave."""
        player = self.player
        if action == "play_pause":
            (player.pause if player.status()["playing"] else player.play)()
        elif action == "next":
            player.next()
        elif action == "prev":
            player.prev()
        elif action == "black":
            player.black()
        elif action == "leave":
            self.leave()

    def leave(self) -> None:
        """Stop the show and close both windows."""
        if self.left:
            return
        self.left = True
        self.timer.stop()
        if self.options.kiosk:
            QApplication.restoreOverrideCursor()
        if self.console is not None:
            self.console.shutdown()
            self.console.close()
        self.drawer.release()
        self.window.shutdown()
        self.window.close()
        self.left_show.emit()


def run_presentation(player: ShowPlayer, session: Session, projection: Projection,
                     options: PresentationOptions) -> int:
    """Open the show on its screen and run until the presenter leaves (exit code 0)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Perijove")
    screen, console_screen = pick_screens(options)
    size = screen.geometry().width(), screen.geometry().height()
    stage = ShowStage(player.show, session, projection, size)
    stage.prepare()
    presentation = Presentation(player, stage, options)
    presentation.left_show.connect(app.quit)
    # Ctrl+C in the terminal, or a service manager's stop: leave the show properly (the
    # show's timer runs Python every few milliseconds, so the handler runs promptly).
    previous = {sig: signal.signal(sig, lambda *_: presentation.leave())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        presentation.start(screen, console_screen)
        app.exec()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
