"""The 3D viewport: the session's scene in a VTK widget, in any projection.

Perspective draws straight into the widget (the same SceneRenderer and text actors that
screenshots and exports use). The dome and 360 previews render their cube faces offscreen
at a reduced face size, so they stay interactive, and show the projected frame letterboxed
in the widget. Either way the mouse moves the same perspective "proxy" camera (the overlay
renderer's), which this class turns back into the session's camera rig: the user's
adjustment is kept in the camera mode's moving frame. Camera changes fly smoothly.
"""

from __future__ import annotations

import time
from collections import deque

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
from vtkmodules.vtkCommonCore import vtkCommand
from vtkmodules.vtkInteractionStyle import vtkInteractorStyleTrackballCamera
from vtkmodules.vtkRenderingCore import vtkImageActor

from perijove.render.annotations import annotate
from perijove.render.frame_renderer import FrameRenderer
from perijove.render.letterbox import show_letterboxed, window_to_image_px
from perijove.render.overlay2d import OverlayActors
from perijove.render.view import SceneRenderer
from perijove.scene.camera import CameraState, interpolate
from perijove.scene.camera_modes import CameraMode
from perijove.scene.easing import Easing
from perijove.scene.exposure import exposure_gain, exposure_note
from perijove.scene.projection import Perspective, Projection
from perijove.session import Session

FLIGHT_S = 0.7
PREVIEW_FACE_SCALE = 0.5  # dome/360 previews: faces at half the frame's own detail
PREVIEW_MAX_PX = 1024


