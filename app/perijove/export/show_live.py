"""A show drawn live: the drawer that puts a player's frames into one render window (the
presentation window's, or an offscreen one), and the headless loop that runs a show's clock
with no window at all (`perijove show --headless`: tests and rendering nodes).

The drawer holds the same frame time as the main window for the same projection and size
because it does the same work: a perspective frame is drawn straight into the window (the
same SceneRenderer, labels and text actors as gui/viewport.py), with the captions as fixed
text the labels avoid, the fade as a translucent black quad and the credits on a top layer.
A dome or 360 frame is rendered from cube faces at the window preview's face detail and
shown as an image, as the window's previews are. Only a crossfade costs more, for the
seconds it lasts: both chapters are rendered in the same window without a buffer swap, read
back, blended with numpy and shown as one image.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import (
    vtkActor2D,
    vtkCoordinate,
    vtkImageActor,
    vtkPolyDataMapper2D,
    vtkRenderer,
    vtkRenderWindow,
)

from perijove.export.show_captions import credits_items
from perijove.export.show_frames import (
    ShowFrameRenderer,
    ShowStage,
    darken,
    mix,
    visible_chapters,
)
from perijove.render.annotations import annotate
from perijove.render.letterbox import show_letterboxed
from perijove.render.overlay2d import OverlayActors
from perijove.render.view import SceneRenderer, write_png
from perijove.scene.exposure import exposure_gain, exposure_note
from perijove.scene.projection import Equirect, Fisheye, Perspective
from perijove.show.player import ChapterView, ShowFrame, ShowPlayer, ShowTimeline

log = logging.getLogger(__name__)

# Dome and 360 frames live: cube faces at half the frame's own detail, as the main window's
# previews render them (gui/viewport.py PREVIEW_FACE_SCALE), so both hold the same frame time.
LIVE_FACE_SCALE = 0.5
MAX_LIVE_FRAME_PX = 4096
FRAME_TIMES_KEPT = 600  # frame times remembered for the console and the bench (bounded)


def live_frame_size(projection: object, window_px: tuple[int, int]) -> tuple[int, int]:
    """The projected frame that fills a window: the largest square (dome) or 2:1 (360) frame
    that fits, even-sized; a perspective frame is the window itself."""
    w, h = window_px
    if isinstance(projection, Fisheye):
        side = min(w, h, MAX_LIVE_FRAME_PX) // 2 * 2
        return max(side, 16), max(side, 16)
    if isinstance(projection, Equirect):
        side = min(w // 2, h, MAX_LIVE_FRAME_PX // 2) // 2 * 2
        return max(2 * side, 32), max(side, 16)
    return w, h


def live_face_px(projection: object, frame_px: tuple[int, int]) -> int:
    """The window previews' cube-face size for a projected frame."""
    return max(64, int(2 * projection.pixels_per_radian(frame_px) * LIVE_FACE_SCALE))


def _black_quad() -> vtkActor2D:
    """A black rectangle over the whole viewport (normalized viewport coordinates)."""
    points = vtkPoints()
    for x, y in ((0, 0), (1, 0), (1, 1), (0, 1)):
        points.InsertNextPoint(x, y, 0)
    cells = vtkCellArray()
    cells.InsertNextCell(4)
    for i in range(4):
        cells.InsertCellPoint(i)
    poly = vtkPolyData()
    poly.SetPoints(points)
    poly.SetPolys(cells)
    coordinate = vtkCoordinate()
    coordinate.SetCoordinateSystemToNormalizedViewport()
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    mapper.SetTransformCoordinate(coordinate)
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    actor.GetProperty().SetColor(0.0, 0.0, 0.0)
    actor.SetVisibility(False)
    return actor


