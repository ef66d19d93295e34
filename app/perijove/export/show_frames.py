"""A show's frames as pixels: the stage (a session set up for each chapter), captions and
credits placed for the projection, and the compositor that turns a `ShowFrame` into RGB.

Everything that shows a show uses these pieces, so the pixels agree: the rendered export
(export/show_export.py), the presentation window and headless mode (export/show_live.py).

Composition, as `ShowFrame` documents it: the chapter rendered at its simulated time with
its camera and its captions (the scene's labels avoid them); during a crossfade the outgoing
chapter rendered too and mixed in with numpy; then darkened by the fade's black level; the
closing credits drawn on top.

Where words go, per projection:
- perspective: captions are a lower third (bottom left), unless what the camera shows (the
  chapter's moon, Juno, the closest-approach marker, any large body) would be under it over
  the caption's life: then the corner and wrap width that hide least of it, the same for the
  caption's whole life; credits centred;
- fisheye (a dome master): inside the front-facing safe area, where a seated audience facing
  the front of the dome reads without turning: within +/-50 degrees of azimuth and 10 to 60
  degrees of altitude (fulldome.org / IMERSA dome master notes, as in export/overlays.py).
  Every caption's box is checked corner by corner and along its edges; a block that does
  not fit is wrapped narrower, then set smaller;
- equirect (360): centred, below the middle of the frame (below the horizon of the view).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from perijove.flybys.catalog import find
from perijove.render.annotations import label_font_px
from perijove.render.frame_renderer import FrameRenderer
from perijove.render.overlay2d import (
    BACKING_PAD_PX,
    TextItem,
    composite,
    measure_text,
    wrap_text,
)
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

CAPTION_COLOUR = (0.97, 0.96, 0.9)
CAPTION_TEXT_COLOUR = (0.9, 0.9, 0.86)
CREDITS_COLOUR = (0.92, 0.92, 0.88)
CAPTION_BACKING = 0.55  # the dark box behind a caption (times its opacity)
LINE_GAP = 0.25  # of a line's font size, between the title and the text
HALF_LEVEL = 0.5 / 255  # a weight below this moves an 8-bit pixel by at most one level

# The front-facing safe area of a dome (fulldome.org / IMERSA dome master notes; the same
# figures as export/overlays.py), and the margin captions keep from its edges.
SAFE_AZIMUTH_DEG = 50.0
SAFE_ALTITUDE_DEG = (10.0, 60.0)
SAFE_MARGIN_DEG = 2.0
# Where a caption block sits in the dome: its middle at this altitude (a lower third of the
# safe area), moved up or down only as far as it must to fit.
DOME_CAPTION_ALTITUDE_DEG = 24.0
DOME_CREDITS_ALTITUDE_DEG = 33.0

# Font sizes as fractions of the frame's height: (title, text) per projection. A dome master
# is larger than a screen for the same angle: 0.026 of a 2048 px master is 53 px, about
# 4.7 degrees of the dome (180 degrees over 2048 px), readable from the back rows.
CAPTION_FONTS = {"perspective": (0.048, 0.033), "fisheye": (0.026, 0.019),
                 "equirect": (0.034, 0.025)}
CREDITS_FONTS = {"perspective": (0.05, 0.032), "fisheye": (0.026, 0.018),
                 "equirect": (0.034, 0.024)}
# A body counts as a subject captions keep clear of when its disc's radius is at least this
# fraction of the frame's height (the chapter's own moon and Juno always count).
LARGE_BODY_FRAC = 0.04

CAPTION_WIDTH = {"perspective": 0.55, "fisheye": 0.40, "equirect": 0.2}  # of the width
# A perspective caption's wrap widths (of the frame's width), tried widest first: a narrower
# block fits into a corner beside what the camera shows.
CAPTION_WRAPS = (CAPTION_WIDTH["perspective"], 0.42, 0.32)
CREDITS_WIDTH = {"perspective": 0.8, "fisheye": 0.42, "equirect": 0.25}


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


# --- words on the frame --------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    text: str
    font_frac: float
    bold: bool
    opacity: float
    colour: tuple[float, float, float]
    backing: float = 0.0  # the dark box behind it (0: glyph shadows only)


def dome_az_alt_deg(projection: Fisheye, x_px: np.ndarray, y_px: np.ndarray,
                    size_px: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Azimuth (from the front, positive to the right) and altitude of frame pixels in a
    dome master: the inverse of `Fisheye.dome_direction_px`."""
    w, h = size_px
    dx = (np.asarray(x_px, float) - w / 2) / (w / 2)
    dy = (h / 2 - np.asarray(y_px, float)) / (w / 2)
    theta_deg = np.hypot(dx, dy) * projection.aperture_deg / 2
    phi_deg = np.degrees(np.arctan2(dy, dx))
    azimuth = (phi_deg + 90.0 + 180.0) % 360.0 - 180.0
    return azimuth, 90.0 - theta_deg