class Viewport(QObject):
    camera_adjusted = Signal()  # the user moved the camera with the mouse
    picked = Signal(str)  # a double-click landed on a body
    surface_picked = Signal(str, str)  # a click on a named feature or hot spot: kind, key
    star_picked = Signal(str)  # a click (no drag) landed on a star: its name and magnitude

    def __init__(self, session: Session, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.session = session
        self.widget = QVTKRenderWindowInteractor(parent)
        self.widget.setObjectName("viewport")
        self.window = self.widget.GetRenderWindow()
        self.renderer = SceneRenderer(session.maps, render_window=self.window,
                                      spacecraft_model=session.spacecraft_model)
        self.actors = OverlayActors(self.renderer.overlay)
        self.preview: FrameRenderer | None = None
        self._image_actor: vtkImageActor | None = None
        self.flight: tuple[CameraState, float] | None = None
        self.last_camera: CameraState | None = None
        self.last_texts: list = []
        self.picks: list = []  # render.annotations.Pick: what a click can open a card for
        self._press_px: tuple[int, int] | None = None
        self.exposure = 1.0
        self.render_ms: list[float] = []
        # (start, end) perf_counter seconds of the last renders, however they were asked for
        # (our timer, a Qt paint event, the interactor): the window's own work, which the
        # event-loop responsiveness test tells apart from stalls.
        self.render_spans: deque[tuple[float, float]] = deque(maxlen=2000)
        self._render_started = 0.0
        self._closed = False
        interactor = self.window.GetInteractor()
        self.style = vtkInteractorStyleTrackballCamera()
        interactor.SetInteractorStyle(self.style)
        interactor.AddObserver("LeftButtonPressEvent", self._on_left_press, 1.0)
        # Clicks on features are seen by Qt: during a press VTK's interactor style holds the
        # events (GrabFocus), so a VTK release observer would never hear the release.
        self.widget.installEventFilter(self)
        interactor.AddObserver("CharEvent", self._on_char, 1.0)
        self._observer = self.window.AddObserver(vtkCommand.StartEvent, self._before_render)
        self._end_observer = self.window.AddObserver(vtkCommand.EndEvent, self._after_render)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render_now)
        self._flight_timer = QTimer(self)
        self._flight_timer.setInterval(16)
        self._flight_timer.timeout.connect(self.request_render)

    # ---- rendering ------------------------------------------------------------------------
    def request_render(self) -> None:
        """Coalesce render requests: at most one render per event-loop turn."""
        if not self._closed and not self._render_timer.isActive():
            self._render_timer.start()

    def _render_now(self) -> None:
        if not self._closed:
            a = time.perf_counter()
            self.window.Render()
            self.render_ms = (self.render_ms + [(time.perf_counter() - a) * 1000])[-200:]

    def size_px(self) -> tuple[int, int]:
        w, h = self.window.GetSize()
        return max(int(w), 1), max(int(h), 1)

    def current_camera(self, state) -> CameraState:  # noqa: ANN001
        target = self.session.camera(state)
        if self.flight is not None:
            start, started = self.flight
            s = (time.perf_counter() - started) / FLIGHT_S
            if s >= 1.0:
                self.flight = None
                self._flight_timer.stop()
            else:
                return interpolate(start, target, Easing.SMOOTH(s)).with_(
                    projection=target.projection, hidden=target.hidden)
        return target

    def _user_moved_camera(self) -> bool:
        """The interactor moved the proxy camera away from the pose we last set."""
        if self.last_camera is None:
            return False
        master = self.renderer.overlay.GetActiveCamera()
        last = self.last_camera
        scale = max(last.distance_km, 1e-9)
        return (np.linalg.norm(np.array(master.GetPosition()) - last.position_km) > 1e-9 * scale
                or np.linalg.norm(np.array(master.GetFocalPoint()) - last.focal_point_km)
                > 1e-9 * scale
                or np.linalg.norm(np.array(master.GetViewUp())
                                  - last.view_up / np.linalg.norm(last.view_up)) > 1e-6)

    def _before_render(self, *_: object) -> None:
        """Every render (ours or the interactor's): adopt a mouse move, then set up the
        frame for the session's state and camera."""
        self._render_started = time.perf_counter()
        session = self.session
        state = session.state()
        w, h = self.size_px()
        session.rig.aspect = w / h if isinstance(session.projection, Perspective) else 1.0
        if self._user_moved_camera():
            master = self.renderer.overlay.GetActiveCamera()
            world = CameraState(np.array(master.GetPosition()), np.array(master.GetFocalPoint()),
                                np.array(master.GetViewUp()), self.last_camera.projection,
                                self.last_camera.hidden)
            self.flight = None
            session.rig.adjust(state, world)
            self.camera_adjusted.emit()
        camera = self.current_camera(state)
        self.last_camera = camera
        if isinstance(camera.projection, Perspective):
            self._draw_perspective(state, camera, (w, h))
        else:
            self._draw_projected(state, camera, (w, h))

    def _after_render(self, *_: object) -> None:
        self.render_spans.append((self._render_started, time.perf_counter()))

    def _draw_perspective(self, state, camera: CameraState, size: tuple[int, int]) -> None:  # noqa: ANN001
        s = self.session
        self.renderer.update(state, s.scene.graph, s.options)
        gain = exposure_gain(state, camera, size, s.options.exposure_ev)
        self.exposure = gain
        ann = annotate(state, s.scene.graph, camera, size, s.focus(), s.options.labels, s.maps,
                       note=exposure_note(gain, s.options.exposure_ev is None),
                       options=s.options)
        self.last_texts = ann.texts
        self.picks = ann.picks
        self.renderer.prepare(camera, exposure=gain)
        self.actors.show(ann.texts, ann.rings, size[1])

    def _draw_projected(self, state, camera: CameraState, size: tuple[int, int]) -> None:  # noqa: ANN001
        s = self.session
        side = min(size[0] * (1 if camera.projection.name == "fisheye" else 0.5), size[1])
        side = int(min(side, PREVIEW_MAX_PX)) // 2 * 2
        frame_size = (side, side) if camera.projection.name == "fisheye" else (2 * side, side)
        if self.preview is None or self.preview.size_px != frame_size or \
                self.preview.projection != camera.projection:
            if self.preview is not None:
                self.preview.release()
            face = max(64, int(2 * camera.projection.pixels_per_radian(frame_size)
                               * PREVIEW_FACE_SCALE))
            self.preview = FrameRenderer(s.maps, frame_size, camera.projection,
                                         s.spacecraft_model, face)
        rgb = self.preview.render(state, s.scene.graph, camera, s.options, s.focus())
        self.last_texts = self.preview.last_texts
        self.picks = self.preview.last_picks  # in the preview frame's pixels (`frame_point`)
        self.exposure = self.preview.last_exposure
        # The proxy camera the mouse moves: the same pose, seen as a perspective view.
        proxy = camera.with_(projection=Perspective(35.0))
        master = self.renderer.overlay.GetActiveCamera()
        SceneRenderer._set_vtk_camera(master, proxy, 35.0, (0.0, 0.0))
        self._show_image(rgb, size)

    def _show_image(self, rgb: np.ndarray, size: tuple[int, int]) -> None:
        self._image_actor = show_letterboxed(self.renderer.present, self._image_actor, rgb, size)

    def set_projection(self, projection: Projection) -> None:
        s = self.session
        s.set_projection(projection)
        perspective = isinstance(projection, Perspective)
        for r in self.renderer.slices:
            r.SetDraw(perspective)
        # The previews draw the sky into their frame: the letterbox around it stays black (a
        # perspective frame's update shows the sky again as the options say).
        sky = self.renderer.background.GetViewProps()
        for i in range(sky.GetNumberOfItems()):
            sky.GetItemAsObject(i).SetVisibility(perspective)
        self.renderer.present.SetDraw(not perspective)
        self.actors.clear()
        if perspective and self.preview is not None:
            self.preview.release()
            self.preview = None
        self.request_render()

    def capture_rgb(self) -> np.ndarray:
        return self.renderer.capture_rgb()

    # ---- camera ---------------------------------------------------------------------------
    def fly_to(self, mode: CameraMode) -> None:
        """Switch the camera mode with a smooth flight from where the camera is now."""
        start = self.last_camera or self.session.camera()
        self.session.set_camera_mode(mode)
        self.flight = (start, time.perf_counter())
        self._flight_timer.start()
        self.request_render()

    def frame_point(self, x_px: float, y_px: float
                    ) -> tuple[CameraState, tuple[int, int], float, float] | None:
        """What a point of the view (pixels, y down) looks at: the camera, the frame's size
        and the point in the frame's pixels; in a dome or 360 preview, the point of the
        letterboxed frame under it (None in the bars around it, or before a first frame)."""
        camera = self.last_camera
        if camera is None:
            return None
        size = self.size_px()
        if isinstance(camera.projection, Perspective) or self.preview is None:
            return camera, size, x_px, y_px
        frame = self.preview.size_px
        at = window_to_image_px(x_px, y_px, frame, size)
        return None if at is None else (camera, frame, at[0], at[1])

    def pick_at(self, x_px: float, y_px: float) -> tuple[str, str] | None:
        """The feature or hot spot under a point of the view (pixels, y down), if any: a
        label hit first, else the nearest anchor within 10 px (in a preview, of its frame)."""
        point = self.frame_point(x_px, y_px)
        if point is None:
            return None
        _, _, x_px, y_px = point
        hits = [(d, p) for p in self.picks if (d := p.hit(x_px, y_px)) is not None]
        if not hits:
            return None
        _, best = min(hits, key=lambda h: (h[0], h[1].kind != "hotspot"))
        return best.kind, best.key

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802 - Qt override
        """A left click (press and release within 3 px; a drag turns the camera) on a named
        feature or a hot spot emits `surface_picked`; elsewhere, on a drawn star,
        `star_picked`. Never consumes the event."""
        if obj is self.widget and event.type() in (QEvent.MouseButtonPress,
                                                   QEvent.MouseButtonRelease) \
                and event.button() == Qt.LeftButton:
            ratio = self.widget.devicePixelRatioF()
            x, y = event.position().x() * ratio, event.position().y() * ratio
            if event.type() == QEvent.MouseButtonPress:
                self._press_px = (x, y)
            else:
                pressed, self._press_px = self._press_px, None
                if pressed is not None and abs(x - pressed[0]) <= 3 \
                        and abs(y - pressed[1]) <= 3:
                    hit = self.pick_at(x, y)
                    if hit is not None:
                        self.surface_picked.emit(*hit)
                    elif (star := self.star_under(x, y)) is not None:
                        self.star_picked.emit(star)
        return False

    def _on_left_press(self, obj, _event) -> None:  # noqa: ANN001
        if obj.GetRepeatCount() < 1 or self.last_camera is None:
            return
        x, y = obj.GetEventPosition()  # y up
        point = self.frame_point(x, self.size_px()[1] - y)
        if point is None:
            return
        camera, size, fx, fy = point
        state = self.session.state()
        best, best_d = None, 1e9
        for name, body in state.bodies.items():
            xy, visible = camera.project(body.position_km, size)
            if not visible[0]:
                continue
            d = float(np.hypot(xy[0, 0] - fx, xy[0, 1] - fy))
            dist = float(np.linalg.norm(body.position_km - camera.position_km))
            radius = float(body.radii_km.max()) / dist * camera.projection.pixels_per_radian(
                size)
            if d < 40 + radius and d < best_d:
                best, best_d = name, d
        if best is not None:
            self.picked.emit(best)

    def star_under(self, x_px: float, y_px: float) -> str | None:
        """'Name (HIP n), V m, RA, Dec' of the drawn star at the pixel (x right, y down), or
        None (no star there)."""
        from perijove.render.sky import star_at

        point = self.frame_point(x_px, y_px)
        if point is None:
            return None
        camera, size, fx, fy = point
        picked = star_at(self.session.state(), camera, size, (fx, fy), self.session.options)
        return picked.describe() if picked else None

    def _on_char(self, obj, _event) -> None:  # noqa: ANN001
        # The trackball style's 'r' would reset the camera to the 2D overlay's empty bounds.
        if obj.GetKeyCode() in ("r", "R"):
            obj.SetKeyCode("\0")
            self.picked.emit("overview")

    def shutdown(self) -> None:
        """Stop every timer before the VTK window goes, so nothing renders into it after."""
        if self._closed:
            return
        self._closed = True
        self._render_timer.stop()
        self._flight_timer.stop()
        if self.preview is not None:
            self.preview.release()
        self.widget.setUpdatesEnabled(False)
        self.widget.hide()
        self.widget.Finalize()
