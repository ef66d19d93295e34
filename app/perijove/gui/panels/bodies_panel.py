"""The body list (click to fly there) and the readouts of what the camera looks at."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from perijove.core.bodies import GLOBES


def format_km(km: float) -> str:
    if km < 1.0:
        return f"{km * 1000:,.0f} m"
    return f"{km:,.0f} km" if km < 1e7 else f"{km / 1.495978707e8:.3f} AU"


class BodiesPanel(QWidget):
    body_chosen = Signal(str)  # a body's name, or "overview"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body_list = QListWidget()
        self.body_list.setObjectName("bodyList")
        for b in GLOBES:
            item = QListWidgetItem(b.title)
            item.setData(Qt.UserRole, b.name)
            self.body_list.addItem(item)
        self.body_list.itemClicked.connect(lambda it: self.body_chosen.emit(it.data(Qt.UserRole)))
        self.body_list.setMaximumHeight(130)
        overview = QPushButton("System overview")
        overview.clicked.connect(lambda: self.body_chosen.emit("overview"))
        self.readout_label = QLabel()
        self.readout_label.setObjectName("readouts")
        self.readout_label.setTextFormat(Qt.RichText)
        self.readout_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Focus on</b> (or double-click a body)"))
        layout.addWidget(self.body_list)
        layout.addWidget(overview)
        layout.addWidget(self.readout_label)
        layout.addStretch(1)

    def show_focus(self, name: str) -> None:
        for i in range(self.body_list.count()):
            if self.body_list.item(i).data(Qt.UserRole) == name:
                if self.body_list.currentRow() != i:
                    self.body_list.setCurrentRow(i)
                return
        self.body_list.clearSelection()

    def show_readouts(self, title: str, from_camera_km: float, from_jupiter_km: float | None,
                      altitude_km: float | None) -> None:
        lines = [f"<b>Looking at {title}</b>", f"from the camera: {format_km(from_camera_km)}"]
        if altitude_km is not None:
            lines.append(f"camera altitude: {format_km(altitude_km)}")
        if from_jupiter_km is not None:
            lines.append(f"{title} from Jupiter: {format_km(from_jupiter_km)}")
        self.readout_label.setText("<p style='font-size:11pt'>" + "<br>".join(lines) + "</p>")
