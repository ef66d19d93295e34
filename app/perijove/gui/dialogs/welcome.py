"""The first-run card: what Perijove shows, that it runs on embedded data, how to get NASA's
real data, and where the flybys are. Dismissable; the choice of start persists."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

WELCOME_HTML = """
<h2>Welcome to Perijove</h2>
<p>Jupiter, its four large moons and NASA's Juno spacecraft, where they really are: the
flybys of <b>Ganymede</b> (2021), <b>Europa</b> (2022) and <b>Io</b> (2023-24, down to
1,500 km), on a time slider, with live altitude and speed.</p>
<p>You are looking at <b>PJ57</b>: Juno half an hour before it skims Io's volcanoes on
30 December 2023. Press <b>Space</b> to play (it slows down near closest approach), or pick
another pass in the <b>Flybys</b> list on the right. Drag to turn the view, scroll to zoom.</p>
<p>Everything here runs offline on <b>embedded data</b>: planetary ephemerides, a Juno
trajectory fitted to NASA's published flyby facts, and default maps. For NASA's real
trajectory kernels and the JunoCam map of Io, use <b>File &gt; Mission data</b> (nothing is
downloaded unless you ask).</p>
"""


class WelcomeCard(QDialog):
    today_chosen = Signal()

    def __init__(self, parent=None, show_again: bool = True) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle("Welcome to Perijove")
        self.setObjectName("welcomeCard")
        text = QLabel(WELCOME_HTML)
        text.setWordWrap(True)
        text.setTextFormat(Qt.RichText)
        text.setMinimumWidth(520)
        self.show_again = QCheckBox("Show this card when Perijove starts")
        self.show_again.setChecked(show_again)
        self.start_button = QPushButton("Start with PJ57 at Io")
        self.start_button.setDefault(True)
        self.today_button = QPushButton("Show today's sky instead")
        self.start_button.clicked.connect(self.accept)
        self.today_button.clicked.connect(self._today)
        buttons = QHBoxLayout()
        buttons.addWidget(self.today_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.show_again)
        layout.addLayout(buttons)

    def _today(self) -> None:
        self.today_chosen.emit()
        self.accept()