class LiveShowDrawer:
    """Draws ShowFrames into a render window (given, e.g. the presentation window's, or a new
    offscreen one of `size_px`). `draw` raises whatever failed; the caller reports it to the
    player, which restarts the chapter."""

    def __init__(self, stage: ShowStage, render_window: vtkRenderWindow | None = None,
                 size_px: tuple[int, int] = (1280, 720), face_px: int | None = None) -> None:
        session = stage.session
        self.stage = stage
        self.scene = SceneRenderer(session.maps, render_window=render_window, size=size_px,
                                   spacecraft_model=session.spacecraft_model)
        self.window = self.scene.window
        self.actors = OverlayActors(self.scene.overlay)
        layers = self.window.GetNumberOfLayers()
        self.window.SetNumberOfLayers(layers + 1)
        self.top = vtkRenderer()  # the fade's black and the credits, over everything
        self.top.SetLayer(layers)
        self.top.InteractiveOff()
        self.window.AddRenderer(self.top)
        self._black = _black_quad()
        self.top.AddViewProp(self._black)
        self.top_actors = OverlayActors(self.top)
        self._image_actor: vtkImageActor | None = None
        self.face_px = face_px
        self.compositor: ShowFrameRenderer | None = None
        self.last_rgb: np.ndarray | None = None  # the last composited frame
        self.path = ""  # how the last frame was drawn: direct, composited or black
        self.drawn: ShowFrame | None = None
        self.frame_ms: deque[float] = deque(maxlen=FRAME_TIMES_KEPT)
        self.picture_ms: deque[float] = deque(maxlen=FRAME_TIMES_KEPT)  # black ones left out

    def size_px(self) -> tuple[int, int]:
        w, h = self.window.GetSize()
        return max(int(w), 1), max(int(h), 1)

    # --- drawing ------------------------------------------------------------------------

    def draw(self, frame: ShowFrame) -> None:
        """Draw one frame and render the window."""
        started = time.perf_counter()
        size = self.size_px()
        if size != self.stage.size_px:
            self.stage.set_size(size)
        perspective = isinstance(self.stage.projection, Perspective)
        if frame.blackout or frame.black >= 1.0:
            self._draw_black(frame, size)
        elif not perspective:
            self._draw_composited(frame, size)
        elif len(shown := visible_chapters(frame)) == 2:
            self._draw_crossfade(frame, size)
        else:
            self.path = "direct"
            self._draw_direct(shown[0], size)
            self._set_top(frame, frame.black, size)
        self.window.Render()
        self.drawn = frame
        ms = (time.perf_counter() - started) * 1000.0
        self.frame_ms.append(ms)
        if self.path != "black":
            self.picture_ms.append(ms)

    def _set_top(self, frame: ShowFrame, black: float, size: tuple[int, int]) -> None:
        self._black.SetVisibility(black > 0.0)
        self._black.GetProperty().SetOpacity(min(max(black, 0.0), 1.0))
        credits = [] if frame.blackout else credits_items(
            frame.credits, frame.credits_opacity, self.stage.projection, size)
        self.top_actors.show(credits, [], size[1])

    def _scene_off(self) -> None:
        for r in self.scene.slices:
            r.DrawOff()
        self.actors.clear()

    def _draw_black(self, frame: ShowFrame, size: tuple[int, int]) -> None:
        self.path = "black"
        self._scene_off()
        self.scene.present.DrawOff()
        self._set_top(frame, 1.0, size)

    def _draw_direct(self, view: ShowFrame | ChapterView, size: tuple[int, int]) -> None:
        """Set up what the window's perspective viewport draws (the scene, its labels and
        text), with the chapter's captions as fixed text the labels avoid."""
        stage, session = self.stage, self.stage.session
        fixed = stage.caption_items(view)
        state, camera = stage.view(view.chapter, view.t_tdb_s, view.camera)
        options = session.options
        self.scene.update(state, session.scene.graph, options)
        gain = exposure_gain(state, camera, size, options.exposure_ev)
        ann = annotate(state, session.scene.graph, camera, size, session.focus(),
                       options.labels, session.maps, fixed,
                       exposure_note(gain, options.exposure_ev is None))
        self.scene.present.DrawOff()
        self.scene.prepare(camera, exposure=gain)
        self.actors.show(ann.texts, ann.rings, size[1])

    def _draw_crossfade(self, frame: ShowFrame, size: tuple[int, int]) -> None:
        """Both chapters rendered in this window without showing them (no buffer swap),
        read back, blended with numpy, darkened, and shown as one image."""
        self.path = "crossfade"
        self._black.SetVisibility(False)
        self.top_actors.clear()
        rgbs = []
        self.window.SwapBuffersOff()
        try:
            for view in (frame.crossfade, frame):
                self._draw_direct(view, size)
                self.window.Render()
                rgbs.append(self.scene.capture_rgb())
        finally:
            self.window.SwapBuffersOn()
        rgb = darken(mix(rgbs[1], rgbs[0], frame.crossfade_mix), frame.black)
        self.last_rgb = rgb
        self._scene_off()
        self._show_image(rgb, size)

    def _draw_composited(self, frame: ShowFrame, size: tuple[int, int]) -> None:
        """A dome or 360 frame: rendered from cube faces offscreen, shown as an image."""
        self.path = "composited"
        rgb = self._compositor(live_frame_size(self.stage.projection, size)).render(frame)
        self.last_rgb = rgb
        self._scene_off()
        self._show_image(rgb, size)
        self._black.SetVisibility(False)  # the compositor drew the fade and the credits
        self.top_actors.clear()

    def _compositor(self, frame_px: tuple[int, int]) -> ShowFrameRenderer:
        """The offscreen compositor for frames of this size (made once per size)."""
        if self.compositor is None or self.compositor.size_px != frame_px:
            if self.compositor is not None:
                self.compositor.release()
            face = self.face_px
            if face is None:
                face = live_face_px(self.stage.projection, frame_px)
            self.compositor = ShowFrameRenderer(self.stage, frame_px, face)
        return self.compositor

    def _show_image(self, rgb: np.ndarray, size: tuple[int, int]) -> None:
        self.scene.present.DrawOn()
        self._image_actor = show_letterboxed(self.scene.present, self._image_actor, rgb, size)

    def warm_up(self, timeline: ShowTimeline) -> None:
        """Before the show: draw each chapter at its start and at its closest approach (or
        its middle) behind an opaque black, so the meshes, shaders and textures it needs
        are built now rather than at a chapter switch (the audience sees black)."""
        size = self.size_px()
        if size != self.stage.size_px:
            self.stage.set_size(size)
        perspective = isinstance(self.stage.projection, Perspective)
        for k, c in enumerate(timeline.show.chapters):
            middle = c.duration_s / 2
            if c.ca_tdb_s is not None and c.start_tdb_s <= c.ca_tdb_s <= c.end_tdb_s:
                middle = c.chapter_s_of(c.ca_tdb_s)
            for chapter_s in (0.0, middle):
                frame = replace(timeline.frame_at(timeline.chapter_starts_s[k] + chapter_s),
                                crossfade=None, crossfade_mix=0.0, black=0.0, credits=(),
                                credits_opacity=0.0, blackout=False)
                if perspective:
                    self._draw_direct(frame, size)
                    self._set_top(frame, 1.0, size)
                    self.window.Render()
                else:
                    self._compositor(live_frame_size(self.stage.projection, size)).render(
                        frame)
        self._draw_black(timeline.frame_at(0.0), size)
        self.window.Render()
        self.drawn = None

    # --- what is on screen -------------------------------------------------------------

    def capture_rgb(self) -> np.ndarray:
        """The last frame drawn, as an (H, W, 3) array (the composited image itself, or the
        window read back)."""
        if self.path in ("composited", "crossfade") and self.last_rgb is not None:
            return self.last_rgb
        return self.scene.capture_rgb()

    def release(self) -> None:
        if self.compositor is not None:
            self.compositor.release()
            self.compositor = None
        self.scene.release()


