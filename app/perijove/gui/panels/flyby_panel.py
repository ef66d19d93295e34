"""The flyby panel: pick a flyby, its window and camera, and read Juno's live geometry."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from perijove.flybys.catalog import Flyby, flybys
from perijove.scene.flyby import FlybyReadouts, format_countdown

CAMERA_MODES = ("target", "follow", "from-juno", "overview")
CAMERA_TITLES = {"follow": "Follow Juno (chase)", "from-juno": "From Juno, looking down",
                 "target": "Moon and Juno", "overview": "Jupiter overview"}


def flyby_item_text(f: Flyby) -> str:
    when = f.ca_utc[:10]
    approximate = "" if f.ca_time_precision_s <= 10 else "  (date only)"
    if f.altitude_km is None:
        return f"{f.title}  {when}  (distance unknown){approximate}"
    return f"{f.title}  {when}  {f.altitude_km:,.0f} km{approximate}"


def flyby_notes(flyby: Flyby, r: FlybyReadouts) -> str:
    """What a reader should know about the numbers: a date-only pass, or a trajectory that
    passes at another altitude than the published one."""
    notes = []
    if flyby.ca_time_precision_s > 10:
        notes.append("Only the date of this pass is published; Juno's position here is an "
                     "illustrative orbit through the perijove times, not a measured path, "
                     "so closest approach may be hours off. Load Juno's reconstructed kernel "
                     "(File > Mission data) for the real pass.")
    elif (flyby.altitude_km is not None and r.ca_altitude_in_use_km is not None
          and abs(r.ca_altitude_in_use_km - flyby.altitude_km) > 5.0):
        notes.append(f"Published closest approach: {flyby.altitude_km:,.0f} km. The trajectory "
                     f"in use ({r.source}) passes at {r.ca_altitude_in_use_km:,.0f} km: a "
                     "kernel made before the flyby predicts the pass, a model fits the "
                     "published facts, and published figures are rounded.")
    return "".join(f"<br><span style='font-size:9pt'><i>{n}</i></span>" for n in notes)


class FlybyPanel(QWidget):
    flyby_chosen = Signal(str)
    camera_chosen = Signal(str)
    window_changed = Signal(float)  # half-width, hours
    trail_changed = Signal(float, float)  # trail hours, lead hours

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("flybyList")
        for f in flybys():
            item = QListWidgetItem(flyby_item_text(f))
            item.setData(Qt.UserRole, f.id)
            item.setToolTip(f"{f.id}: closest approach {f.ca_utc}\nSource: {f.source}"
                            + (f"\nNote: {f.notes}" if f.notes else ""))
            self.list.addItem(item)
        self.list.itemClicked.connect(lambda it: self.flyby_chosen.emit(it.data(Qt.UserRole)))
        self.camera_box = QComboBox()
        self.camera_box.setObjectName("cameraMode")
        for mode in CAMERA_MODES:
            self.camera_box.addItem(CAMERA_TITLES[mode], mode)
        self.camera_box.setCurrentIndex(CAMERA_MODES.index("target"))
        self.camera_box.activated.connect(
            lambda i: self.camera_chosen.emit(self.camera_box.itemData(i)))
        self.half_window = QDoubleSpinBox()
        self.half_window.setRange(0.25, 96.0)
        self.half_window.setValue(6.0)
        self.half_window.setSuffix(" h either side of CA")
        self.half_window.editingFinished.connect(
            lambda: self.window_changed.emit(self.half_window.value()))
        self.trail_hours = QDoubleSpinBox()
        self.trail_hours.setRange(0.05, 48.0)
        self.trail_hours.setValue(3.0)
        self.trail_hours.setSuffix(" h behind")
        self.lead_hours = QDoubleSpinBox()
        self.lead_hours.setRange(0.0, 48.0)
        self.lead_hours.setValue(1.0)
        self.lead_hours.setSuffix(" h ahead")
        for box in (self.trail_hours, self.lead_hours):
            box.editingFinished.connect(lambda: self.trail_changed.emit(
                self.trail_hours.value(), self.lead_hours.value()))
        self.slow_near_ca = QCheckBox("Slow down near closest approach")
        self.slow_near_ca.setChecked(True)
        self.readouts = QLabel("Choose a flyby above.")
        self.readouts.setObjectName("flybyReadouts")
        self.readouts.setTextFormat(Qt.RichText)
        self.readouts.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Camera", self.camera_box)
        form.addRow("Window", self.half_window)
        form.addRow("Trail", self.trail_hours)
        form.addRow("", self.lead_hours)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Juno's moon flybys</b>"))
        layout.addWidget(self.list, 2)
        layout.addLayout(form)
        layout.addWidget(self.slow_near_ca)
        layout.addWidget(self.readouts, 1)

    def show_readouts(self, flyby: Flyby, r: FlybyReadouts) -> None:
        moon = flyby.moon.capitalize()
        self.readouts.setText(
            f"<p style='font-size:12pt'><b>{flyby.id}</b><br>"
            f"<span style='font-size:16pt'><b>{format_countdown(r.seconds_to_ca)}</b></span> "
            f"to closest approach<br>"
            f"altitude above {moon}: <b>{r.altitude_km:,.0f} km</b><br>"
            f"from {moon}'s centre: {r.distance_km:,.0f} km<br>"
            f"speed relative to {moon}: <b>{r.speed_km_s:.2f} km/s</b><br>"
            f"from Jupiter: {r.distance_from_jupiter_km:,.0f} km<br>"
            f"<span style='font-size:9pt'>Juno trajectory: {r.source}</span>"
            f"{flyby_notes(flyby, r)}</p>")