def in_dome_safe_area(projection: Fisheye, box: tuple[float, float, float, float],
                      size_px: tuple[int, int], margin_deg: float = 0.0) -> bool:
    """Whether a pixel box (left, top, right, bottom) lies inside the front-facing safe
    area, checked along its four edges."""
    left, top, right, bottom = box
    s = np.linspace(0.0, 1.0, 9)
    xs = np.concatenate([left + (right - left) * s, left + (right - left) * s,
                         np.full_like(s, left), np.full_like(s, right)])
    ys = np.concatenate([np.full_like(s, top), np.full_like(s, bottom),
                         top + (bottom - top) * s, top + (bottom - top) * s])
    az, alt = dome_az_alt_deg(projection, xs, ys, size_px)
    lo, hi = SAFE_ALTITUDE_DEG
    return bool(np.all(np.abs(az) <= SAFE_AZIMUTH_DEG - margin_deg)
                and np.all(alt >= lo + margin_deg) and np.all(alt <= hi - margin_deg))


def _laid_out(parts: list[_Part], scale: float, width_px: float, h: int
              ) -> list[tuple[_Part, str, int, float, float]]:
    """Each part wrapped: (part, text, font_px, width, height)."""
    out = []
    for p in parts:
        font = max(10, int(round(p.font_frac * h * scale)))
        text = wrap_text(p.text, font, width_px, p.bold)
        tw, th = measure_text(text, font, p.bold)
        out.append((p, text, font, tw, th))
    return out


def _stack(laid: list, left_of: callable, top_px: float, centred: bool = False  # noqa: ANN001
           ) -> list[tuple[int, TextItem]]:
    """The parts one under another from `top_px`, as (part index, item); in a centred block
    without backing each wrapped line is an item of its own, centred on its own."""
    items, y = [], top_px
    for k, (p, text, font, tw, th) in enumerate(laid):
        if k:
            y += _gap(font)
        lines = text.split("\n") if centred and p.backing == 0.0 else [text]
        if len(lines) == 1:
            items.append((k, TextItem(text, left_of(tw), y, font, p.colour, p.bold,
                                      p.backing * p.opacity, p.opacity)))
        else:  # the same line pitch as the block: split where VTK would break the lines
            pitch = th / len(lines)
            for n, line in enumerate(lines):
                lw, _ = measure_text(line, font, p.bold)
                items.append((k, TextItem(line, left_of(lw), y + n * pitch, font, p.colour,
                                          p.bold, 0.0, p.opacity)))
        y += th
    return items


def _items(pairs: list[tuple[int, TextItem]]) -> list[TextItem]:
    return [item for _, item in pairs]


def _gap(font_px: int) -> float:
    """Between two lines of a block: clear of both backing boxes, so the labels' layout
    (render/annotations.settle) sees no overlap and moves nothing."""
    return max(LINE_GAP * font_px, 2 * BACKING_PAD_PX + 3)


def _block_height(laid: list) -> float:
    return sum(th for *_, th in laid) + sum(_gap(font) for _, _, font, _, _ in laid[1:])


