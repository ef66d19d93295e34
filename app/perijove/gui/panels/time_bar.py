"""The time bar: slider over the clock's window, play/pause, rate, steps, jump-to-date."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from perijove.core.clock import RATE_STEPS_S_PER_S, SimClock
from perijove.core.timescale import TimeFormatError, format_utc, parse_utc

SLIDER_STEPS = 10_000


def rate_label(rate_s_per_s: float) -> str:
    if rate_s_per_s < 60:
        return "real time" if rate_s_per_s == 1 else f"{rate_s_per_s:g} s/s"
    if rate_s_per_s < 3600:
        return f"{rate_s_per_s / 60:g} min/s"
    if rate_s_per_s < 86400:
        return f"{rate_s_per_s / 3600:g} h/s"
    return f"{rate_s_per_s / 86400:g} day/s"


SNAP_FRACTION = 0.005


class MarkedSlider(QSlider):
    """A time slider with labelled ticks (closest approach, perijove) drawn over it."""

    def __init__(self) -> None:
        super().__init__(Qt.Horizontal)
        self.marks: list[tuple[float, str, QColor]] = []  # (fraction 0..1, label, colour)
        self.setMinimumHeight(38)

    def set_marks(self, marks: list[tuple[float, str, QColor]]) -> None:
        self.marks = marks
        self.update()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().paintEvent(event)
        if not self.marks:
            return
        painter = QPainter(self)
        handle = 14  # keep ticks where the handle's centre goes
        usable = self.width() - handle
        for fraction, label, colour in self.marks:
            if not 0.0 <= fraction <= 1.0:
                continue
            x = int(handle / 2 + fraction * usable)
            painter.setPen(QPen(colour, 2))
            painter.drawLine(x, 0, x, self.height())
            painter.drawText(QRect(x + 3, 0, 160, 14), Qt.AlignLeft | Qt.AlignTop, label)
        painter.end()


class TimeBar(QWidget):
    """Widgets that set the clock; the clock's signals move them (with feedback blocked)."""

    message = Signal(str)

    def __init__(self, clock: SimClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        # Set by the window: returns a sentence when a time cannot be shown (no data), else
        # None. A jump is checked before the clock moves, so a bad date never strands it.
        self.validator = None
        self.slider = MarkedSlider()
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setObjectName("timeSlider")
        self.mark_times: list[float] = []  # TDB s of the ticks (the slider snaps to them)

        style = self.style()
        self.play_button = QToolButton()
        self.play_button.setIcon(style.standardIcon(QStyle.SP_MediaPlay))
        self.play_button.setToolTip("Play / pause (Space)")
        self.back_button = QToolButton()
        self.back_button.setIcon(style.standardIcon(QStyle.SP_MediaSeekBackward))
        self.back_button.setToolTip("Step back by one rate-second")
        self.forward_button = QToolButton()
        self.forward_button.setIcon(style.standardIcon(QStyle.SP_MediaSeekForward))
        self.forward_button.setToolTip("Step forward by one rate-second")
        self.rate_box = QComboBox()
        for r in RATE_STEPS_S_PER_S:
            self.rate_box.addItem(rate_label(r), r)
        self.rate_box.setCurrentIndex(RATE_STEPS_S_PER_S.index(clock.rate_s_per_s))
        self.rate_box.setToolTip("Simulation seconds per wall-clock second")
        self.utc_label = QLabel()
        self.utc_label.setObjectName("utcReadout")
        font = self.utc_label.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.utc_label.setFont(font)
        self.jump_edit = QLineEdit()
        self.jump_edit.setPlaceholderText("jump to UTC, e.g. 2023-12-30T08:36:00Z")
        self.jump_edit.setMinimumWidth(260)
        self.jump_button = QPushButton("Go")
        self.start_label = QLabel()
        self.end_label = QLabel()

        top = QHBoxLayout()
        for w in (self.back_button, self.play_button, self.forward_button, self.rate_box):
            top.addWidget(w)
        top.addSpacing(12)
        top.addWidget(self.utc_label, 1)
        top.addWidget(self.jump_edit)
        top.addWidget(self.jump_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.start_label)
        bottom.addWidget(self.slider, 1)
        bottom.addWidget(self.end_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.addLayout(top)
        layout.addLayout(bottom)

        self.slider.valueChanged.connect(self._slider_moved)
        self.play_button.clicked.connect(lambda: clock.set_playing(not clock.playing))
        self.back_button.clicked.connect(lambda: clock.set_time(clock.t_tdb_s - clock.rate_s_per_s))
        self.forward_button.clicked.connect(
            lambda: clock.set_time(clock.t_tdb_s + clock.rate_s_per_s))
        self.rate_box.currentIndexChanged.connect(
            lambda i: clock.set_rate(self.rate_box.itemData(i)))
        self.jump_button.clicked.connect(self._jump)
        self.jump_edit.returnPressed.connect(self._jump)
        clock.changed.connect(self._clock_changed)
        clock.window_changed.connect(lambda *_: self._window_changed())
        clock.playing_changed.connect(self._playing_changed)
        self._window_changed()

    def set_marks(self, marks: list[tuple[float, str, QColor]]) -> None:
        """Ticks at simulation times (TDB s): [(t, label, colour)]."""
        self.mark_times = [t for t, _, _ in marks]
        span = self.clock.end_tdb_s - self.clock.start_tdb_s
        self.slider.set_marks([((t - self.clock.start_tdb_s) / span, label, colour)
                               for t, label, colour in marks])

    # clock -> widgets
    def _clock_changed(self, t: float) -> None:
        span = self.clock.end_tdb_s - self.clock.start_tdb_s
        value = round((t - self.clock.start_tdb_s) / span * SLIDER_STEPS)
        self.slider.blockSignals(True)
        self.slider.setValue(value)
        self.slider.blockSignals(False)
        self.utc_label.setText(format_utc(t) .replace("T", "  ").replace("Z", " UTC"))

    def _window_changed(self) -> None:
        self.start_label.setText(format_utc(self.clock.start_tdb_s)[:16].replace("T", " "))
        self.end_label.setText(format_utc(self.clock.end_tdb_s)[:16].replace("T", " "))
        self._clock_changed(self.clock.t_tdb_s)

    def _playing_changed(self, playing: bool) -> None:
        icon = QStyle.SP_MediaPause if playing else QStyle.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))

    # widgets -> clock
    def _slider_moved(self, value: int) -> None:
        span = self.clock.end_tdb_s - self.clock.start_tdb_s
        t = self.clock.start_tdb_s + value / SLIDER_STEPS * span
        # Within half a percent of the slider of a tick, land exactly on it: closest approach
        # and perijove are the moments people aim for, and a slider step is minutes long.
        near = [m for m in self.mark_times if abs(m - t) <= SNAP_FRACTION * span]
        if near:
            t = min(near, key=lambda m: abs(m - t))
        self.clock.set_time(t)

    def _jump(self) -> None:
        text = self.jump_edit.text().strip()
        try:
            t = parse_utc(text)
        except TimeFormatError as exc:
            self.message.emit(str(exc))
            return
        problem = self.validator(t) if self.validator is not None else None
        if problem:
            self.message.emit(problem)
            return
        if not self.clock.start_tdb_s <= t <= self.clock.end_tdb_s:
            half = (self.clock.end_tdb_s - self.clock.start_tdb_s) / 2
            self.clock.set_window(t - half, t + half)
        self.clock.set_time(t)
