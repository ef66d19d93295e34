"""Export dialog: the story paths Perijove ships for each flyby first, then camera modes or
keyframes; range, size, fps, projection, overlays, format, and where to render (this
computer's cores, or a Dask cluster's workers). The export runs as an ExportJob (a child
process given the settings as a value) so the window stays responsive, with progress (per
worker on a cluster, and the frames kept from an earlier run) and cancel.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from perijove.core.timescale import TimeFormatError, format_utc, parse_utc
from perijove.export.jobs import ExportJob
from perijove.export.settings import ExportError, ExportSettings, max_local_workers
from perijove.scene.camera_modes import BodyMode
from perijove.scene.projection import Equirect, Fisheye, Perspective
from perijove.show.camera_path import CameraPath, Keyframe, evaluate_in, sun_frame
from perijove.show.scene_file import (
    Scene,
    SceneFileError,
    load_scene,
    scene_to_toml,
    shipped_scenes,
)

SIZE_PRESETS = {"720p (1280x720)": (1280, 720), "1080p (1920x1080)": (1920, 1080),
                "4K (3840x2160)": (3840, 2160), "Square (1080x1080)": (1080, 1080),
                "Dome master 2K (2048x2048, fisheye)": (2048, 2048),
                "Dome master 4K (4096x4096, fisheye)": (4096, 4096),
                "360 video (4096x2048, equirect)": (4096, 2048)}
CAMERAS = {"Moon and Juno": "target", "Follow Juno (chase)": "follow",
           "From Juno, looking down": "from-juno", "Jupiter overview": "overview",
           "Keyframes below": "path"}
DEFAULT_FREE_DURATION_S = 40.0  # long enough that closest approach is not a blink
RENDER_HERE, RENDER_CLUSTER = "This computer", "A Dask cluster"


def keyframe_from_camera(camera, state, anchor: str, anim_s: float) -> Keyframe:  # noqa: ANN001
    """A camera as a keyframe: anchor, distance, azimuth/elevation in the sun frame."""
    centre = state.position_of(anchor)
    back = camera.position_km - centre
    distance = float(np.linalg.norm(back))
    frame = sun_frame(state.sun_direction, state.jupiter_pole)
    local = frame.T @ (back / distance)
    az = math.degrees(math.atan2(local[1], local[0]))
    el = math.degrees(math.asin(max(-1.0, min(1.0, local[2]))))
    return Keyframe(round(anim_s, 2), anchor, distance, az, el)


class KeyframeEditor(QWidget):
    preview_requested = Signal(object)  # Keyframe

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys: list[Keyframe] = []
        self.list = QListWidget()
        self.list.setObjectName("keyframeList")
        self.add_button = QPushButton("Add keyframe (current view and time)")
        self.delete_button = QPushButton("Delete")
        self.up_button = QPushButton("Earlier")
        self.down_button = QPushButton("Later")
        self.preview_button = QPushButton("Preview")
        self.save_button = QPushButton("Save as scene file...")
        self.load_button = QPushButton("Load scene file...")
        self.at = QDoubleSpinBox()
        self.at.setRange(0, 3600)
        self.at.setSuffix(" s")
        self.distance = QDoubleSpinBox()
        self.distance.setRange(0.001, 1e8)
        self.distance.setDecimals(3)
        self.distance.setSuffix(" km")
        self.azimuth = QDoubleSpinBox()
        self.azimuth.setRange(-360, 360)
        self.elevation = QDoubleSpinBox()
        self.elevation.setRange(-90, 90)
        edit = QFormLayout()
        edit.addRow("At", self.at)
        edit.addRow("Distance", self.distance)
        edit.addRow("Azimuth (from the Sun)", self.azimuth)
        edit.addRow("Elevation", self.elevation)
        buttons = QHBoxLayout()
        for b in (self.delete_button, self.up_button, self.down_button, self.preview_button):
            buttons.addWidget(b)
        files = QHBoxLayout()
        files.addWidget(self.load_button)
        files.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.add_button)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(edit)
        layout.addLayout(files)
        self.delete_button.clicked.connect(self._delete)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.preview_button.clicked.connect(self._preview)
        self.list.currentRowChanged.connect(self._show)
        for w in (self.at, self.distance, self.azimuth, self.elevation):
            w.editingFinished.connect(self._edited)

    def set_keys(self, keys: list[Keyframe]) -> None:
        self.keys = sorted(keys, key=lambda k: k.at_s)
        self._refresh()

    def add(self, key: Keyframe) -> None:
        self.keys = sorted([*self.keys, key], key=lambda k: k.at_s)
        self._refresh(self.keys.index(key))

    def _refresh(self, select: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for k in self.keys:
            self.list.addItem(f"{k.at_s:6.1f} s  {k.anchor:9} {k.distance_km:,.3f} km  "
                              f"az {k.azimuth_deg:.0f}  el {k.elevation_deg:.0f}")
        self.list.blockSignals(False)
        if select is not None and self.keys:
            self.list.setCurrentRow(select)

    def _current(self) -> int:
        return self.list.currentRow()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.keys):
            k = self.keys[row]
            self.at.setValue(k.at_s)
            self.distance.setValue(k.distance_km)
            self.azimuth.setValue(k.azimuth_deg)
            self.elevation.setValue(k.elevation_deg)

    def _edited(self) -> None:
        row = self._current()
        if 0 <= row < len(self.keys):
            k = self.keys[row]
            new = Keyframe(self.at.value(), k.anchor, self.distance.value(), self.azimuth.value(),
                           self.elevation.value(), k.roll_deg, k.ease)
            self.keys[row] = new
            self.keys.sort(key=lambda x: x.at_s)
            self._refresh(self.keys.index(new))

    def _delete(self) -> None:
        row = self._current()
        if 0 <= row < len(self.keys):
            del self.keys[row]
            self._refresh(min(row, len(self.keys) - 1))

    def _move(self, step: int) -> None:
        """Swap a keyframe's time with its neighbour's: the order is the time order."""
        row = self._current()
        other = row + step
        if 0 <= row < len(self.keys) and 0 <= other < len(self.keys):
            a, b = self.keys[row], self.keys[other]
            self.keys[row] = Keyframe(b.at_s, a.anchor, a.distance_km, a.azimuth_deg,
                                      a.elevation_deg, a.roll_deg, a.ease)
            self.keys[other] = Keyframe(a.at_s, b.anchor, b.distance_km, b.azimuth_deg,
                                        b.elevation_deg, b.roll_deg, b.ease)
            self.keys.sort(key=lambda x: x.at_s)
            self._refresh(other)

    def _preview(self) -> None:
        row = self._current()
        if 0 <= row < len(self.keys):
            self.preview_requested.emit(self.keys[row])


class ExportDialog(QDialog):
    def __init__(self, window) -> None:  # noqa: ANN001 - MainWindow
        super().__init__(window)
        self.setWindowTitle("Export video")
        self.window_ = window
        self.session = window.session
        self.job: ExportJob | None = None
        self.job_kept_frames = False  # the running job has frames in the cache to resume from
        self.out_path: Path | None = None
        clock = self.session.clock
        self.start = QLineEdit(format_utc(clock.start_tdb_s))
        self.end = QLineEdit(format_utc(clock.end_tdb_s))
        self.duration = QDoubleSpinBox()
        self.duration.setRange(0.5, 3600)
        self.duration.setValue(DEFAULT_FREE_DURATION_S)
        self.duration.setSuffix(" s")
        self.fps = QSpinBox()
        self.fps.setRange(1, 120)
        self.fps.setValue(30)
        self.size_box = QComboBox()
        self.size_box.addItems(list(SIZE_PRESETS))
        self.size_box.setCurrentIndex(1)
        self.camera_box = QComboBox()
        self.camera_box.setObjectName("exportCamera")
        self.overlays = {name: QCheckBox(name) for name in ("time", "distance", "title",
                                                           "credits")}
        for cb in self.overlays.values():
            cb.setChecked(True)
        self.format_box = QComboBox()
        self.format_box.addItems(["mp4", "webm", "gif", "png"])
        self.out_edit = QLineEdit(str(Path.home() / "perijove-flyby.mp4"))
        self.render_on = QComboBox()
        self.render_on.setObjectName("exportRenderOn")
        self.render_on.addItems([RENDER_HERE, RENDER_CLUSTER])
        self.workers = QSpinBox()
        self.workers.setRange(1, max_local_workers())
        self.workers.setValue(min(os.cpu_count() or 1, max_local_workers()))
        self.workers.setSuffix(" processes")
        self.cluster = QLineEdit(os.environ.get("PERIJOVE_DASK_SCHEDULER", "")
                                 or "tcp://localhost:8786")
        self.cluster.setToolTip("The Dask scheduler's address (start one with `dask scheduler`, "
                                "then `dask worker ADDRESS` on each render machine)")
        if os.environ.get("PERIJOVE_DASK_SCHEDULER"):
            self.render_on.setCurrentText(RENDER_CLUSTER)
        self.render_on.currentTextChanged.connect(self._render_on_changed)
        self.fresh = QCheckBox("Render every frame again (ignore frames kept from an earlier "
                               "run)")
        browse = QPushButton("Choose...")
        browse.clicked.connect(self._choose_out)
        self.format_box.currentTextChanged.connect(self._format_changed)
        self.keyframes = KeyframeEditor()
        self.keyframes.add_button.clicked.connect(self._add_keyframe)
        self.keyframes.preview_requested.connect(self._preview)
        self.keyframes.save_button.clicked.connect(self._save_scene)
        self.keyframes.load_button.clicked.connect(self._load_scene)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m frames")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.open_folder = QPushButton("Open folder")
        self.open_folder.setEnabled(False)
        self.open_folder.clicked.connect(self._open_folder)
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._poll_job)

        form = QFormLayout()
        form.addRow("Camera", self.camera_box)
        form.addRow("From (UTC)", self.start)
        form.addRow("To (UTC)", self.end)
        form.addRow("Video length", self.duration)
        form.addRow("Frames per second", self.fps)
        form.addRow("Size", self.size_box)
        overlay_row = QHBoxLayout()
        for cb in self.overlays.values():
            overlay_row.addWidget(cb)
        form.addRow("Overlays", overlay_row)
        form.addRow("Format", self.format_box)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        form.addRow("Save to", out_row)
        where_row = QHBoxLayout()
        where_row.addWidget(self.render_on)
        where_row.addWidget(self.workers)
        where_row.addWidget(self.cluster, 1)
        form.addRow("Render on", where_row)
        form.addRow("", self.fresh)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.AcceptRole)
        self.cancel_button = self.buttons.addButton("Cancel export", QDialogButtonBox.RejectRole)
        self.cancel_button.setEnabled(False)
        close = self.buttons.addButton(QDialogButtonBox.Close)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel_export)
        close.clicked.connect(self.close)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.progress)
        left.addWidget(self.status)
        left.addWidget(self.open_folder)
        left.addWidget(self.buttons)
        right = QVBoxLayout()
        self.keyframe_title = QLabel("<b>Camera keyframes</b> (camera: Keyframes below)")
        right.addWidget(self.keyframe_title)
        right.addWidget(self.keyframes)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.camera_box.currentIndexChanged.connect(self._camera_changed)
        self.refresh_cameras()
        self._render_on_changed(self.render_on.currentText())
        self.resize(1100, 600)

    # ---- cameras -----------------------------------------------------------------------------
    def refresh_cameras(self) -> None:
        """The flyby's shipped story paths first (they slow down and hold around CA), then
        the camera modes, then keyframes; the default is the story of the open flyby."""
        flyby = self.session.flyby
        self.camera_box.blockSignals(True)
        self.camera_box.clear()
        stories = []
        for name, path in shipped_scenes().items():
            try:
                scene = load_scene(path)
            except SceneFileError:
                continue
            if flyby is None or scene.flyby_id == flyby.id:
                stories.append((f"Story: {scene.title}", f"path:{name}", scene))
        for title, key, scene in stories:
            self.camera_box.addItem(title, (key, scene))
        for title, key in CAMERAS.items():
            if key in ("target", "follow", "from-juno") and flyby is None:
                continue
            self.camera_box.addItem(title, (key, None))
        self.camera_box.setCurrentIndex(0)
        self.camera_box.blockSignals(False)
        self._camera_changed(0)

    def camera_key(self) -> str:
        data = self.camera_box.currentData()
        return data[0] if data else "overview"

    def _camera_changed(self, _index: int) -> None:
        data = self.camera_box.currentData()
        key, scene = data if data else ("overview", None)
        is_keys = key == "path"
        self.keyframes.setEnabled(is_keys)
        self.keyframe_title.setEnabled(is_keys)
        if scene is not None:  # a story sets its own range and length
            self.start.setText(format_utc(scene.start_tdb_s))
            self.end.setText(format_utc(scene.end_tdb_s))
            self.duration.setValue(scene.duration_s)
        else:
            clock = self.session.clock
            self.start.setText(format_utc(clock.start_tdb_s))
            self.end.setText(format_utc(clock.end_tdb_s))
        for w in (self.start, self.end, self.duration):
            w.setEnabled(scene is None)

    # ---- keyframes ---------------------------------------------------------------------------
    def _range(self) -> tuple[float, float]:
        return parse_utc(self.start.text()), parse_utc(self.end.text())

    def _anim_time_now(self) -> float:
        t0, t1 = self._range()
        f = (self.session.clock.t_tdb_s - t0) / (t1 - t0)
        return max(0.0, min(1.0, f)) * self.duration.value()

    def _add_keyframe(self) -> None:
        try:
            state = self.session.state()
            camera = self.window_.viewport.last_camera or self.session.camera(state)
            anchor = self.session.focus()
            if state.position_of(anchor) is None:
                anchor = "jupiter"
            self.keyframes.add(keyframe_from_camera(camera, state, anchor,
                                                    self._anim_time_now()))
        except TimeFormatError as exc:
            self.status.setText(str(exc))

    def _preview(self, key: Keyframe) -> None:
        """Move the window's clock and camera to a keyframe."""
        t0, t1 = self._range()
        self.session.clock.set_time(t0 + key.at_s / self.duration.value() * (t1 - t0))
        state = self.session.state()
        if state.position_of(key.anchor) is None:
            self.status.setText(f"keyframe anchor '{key.anchor}' needs a flyby open")
            return
        world = evaluate_in(CameraPath([key]), key.at_s, state)
        self.session.set_camera_mode(BodyMode(body=key.anchor))
        self.session.rig.adjust(state, world.with_(projection=self.session.projection))
        self.window_.viewport.request_render()

    def current_scene(self) -> Scene:
        t0, t1 = self._range()
        flyby = self.session.flyby
        title = flyby.title if flyby else "Perijove"
        return Scene(None, title, flyby.id if flyby else None, t0, t1, self.duration.value(),
                     CameraPath(list(self.keyframes.keys)))

    def _save_scene(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save scene file", "flyby.toml",
                                              "Scene files (*.toml)")
        if path:
            self.save_scene_to(Path(path))

    def save_scene_to(self, path: Path) -> None:
        try:
            text = scene_to_toml(self.current_scene())
            tmp = path.with_name(f".{path.name}.partial")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
            self.status.setText(f"Saved {path}")
        except (OSError, TimeFormatError) as exc:
            self.status.setText(f"Could not save '{path}': {exc}")

    def _load_scene(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load scene file", "", "Scene files (*.toml)")
        if path:
            self.load_scene_from(Path(path))

    def load_scene_from(self, path: Path) -> None:
        try:
            scene = load_scene(path)
        except SceneFileError as exc:
            self.status.setText(str(exc))
            return
        self.camera_box.setCurrentText("Keyframes below")
        self.start.setText(format_utc(scene.start_tdb_s))
        self.end.setText(format_utc(scene.end_tdb_s))
        self.duration.setValue(scene.duration_s)
        self.keyframes.set_keys(list(scene.camera.keyframes))

    # ---- export ------------------------------------------------------------------------------
    def _render_on_changed(self, where: str) -> None:
        self.workers.setVisible(where == RENDER_HERE)
        self.cluster.setVisible(where == RENDER_CLUSTER)

    def cluster_address(self) -> str | None:
        """The scheduler to render on, or None for this computer (raises ExportError for an
        address that is not one)."""
        if self.render_on.currentText() != RENDER_CLUSTER:
            return None
        from perijove.export.dask_cluster import check_address

        address = self.cluster.text().strip()
        try:
            check_address(address)
        except ExportError:
            raise ExportError(f"'{address}' is not a Dask scheduler address such as "
                              "tcp://HOST:8786 (or local:N for N processes here)") from None
        return address

    def _format_changed(self, fmt: str) -> None:
        out = Path(self.out_edit.text())
        self.out_edit.setText(str(out.with_suffix("" if fmt == "png" else f".{fmt}")))

    def _choose_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.out_edit.text())
        if path:
            self.out_edit.setText(path)

    def settings(self) -> ExportSettings:
        """The export the dialog describes (raises ValueError or TimeFormatError)."""
        t0, t1 = self._range()
        preset = self.size_box.currentText()
        w, h = SIZE_PRESETS[preset]
        projection = Fisheye(180.0, 0.0) if "fisheye" in preset else (
            Equirect() if "equirect" in preset else Perspective(35.0))
        camera = self.camera_key()
        data = self.camera_box.currentData()
        story = data[1] if data else None
        # A story's time keys slow time down around closest approach, as on the command line.
        time_keys = tuple((k.at_s, k.t_tdb_s) for k in story.time_keys) if story else ()
        if camera == "path":
            if not self.keyframes.keys:
                raise ValueError("add at least one keyframe, or choose another camera")
            scene_file = Path(self.out_edit.text()).with_name(
                f".{Path(self.out_edit.text()).stem}.camera.toml")
            self.save_scene_to(scene_file)
            camera = f"path:{scene_file}"
        flyby = self.session.flyby
        overlays = tuple(n for n, cb in self.overlays.items() if cb.isChecked())
        eph = self.session.ephemeris
        return ExportSettings(
            out=Path(self.out_edit.text()), start_tdb_s=t0, end_tdb_s=t1,
            duration_s=self.duration.value(), fps=self.fps.value(), size=(w, h),
            camera=camera, overlays=overlays, fmt=self.format_box.currentText(),
            flyby_id=flyby.id if flyby else None,
            title=f"Juno's {flyby.title} flyby" if flyby else "Perijove",
            kernels=[str(k.path) for k in eph.kernels if k.path not in eph.installed],
            trajectories=[str(t.path) for t in eph.juno.tables],
            projection=projection, options=self.session.options, time_keys=time_keys,
            workers=self.workers.value(), cluster=self.cluster_address(),
            fresh=self.fresh.isChecked())

    def start_export(self) -> None:
        if self.job is not None:
            return
        try:
            settings = self.settings()
            from perijove.export.settings import validate

            validate(settings)
        except (ValueError, TimeFormatError, ExportError) as exc:
            self.status.setText(str(exc))
            return
        self.out_path = settings.out
        self.job_kept_frames = False
        self.job = ExportJob(settings).start()
        self.progress.setMaximum(settings.frame_count)
        self.progress.setValue(0)
        self.status.setText("Rendering...")
        self.open_folder.setEnabled(False)
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._poll.start()

    def _poll_job(self) -> None:
        if self.job is None:
            self._poll.stop()
            return
        u = self.job.poll()
        self.job_kept_frames = self.job_kept_frames or u.rendered > 0 or u.kept > 0
        if u.total:
            self.progress.setMaximum(u.total)
            self.progress.setValue(u.done)
        if not u.finished:
            if u.done:
                self.status.setText(progress_text(u))
            return
        self._poll.stop()
        self.job.wait(5)
        self.job = None
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if u.cancelled:
            self.status.setText("Cancelled; nothing was written.")
        elif u.error:
            self.status.setText(f"Export failed: {u.error}")
        else:
            self.status.setText(f"Done: {self.out_path}")
            self.open_folder.setEnabled(True)
        if u.cancelled and self.job_kept_frames:
            self.status.setText("Cancelled; no video was written. The frames rendered so far "
                                "are kept: export again to carry on from them.")

    def cancel_export(self) -> None:
        """Ask the export to stop: it removes its partial file itself."""
        if self.job is not None:
            self.job.cancel()
            self.status.setText("Cancelling...")

    def _open_folder(self) -> None:
        if self.out_path is not None:
            folder = self.out_path if self.out_path.is_dir() else self.out_path.parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def shutdown(self) -> None:
        """Stop a running export (its rendered frames stay cached for the next run)."""
        if self.job is not None:
            self.cancel_export()
            self.job.wait(10)
            self._poll_job()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.shutdown()
        super().closeEvent(event)


def progress_text(u) -> str:  # noqa: ANN001 - JobUpdate
    """'120 of 1260 frames (40 kept from an earlier run), 6.1 frames/s, about 3:07 left', and
    on a cluster the frames each worker has rendered."""
    kept = f" ({u.kept} kept from an earlier run)" if u.kept else ""
    text = (f"{u.done} of {u.total} frames{kept}, {u.fps:.1f} frames/s, "
            f"about {int(u.eta_s) // 60}:{int(u.eta_s) % 60:02d} left")
    if u.workers > 1:
        counts = ", ".join(f"{name} {n}" for name, n in sorted(u.per_worker.items()))
        text += f"\n{u.workers} workers: {counts or 'starting'}"
    return text