def _place_in_dome(parts: list[_Part], projection: Fisheye, size_px: tuple[int, int],
                   altitude_deg: float, width_frac: float) -> list[TextItem]:
    """A centred block in the dome's front safe area, its middle near `altitude_deg`: the
    widest wrap and the largest type that fit, checked edge by edge. The search runs once
    per block of text (a fade changes only the opacity)."""
    solid = tuple(replace(p, opacity=1.0) for p in parts)
    placed = _place_in_dome_solid(solid, projection, size_px, altitude_deg, width_frac)
    return [replace(item, opacity=parts[k].opacity,
                    backing=parts[k].backing * parts[k].opacity) for k, item in placed]


@lru_cache(maxsize=64)
def _place_in_dome_solid(parts: tuple[_Part, ...], projection: Fisheye,
                         size_px: tuple[int, int], altitude_deg: float, width_frac: float
                         ) -> tuple[tuple[int, TextItem], ...]:
    w, h = size_px
    cx = w / 2
    best: list[tuple[int, TextItem]] = []
    for scale in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4):
        for frac in np.linspace(width_frac, 0.12, 8):
            laid = _laid_out(list(parts), scale, frac * w, h)
            height = _block_height(laid)
            # Try the middle at the wanted altitude, then nudged up and down.
            for shift in (0.0, 3.0, -3.0, 6.0, -6.0, 9.0, 12.0, -9.0, 15.0):
                _, y_mid = projection.dome_direction_px(0.0, altitude_deg + shift, size_px)
                best = _stack(laid, lambda tw: cx - tw / 2, y_mid - height / 2, True)
                if all(in_dome_safe_area(projection, _box(i), size_px, SAFE_MARGIN_DEG)
                       for _, i in best):
                    return tuple(best)
    return tuple(best)  # nothing fits even at the smallest size: as small as it gets


def _box(item: TextItem) -> tuple[float, float, float, float]:
    tw, th = measure_text(item.text, item.font_px, item.bold)
    pad = BACKING_PAD_PX if item.backing > 0 else 0
    return (item.left_px - pad, item.top_px - pad, item.left_px + tw + pad,
            item.top_px + th + pad)


def text_box(item: TextItem) -> tuple[float, float, float, float]:
    """The pixel box (left, top, right, bottom) a text item covers, its backing included."""
    return _box(item)


def _caption_parts(captions: tuple[VisibleCaption, ...], kind: str,
                   weight: float = 1.0) -> list[_Part]:
    title_f, text_f = CAPTION_FONTS[kind]
    parts: list[_Part] = []
    for cap in captions:
        opacity = cap.opacity * weight
        if opacity <= 0.0:
            continue
        if cap.title:
            parts.append(_Part(cap.title, title_f, True, opacity, CAPTION_COLOUR,
                               CAPTION_BACKING))
        if cap.text:
            parts.append(_Part(cap.text, text_f, False, opacity, CAPTION_TEXT_COLOUR,
                               CAPTION_BACKING))
    return parts


@dataclass(frozen=True)
class Subject:
    """Something on screen a caption should not hide: a disc in the frame (px). A body's
    disc may be partly covered at a cost in proportion; a point (Juno, a marker, with room
    for its label) is either hidden or not, and hiding one costs `POINT_COST`."""

    x_px: float
    y_px: float
    radius_px: float
    point: bool = False


POINT_COST = 10.0  # hiding Juno or a marker outweighs covering a whole box of a body's disc


def covered_fraction(box: tuple[float, float, float, float], subjects: tuple[Subject, ...]
                     ) -> float:
    """What a pixel box (left, top, right, bottom) hides: the fraction of it over the
    bodies' discs (from a grid of points across it), plus `POINT_COST` per point whose disc
    it touches."""
    left, top, right, bottom = box
    cost = 0.0
    bodies = [d for d in subjects if not d.point]
    if bodies:
        x, y = np.meshgrid(np.linspace(left, right, 24), np.linspace(top, bottom, 8))
        inside = np.zeros(x.shape, bool)
        for d in bodies:
            inside |= (x - d.x_px) ** 2 + (y - d.y_px) ** 2 <= d.radius_px ** 2
        cost += float(inside.mean())
    for d in subjects:
        if d.point:
            nx = min(max(d.x_px, left), right)
            ny = min(max(d.y_px, top), bottom)
            if (nx - d.x_px) ** 2 + (ny - d.y_px) ** 2 <= d.radius_px ** 2:
                cost += POINT_COST
    return cost


