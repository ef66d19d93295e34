"""A show's frames as pixels: the stage (a session set up for each chapter) and the
compositor that turns a `ShowFrame` into RGB.

Everything that shows a show uses these pieces, so the pixels agree: the rendered export
(export/show_export.py), the presentation window and headless mode (export/show_live.py).

Composition, as `ShowFrame` documents it: the chapter rendered at its simulated time with
its camera and its captions (the scene's labels avoid them); during a crossfade the outgoing
chapter rendered too and mixed in with numpy; then darkened by the fade's black level; the
closing credits drawn on top.

Captions and credits are placed by export/show_captions.py; the stage says what each
caption must keep clear of (`ShowStage.caption_subjects`).
"""

from __future__ import annotations

import numpy as np

from perijove.export.show_captions import Subject, caption_items, credits_items
from perijove.flybys.catalog import find
from perijove.render.annotations import label_font_px
from perijove.render.frame_renderer import FrameRenderer
from perijove.render.overlay2d import TextItem, composite
from perijove.scene.camera import CameraState
from perijove.scene.camera_modes import CameraMode
from perijove.scene.flyby import FlybyTrack
from perijove.scene.layout import POINT_SUBJECT_FONTS, subject_discs
from perijove.scene.projection import Equirect, Fisheye, Perspective, Projection
from perijove.scene.state import SceneState
from perijove.session import Session
from perijove.show.player import CameraSpec, ChapterView, ShowFrame, VisibleCaption
from perijove.show.show_file import Projection as ShowProjection
from perijove.show.show_file import Show, ShowFileError

HALF_LEVEL = 0.5 / 255  # a weight below this moves an 8-bit pixel by at most one level
# A body counts as a subject captions keep clear of when its disc's radius is at least this
# fraction of the frame's height (the chapter's own moon and Juno always count).
LARGE_BODY_FRAC = 0.04


def show_projection(p: ShowProjection) -> Projection:
    """The scene projection for a show file's projection (kind, fov, tilt)."""
    if p.kind == "fisheye":
        return Fisheye(p.fov_deg, p.tilt_deg)
    if p.kind == "equirect":
        return Equirect()
    return Perspective(p.fov_deg)


# --- the stage -------------------------------------------------------------------------------


class ShowStage:
    """A session set up for one chapter at a time. Each chapter's flyby track and camera
    mode are built once (`prepare`) and reused, so a chapter switch costs a few
    milliseconds and a crossfade can alternate between two chapters every frame."""

    def __init__(self, show: Show, session: Session, projection: Projection,
                 size_px: tuple[int, int]) -> None:
        self.show = show
        self.session = session
        self.projection = projection
        self.size_px = size_px
        self.set_size(size_px)
        self._tracks: dict[tuple[str, float, float], FlybyTrack] = {}
        self._modes: dict[int, CameraMode] = {}
        self._subjects: dict[tuple, tuple[Subject, ...]] = {}
        self.current: int | None = None
        # What every chapter shows (the command line's choices); a chapter's overlays add to it.
        self.base_options = session.options

    def set_size(self, size_px: tuple[int, int]) -> None:
        """The output's size: a perspective camera frames its bodies for this aspect."""
        self.size_px = size_px
        w, h = size_px
        self.session.set_projection(self.projection, w / h if isinstance(
            self.projection, Perspective) else 1.0)

    def prepare(self) -> None:
        """Build every chapter's track and camera, and evaluate each chapter's first moment
        once (the ephemeris caches its models): chapter switches are quick from then on."""
        for k, chapter in enumerate(self.show.chapters):
            self.enter(k)
            spec = CameraSpec(chapter.camera, chapter.camera_file,
                              chapter.camera_anim_s(chapter.start_tdb_s))
            self.view(k, chapter.start_tdb_s, spec)

    def _track(self, k: int) -> FlybyTrack:
        c = self.show.chapters[k]
        key = (c.flyby_id, c.start_tdb_s, c.end_tdb_s)
        track = self._tracks.get(key)
        if track is None:
            from perijove.core.provenance import SourceKind

            eph = self.session.ephemeris
            flyby = find(c.flyby_id)
            if eph.source("juno", flyby.ca_tdb_s).kind is SourceKind.ILLUSTRATIVE_MODEL:
                where = f"show file '{self.show.path}'" if self.show.path else "show"
                raise ShowFileError(
                    f"{where}: chapter {c.number} (\"{c.title}\"): flyby {flyby.id} has no "
                    "trajectory at closest approach; load Juno's kernel with --kernel or "
                    "choose another flyby")
            track = FlybyTrack(flyby, eph, (c.start_tdb_s, c.end_tdb_s))
            self._tracks[key] = track
        return track

    def enter(self, k: int) -> None:
        """Put chapter k's flyby in the scene and aim its camera."""
        if k == self.current:
            return
        c = self.show.chapters[k]
        session = self.session
        if c.flyby_id:
            track = self._track(k)
            if session.scene.flyby is not track:
                session.scene.add_flyby(track)
        elif session.scene.flyby is not None:
            session.scene.remove_flyby()
        mode = self._modes.get(k)
        if mode is None:
            mode = (session.path_mode(c.camera_scene) if c.camera == "path"
                    else session.camera_mode(c.camera))
            self._modes[k] = mode
        session.set_camera_mode(mode)
        base = self.base_options
        session.options = base.with_(features=base.features or "features" in c.overlays,
                                     infrared=base.infrared or "infrared" in c.overlays)
        self.current = k

    def view(self, k: int, t_tdb_s: float, camera: CameraSpec
             ) -> tuple[SceneState, CameraState]:
        """The state and the camera of chapter k at simulated time t."""
        self.enter(k)
        mode = self.session.rig.mode
        if camera.anim_s is not None and hasattr(mode, "anim_s"):
            mode.anim_s = camera.anim_s
        state = self.session.state_at(t_tdb_s)
        return state, self.session.camera(state).with_(projection=self.projection)

    def focus(self) -> str:
        return self.session.focus()

    def caption_subjects(self, k: int, captions: tuple[VisibleCaption, ...]
                         ) -> tuple[Subject, ...]:
        """What chapter k's camera shows while these captions are up (see `caption_items`):
        the chapter's moon, Juno and the closest-approach marker, and any body larger than a
        few percent of the frame, at each caption's start, middle and end. Call it before
        `view` for the frame itself (it moves the chapter's clock)."""
        moments = tuple(m for cap in captions for m in cap.moments)
        key = (k, moments, self.size_px)
        found = self._subjects.get(key)
        if found is not None:
            return found
        c = self.show.chapters[k]
        h = self.size_px[1]
        point_px = POINT_SUBJECT_FONTS * label_font_px(h)
        main = (find(c.flyby_id).moon, "juno", "marker:ca") if c.flyby_id else ()
        subjects: list[Subject] = []
        for t, anim_s in moments:
            state, camera = self.view(k, t, CameraSpec(c.camera, c.camera_file, anim_s))
            for name in main:
                for x, y, r in subject_discs(state, camera, self.size_px, (name,), point_px):
                    subjects.append(Subject(x, y, r, name not in state.bodies or r <= point_px))
            others = tuple(b for b in state.bodies if b not in main)
            subjects += [Subject(x, y, r) for x, y, r in
                         subject_discs(state, camera, self.size_px, others, 0.0)
                         if r >= LARGE_BODY_FRAC * h]
        if len(self._subjects) > 256:
            self._subjects.clear()
        found = self._subjects[key] = tuple(subjects)
        return found

    def caption_items(self, view: ChapterView | ShowFrame, weight: float = 1.0
                      ) -> list[TextItem]:
        """The view's captions as text items, placed clear of what its camera shows."""
        if not view.captions:
            return []
        avoid = self.caption_subjects(view.chapter, view.captions) \
            if isinstance(self.projection, Perspective) else ()
        return caption_items(view.captions, self.projection, self.size_px, weight, avoid)

    def credits(self, state: SceneState, bodies: list[str] | None = None) -> list[str]:
        return self.session.credits(state, bodies)


