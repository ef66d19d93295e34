"""`perijove screenshot`: render exactly what the window shows into a PNG, with no display."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from perijove.core.bodies import BODIES
from perijove.ephem.system import SystemEphemeris


class ScreenshotError(ValueError):
    """A user-facing problem with screenshot arguments; one sentence."""


def parse_size(text: str) -> tuple[int, int]:
    try:
        w_text, h_text = text.lower().split("x")
        w, h = int(w_text), int(h_text)
    except ValueError:
        raise ScreenshotError(f"size '{text}' is not WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (16 <= w <= 7680 and 16 <= h <= 4320):
        raise ScreenshotError(f"size '{text}' must be between 16x16 and 7680x4320 pixels")
    return w, h


def check_output_path(out: Path) -> None:
    if out.is_dir():
        raise ScreenshotError(f"'{out}' is a folder; give a file name such as shot.png")
    parent = out.resolve().parent
    if not parent.is_dir():
        raise ScreenshotError(
            f"folder '{parent}' does not exist; create it or choose another --out")
    if not os.access(parent, os.W_OK):
        raise ScreenshotError(f"folder '{parent}' is not writable; choose another --out")


def render_screenshot(ephemeris: SystemEphemeris, t_tdb_s: float, size: tuple[int, int],
                      out: Path, focus: str | None = None, distance_km: float | None = None,
                      configure=None) -> None:  # noqa: ANN001 - optional scene callback
    """Render one frame offscreen and write it to `out` (a temporary name, then renamed)."""
    from perijove.render.scene_view import SceneView

    check_output_path(out)
    if focus is not None and (focus not in BODIES or focus == "sun"):
        raise ScreenshotError(f"unknown body '{focus}' for --focus; choose one of: "
                              + ", ".join(b for b in BODIES if b != "sun"))
    if distance_km is not None and not (0 < distance_km < 1e10):  # also nan and inf
        raise ScreenshotError("--distance must be a positive number of kilometres")
    view = SceneView(ephemeris, size=size)
    for warning in view.warnings:
        print(f"perijove: warning: {warning}", file=sys.stderr)
    view.update(t_tdb_s)
    if configure is not None:
        configure(view)
    elif focus is None and distance_km is None:
        view.preset("overview")
    else:
        focus = focus or "jupiter"
        view.place_camera(focus, distance_km or view.default_distance_km(focus))
    view.update(t_tdb_s)
    view.render()
    view.save_png(str(out))
