"""`perijove screenshot`: one frame, offscreen, exactly as the window would draw it."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from perijove.render.frame_renderer import FrameRenderer
from perijove.render.view import write_png
from perijove.scene.camera import CameraState
from perijove.session import Session


class ScreenshotError(ValueError):
    """A user-facing problem with screenshot arguments; one sentence."""


def parse_size(text: str, max_px: tuple[int, int] = (7680, 4320)) -> tuple[int, int]:
    try:
        w_text, h_text = text.lower().split("x")
        w, h = int(w_text), int(h_text)
    except ValueError:
        raise ScreenshotError(f"size '{text}' is not WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (16 <= w <= max_px[0] and 16 <= h <= max_px[1]):
        raise ScreenshotError(f"size '{text}' must be between 16x16 and "
                              f"{max_px[0]}x{max_px[1]} pixels")
    return w, h


def check_output_path(out: Path) -> None:
    from perijove.core.messages import os_reason, shown_path

    if len(out.name.encode("utf-8", "surrogateescape")) > 255:
        raise ScreenshotError(f"file name '{out.name[:40]}...' is longer than 255 bytes, the "
                              "limit of most file systems; choose a shorter --out")
    try:
        if out.is_dir():
            raise ScreenshotError(f"'{shown_path(out)}' is a folder; give a file name such as "
                                  "shot.png")
        parent = out.resolve().parent
        if not parent.is_dir():
            raise ScreenshotError(f"folder '{shown_path(parent)}' does not exist; create it or "
                                  "choose another --out")
    except OSError as exc:
        raise ScreenshotError(f"--out '{shown_path(out)}' cannot be used ({os_reason(exc)})") \
            from None
    if not os.access(parent, os.W_OK):
        raise ScreenshotError(f"folder '{shown_path(parent)}' is not writable; choose another "
                              "--out")


def radec_direction(ra_deg: float, dec_deg: float) -> np.ndarray:
    """Unit vector on ICRF axes toward right ascension and declination (degrees)."""
    ra, dec = math.radians(ra_deg), math.radians(dec_deg)
    return np.array([math.cos(dec) * math.cos(ra), math.cos(dec) * math.sin(ra), math.sin(dec)])


def look_camera(session: Session, focus: str, distance_km: float, ra_deg: float,
                dec_deg: float) -> CameraState:
    """The view axis toward (RA, Dec) with celestial north up, the camera `distance_km`
    from the focus on the opposite side (the focus seen against that part of the sky)."""
    state = session.state()
    centre = state.position_of(focus)
    d = radec_direction(ra_deg, dec_deg)
    north = np.array([0.0, 0.0, 1.0])
    up = north - np.dot(north, d) * d
    if np.linalg.norm(up) < 1e-9:  # looking at a celestial pole: RA 0 is up
        up = np.array([1.0, 0.0, 0.0]) * (-np.sign(d[2]))
    return CameraState(centre - d * distance_km, centre, up / np.linalg.norm(up),
                       session.projection)


def render_screenshot(session: Session, size_px: tuple[int, int], out: Path,
                      camera: CameraState | None = None, face_px: int | None = None) -> None:
    """Render the session's current frame (or `camera`) offscreen and write a PNG (to a
    temporary name, renamed when complete)."""
    from perijove.render.vtk_setup import prefer_headless_window

    prefer_headless_window()
    check_output_path(out)
    state = session.state()
    cam = camera or session.camera(state)
    frames = FrameRenderer(session.maps, size_px, session.projection, session.spacecraft_model,
                           face_px)
    try:
        rgb = frames.render(state, session.scene.graph, cam, session.options, session.focus())
        try:
            write_png(rgb, out)
        except OSError as exc:
            raise ScreenshotError(str(exc)) from None
    finally:
        frames.release()