def darken(rgb: np.ndarray, black: float) -> np.ndarray:
    """The frame faded toward black (0: unchanged, 1: black), in place; returns it."""
    if black <= 0.0:
        return rgb
    if black >= 1.0:
        rgb[...] = 0
        return rgb
    rgb[...] = np.rint(rgb.astype(np.float32) * (1.0 - black)).astype(np.uint8)
    return rgb


def mix(a: np.ndarray, b: np.ndarray, weight_b: float) -> np.ndarray:
    """A crossfade: (1 - w) a + w b, rounded to uint8."""
    out = a.astype(np.float32) * (1.0 - weight_b) + b.astype(np.float32) * weight_b
    return np.rint(out).astype(np.uint8)


def visible_chapters(frame: ShowFrame) -> tuple[ShowFrame | ChapterView, ...]:
    """What a frame shows: the chapter; during a crossfade also the outgoing one (second,
    weighted by `crossfade_mix`), or only that one while the incoming one's weight is below
    half a grey level (the first frames of a crossfade), so no render is wasted on pixels
    that cannot change."""
    if frame.crossfade is None or frame.crossfade_mix <= HALF_LEVEL:
        return (frame,)
    if frame.crossfade_mix >= 1.0 - HALF_LEVEL:
        return (frame.crossfade,)
    return (frame, frame.crossfade)


# --- the compositor ------------------------------------------------------------------------


class ShowFrameRenderer:
    """Renders a `ShowFrame` offscreen to an (H, W, 3) uint8 array, in any projection."""

    def __init__(self, stage: ShowStage, size_px: tuple[int, int],
                 face_px: int | None = None) -> None:
        self.stage = stage
        self.size_px = size_px
        self.projection = stage.projection
        session = stage.session
        self.frames = FrameRenderer(session.maps, size_px, stage.projection,
                                    session.spacecraft_model, face_px)
        self.rendered_chapters = 0  # chapter renders (a crossfade frame renders two)

    def chapter_rgb(self, view: ChapterView | ShowFrame, captions_weight: float = 1.0
                    ) -> np.ndarray:
        """One chapter at one moment, with its captions."""
        fixed = self.stage.caption_items(view, captions_weight)
        state, camera = self.stage.view(view.chapter, view.t_tdb_s, view.camera)
        session = self.stage.session
        self.rendered_chapters += 1
        return self.frames.render(state, session.scene.graph, camera, session.options,
                                  session.focus(), fixed)

    def render(self, frame: ShowFrame) -> np.ndarray:
        w, h = self.size_px
        if frame.blackout or frame.black >= 1.0:
            rgb = np.zeros((h, w, 3), np.uint8)
        else:
            shown = visible_chapters(frame)
            rgb = self.chapter_rgb(shown[0])
            if len(shown) == 2:
                rgb = mix(np.array(rgb), self.chapter_rgb(shown[1]), frame.crossfade_mix)
            darken(rgb, frame.black)
        if frame.credits and not frame.blackout:
            composite(rgb, credits_items(frame.credits, frame.credits_opacity,
                                         self.projection, self.size_px), [])
        return rgb

    def release(self) -> None:
        self.frames.release()