def _lower_third(parts: list[_Part], size_px: tuple[int, int], avoid: tuple[Subject, ...]
                 ) -> list[tuple[int, TextItem]]:
    """A perspective caption block: bottom left, else the corner and the wrap width (widest
    first) that hide least of the subjects; ties keep the earlier (bottom left, bottom right,
    top left, top right)."""
    w, h = size_px
    margin_x, margin_y = 0.05 * w, 0.07 * h
    best: list[tuple[int, TextItem]] = []
    best_cost = None
    for width_frac in CAPTION_WRAPS:
        laid = _laid_out(parts, 1.0, width_frac * w, h)
        height = _block_height(laid)
        width = max(tw for _, _, _, tw, _ in laid) + 2 * BACKING_PAD_PX
        for left, top in ((margin_x, h - margin_y - height),
                          (w - margin_x - width, h - margin_y - height),
                          (margin_x, margin_y), (w - margin_x - width, margin_y)):
            cost = covered_fraction((left - BACKING_PAD_PX, top - BACKING_PAD_PX,
                                     left + width, top + height + BACKING_PAD_PX), avoid) \
                if avoid else 0.0
            if best_cost is None or cost < best_cost - 1e-9:
                best = _stack(laid, lambda tw, x=left: x, top)
                best_cost = cost
            if cost == 0.0:
                return best
    return best


def caption_items(captions: tuple[VisibleCaption, ...], projection: Projection,
                  size_px: tuple[int, int], weight: float = 1.0,
                  avoid: tuple[Subject, ...] = ()) -> list[TextItem]:
    """The visible captions (each a title and a short text) as text items for the frame; a
    perspective frame's captions keep clear of the subjects in `avoid` where a corner and a
    narrower wrap allow."""
    parts = _caption_parts(captions, projection.name, weight)
    if not parts:
        return []
    w, h = size_px
    if isinstance(projection, Fisheye):
        return _place_in_dome(parts, projection, size_px, DOME_CAPTION_ALTITUDE_DEG,
                              CAPTION_WIDTH["fisheye"])
    if isinstance(projection, Equirect):  # centred, below the middle (the view's horizon)
        laid = _laid_out(parts, 1.0, CAPTION_WIDTH[projection.name] * w, h)
        return _items(_stack(laid, lambda tw: w / 2 - tw / 2, h / 2 + 0.07 * h, True))
    return _items(_lower_third(parts, size_px, avoid))


def credits_items(lines: tuple[str, ...], opacity: float, projection: Projection,
                  size_px: tuple[int, int]) -> list[TextItem]:
    """The closing credits, centred (in a dome: in the front safe area); the first line is
    the heading."""
    if not lines or opacity <= 0.0:
        return []
    head_f, line_f = CREDITS_FONTS[projection.name]
    parts = [_Part(line, head_f if k == 0 else line_f, k == 0, opacity, CREDITS_COLOUR)
             for k, line in enumerate(lines)]
    w, h = size_px
    if isinstance(projection, Fisheye):
        return _place_in_dome(parts, projection, size_px, DOME_CREDITS_ALTITUDE_DEG,
                              CREDITS_WIDTH["fisheye"])
    laid = _laid_out(parts, 1.0, CREDITS_WIDTH[projection.name] * w, h)
    height = _block_height(laid)
    if isinstance(projection, Equirect):
        return _items(_stack(laid, lambda tw: w / 2 - tw / 2, h / 2 + 0.05 * h, True))
    return _items(_stack(laid, lambda tw: w / 2 - tw / 2, (h - height) / 2, True))


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
