"""The audience's window: the show full screen on a chosen screen, with no chrome, no
cursor in a kiosk, and the presenter's keys.

Presenter keys (what presentation clickers send): Space play/pause; Right, Down and Page Down
the next chapter; Left, Up and Page Up the previous one; B (or the full stop, which some
clickers send for "blank") black-out; Esc leaves the show. In a kiosk every key and click is
ignored except the exit chord Ctrl+Alt+Q. The mouse never moves the camera: the show's
cameras are the show's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor

# Actions a key asks for; the controller (app.py) maps them to the player.
PRESENTER_KEYS: dict[int, str] = {
    Qt.Key.Key_Space: "play_pause",
    Qt.Key.Key_Right: "next", Qt.Key.Key_Down: "next", Qt.Key.Key_PageDown: "next",
    Qt.Key.Key_Left: "prev", Qt.Key.Key_Up: "prev", Qt.Key.Key_PageUp: "prev",
    Qt.Key.Key_B: "black", Qt.Key.Key_Period: "black",
    Qt.Key.Key_Escape: "leave",
}
KIOSK_EXIT_CHORD = "Ctrl+Alt+Q"
_INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
                 QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                 QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel,
                 QEvent.Type.ContextMenu}


def is_kiosk_exit(event: QKeyEvent) -> bool:
    mods = event.modifiers()
    return (event.key() == Qt.Key.Key_Q
            and bool(mods & Qt.KeyboardModifier.ControlModifier)
            and bool(mods & Qt.KeyboardModifier.AltModifier))


def key_action(event: QKeyEvent, kiosk: bool) -> str | None:
    """What a key press asks for, or None (ignored)."""
    if is_kiosk_exit(event):
        return "leave"
    if kiosk or event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                     | Qt.KeyboardModifier.AltModifier):
        return None
    return PRESENTER_KEYS.get(event.key())


class PresentationWindow(QWidget):
    """A frameless full-screen window holding one VTK view. `action` carries what a key
    asked for ("play_pause", "next", "prev", "black", "leave")."""

    action = Signal(str)

    def __init__(self, kiosk: bool = False) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.kiosk = kiosk
        self.setObjectName("presentation")
        self.setWindowTitle("Perijove show")
        self.setStyleSheet("background: black;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.vtk = QVTKRenderWindowInteractor(self)
        self.vtk.setObjectName("presentation-view")
        layout.addWidget(self.vtk)
        self.render_window = self.vtk.GetRenderWindow()
        # Every key and click passes through the filter: the VTK interactor sees none (its
        # own keys would quit, reset or turn the view to wireframe).
        self.vtk.installEventFilter(self)
        self.installEventFilter(self)
        self.setFocusProxy(self.vtk)
        if kiosk:
            self.setCursor(Qt.CursorShape.BlankCursor)
            self.vtk.setCursor(Qt.CursorShape.BlankCursor)
        self._closed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            action = key_action(event, self.kiosk)
            if action is not None:
                self.action.emit(action)
            return True
        if kind in _INPUT_EVENTS:
            return True
        return super().eventFilter(watched, event)

    def show_on(self, screen, size_px: tuple[int, int] | None = None) -> None:  # noqa: ANN001
        """Full screen on `screen` (a QScreen), or a frameless window of `size_px` at its
        top-left corner (rehearsals and tests)."""
        self.setScreen(screen)
        if size_px is None:
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            self.setGeometry(screen.geometry().x(), screen.geometry().y(), *size_px)
            self.show()
        self.vtk.Initialize()
        self.vtk.setFocus()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        """Closed from outside (the window manager): leave the show properly, through the
        controller; a kiosk stays."""
        if self._closed:
            super().closeEvent(event)
            return
        event.ignore()
        if not self.kiosk:
            self.action.emit("leave")

    def shutdown(self) -> None:
        """Before the VTK window goes: nothing renders into it after this."""
        if self._closed:
            return
        self._closed = True
        self.vtk.setUpdatesEnabled(False)
        self.vtk.hide()
        self.vtk.Finalize()