class ShowRunner:
    """One turn of a live show, shared by the presentation window's timer and the headless
    loop: tick the player by the wall time since the last turn (always, playing or paused:
    remote commands are applied in `tick`), draw the frame if it changed, and survive any
    failure by reporting it to the player (which restarts the chapter, or moves on)."""

    def __init__(self, player: ShowPlayer, drawer: LiveShowDrawer,
                 on_chapter: Callable[[dict[str, Any]], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`clock`: wall seconds (time.monotonic; tests step it)."""
        self.player = player
        self.clock = clock
        self.drawer = drawer
        self.on_chapter = on_chapter
        self.drawn_chapter: int | None = None
        self.drawn_credits = False
        self.switch_ms: deque[float] = deque(maxlen=FRAME_TIMES_KEPT)
        self.errors = 0
        self._last: float | None = None  # the show's clock starts at the first turn

    def turn(self) -> bool:
        """Advance and draw; True if a frame was drawn."""
        now = self.clock()
        dt = 0.0 if self._last is None else now - self._last
        self._last = now
        started = time.perf_counter()
        try:
            frame = self.player.tick(dt)
            if frame == self.drawer.drawn:
                return False
            self.drawer.draw(frame)
        except Exception as exc:  # noqa: BLE001 - the show goes on: restart the chapter
            self.errors += 1
            log.warning("show frame failed: %s", exc)
            self.player.report_error(exc)
            self.drawer.drawn = None
            return False
        in_credits = bool(frame.credits)
        if frame.chapter != self.drawn_chapter or in_credits != self.drawn_credits:
            ms = (time.perf_counter() - started) * 1000.0
            first = self.drawn_chapter is None
            self.drawn_chapter, self.drawn_credits = frame.chapter, in_credits
            if not first:
                self.switch_ms.append(ms)
            if self.on_chapter is not None:
                self.on_chapter({"event": "credits" if in_credits else "chapter",
                                 "chapter": frame.chapter, "chapters":
                                 len(self.player.show.chapters),
                                 "title": frame.chapter_title, "show_s": round(frame.show_s, 3),
                                 "first_frame_ms": round(ms, 1), "path": self.drawer.path})
        return True


class HeadlessShow:
    """A show with no window: its clock, its remote control (started by the caller) and
    offscreen frames. Ends when `stop` is set, or (with `exit_at_end`) when a show that does
    not loop has finished."""

    def __init__(self, runner: ShowRunner, max_fps: float = 30.0, exit_at_end: bool = True,
                 snapshot: Path | None = None, snapshot_every_s: float = 1.0) -> None:
        self.runner = runner
        self.max_fps = max_fps
        self.exit_at_end = exit_at_end
        self.snapshot = snapshot
        self.snapshot_every_s = snapshot_every_s
        self._snapshot_at = -float("inf")

    def run(self, stop: threading.Event) -> None:
        player, period = self.runner.player, 1.0 / self.max_fps
        while not stop.is_set():
            started = time.monotonic()
            if self.runner.turn():
                self._write_snapshot()
            status = player.status()
            if (self.exit_at_end and not status["playing"] and not player.kiosk
                    and status["show_s"] >= status["duration_s"]):
                return
            stop.wait(max(0.0, period - (time.monotonic() - started)))

    def _write_snapshot(self) -> None:
        """The frame on screen, to the snapshot file, at most once every `snapshot_every_s`
        (written to a temporary name and renamed, so a reader never sees half a file)."""
        now = time.monotonic()
        if self.snapshot is None or now - self._snapshot_at < self.snapshot_every_s:
            return
        self._snapshot_at = now
        try:
            write_png(self.runner.drawer.capture_rgb(), self.snapshot)
        except OSError as exc:
            log.warning("%s", exc)
