"""The operator's console: the chapter list, where the show is, a small preview of what the
audience sees, and the controls (previous, play/pause, next, black-out, rate, leave).

Every control calls the player directly (this is the thread that ticks it); the console
redraws its status a few times a second and the preview twice a second, from what the
controller hands it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from perijove.show.player import MAX_RATE, MIN_RATE, ShowPlayer

PREVIEW_WIDTH_PX = 384
STATUS_INTERVAL_MS = 200


def clock_text(seconds: float) -> str:
    seconds = max(0.0, seconds)
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def preview_image(rgb: np.ndarray, width_px: int = PREVIEW_WIDTH_PX) -> QImage:
    """A small copy of a frame (every n-th pixel: cheap, and enough to see what is on)."""
    step = max(1, rgb.shape[1] // (2 * width_px))  # then scaled smoothly to the label
    small = np.ascontiguousarray(rgb[::step, ::step, :3])
    h, w, _ = small.shape
    return QImage(small.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class OperatorConsole(QWidget):
    """A window for the operator. `action` carries a presenter action ("play_pause", "next",
    "prev", "black", "leave"), the same as the output window's keys."""

    action = Signal(str)

    def __init__(self, player: ShowPlayer) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.player = player
        show = player.show
        self.setObjectName("console")
        self.setWindowTitle(f"Perijove show console: {show.title}")
        root = QVBoxLayout(self)
        heading = QLabel(f"<b>{show.title}</b> · {len(show.chapters)} chapters · "
                         f"{clock_text(player.timeline.duration_s)}")
        root.addWidget(heading)
        body = QHBoxLayout()
        root.addLayout(body)

        self.chapters = QListWidget()
        self.chapters.setObjectName("chapters")
        starts = player.timeline.chapter_starts_s
        for k, c in enumerate(show.chapters):
            item = QListWidgetItem(f"{c.number}. {c.title}  ({clock_text(starts[k])}, "
                                   f"{clock_text(c.duration_s)})")
            self.chapters.addItem(item)
        self.chapters.itemActivated.connect(self._goto_item)
        self.chapters.setMinimumWidth(320)
        body.addWidget(self.chapters, 1)

        side = QVBoxLayout()
        body.addLayout(side)
        self.preview = QLabel("preview")
        self.preview.setObjectName("preview")
        self.preview.setFixedSize(PREVIEW_WIDTH_PX, PREVIEW_WIDTH_PX * 9 // 16)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: black; color: grey;")
        side.addWidget(self.preview)
        self.status_label = QLabel()
        self.status_label.setObjectName("status")
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        side.addWidget(self.status_label)
        self.frame_label = QLabel()
        side.addWidget(self.frame_label)
        side.addStretch(1)

        controls = QHBoxLayout()
        root.addLayout(controls)
        self.prev_button = QPushButton("◀ Previous")
        self.play_button = QPushButton("Pause")
        self.next_button = QPushButton("Next ▶")
        self.black_button = QPushButton("Black-out")
        self.black_button.setCheckable(True)
        self.leave_button = QPushButton("Leave show")
        for button, name in ((self.prev_button, "prev"), (self.play_button, "play_pause"),
                             (self.next_button, "next"), (self.black_button, "black"),
                             (self.leave_button, "leave")):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space stays a presenter key
            button.clicked.connect(lambda _=False, a=name: self.action.emit(a))
            controls.addWidget(button)
        controls.addWidget(QLabel("Rate"))
        self.rate = QDoubleSpinBox()
        self.rate.setObjectName("rate")
        self.rate.setRange(MIN_RATE, MAX_RATE)
        self.rate.setDecimals(2)
        self.rate.setSingleStep(0.25)
        self.rate.setSuffix(" ×")
        self.rate.setValue(player.status()["rate"])
        self.rate.setKeyboardTracking(False)
        self.rate.valueChanged.connect(self._rate_changed)
        controls.addWidget(self.rate)

        for key, name in (("Space", "play_pause"), ("PgDown", "next"), ("PgUp", "prev"),
                          ("B", "black"), (".", "black"), ("Esc", "leave")):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda a=name: self.action.emit(a))

        self.frame_ms: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(STATUS_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def _goto_item(self, item: QListWidgetItem) -> None:
        self.player.goto(self.chapters.row(item))

    def _rate_changed(self, value: float) -> None:
        self.player.set_rate(float(value))

    def refresh(self) -> None:
        """The status now (chapter, times, state), from the player."""
        st = self.player.status()
        row = st["chapter"]
        if self.chapters.currentRow() != row:
            self.chapters.setCurrentRow(row)
        state = "credits" if st["credits"] else ("playing" if st["playing"] else "paused")
        black = " · <b style='color:#e44'>BLACK-OUT</b>" if st["black"] else ""
        self.status_label.setText(
            f"Chapter {row + 1} of {st['chapters']}: {st['chapter_title']}<br>"
            f"{clock_text(st['show_s'])} of {clock_text(st['duration_s'])} · "
            f"{st['time_utc']}<br>{state} at {st['rate']:g}× · {st['sim_rate']:g} s/s "
            f"simulated{black}"
            + (f"<br>errors: {st['errors']} ({st['last_error']})" if st["errors"] else ""))
        self.play_button.setText("Pause" if st["playing"] else "Play")
        if self.black_button.isChecked() != st["black"]:
            self.black_button.setChecked(st["black"])
        if abs(self.rate.value() - st["rate"]) > 1e-9 and not self.rate.hasFocus():
            self.rate.blockSignals(True)
            self.rate.setValue(st["rate"])
            self.rate.blockSignals(False)
        if self.frame_ms is not None:
            self.frame_label.setText(f"frame time {self.frame_ms:.0f} ms (median)")

    def set_preview(self, rgb: np.ndarray) -> None:
        image = preview_image(rgb)
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)

    def shutdown(self) -> None:
        self._timer.stop()
