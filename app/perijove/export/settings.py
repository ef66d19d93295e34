"""What an export is asked to make, and whether it can: settings and their validation.

Simulation time advances exactly (t1 - t0) / frame_count per frame, so a frame's pixels
depend on its index alone (any process, any order).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from perijove.export.encoders import FORMATS
from perijove.scene.options import ViewOptions
from perijove.scene.projection import Perspective, Projection, ProjectionError

MAX_SIZE = (3840, 2160)
MAX_DOME_PX = 8192  # dome masters go to 8K (IMERSA/fulldome practice: 4K and 8K masters)
GIF_MAX_SIDE_PX = 1280
GIF_MAX_FRAMES = 900
CAMERAS = ("follow", "from-juno", "target", "overview")
OVERLAYS = ("time", "distance", "title", "credits")


class ExportError(ValueError):
    """A user-facing export problem; one sentence."""


@dataclass
class ExportSettings:
    out: Path
    start_tdb_s: float
    end_tdb_s: float
    duration_s: float = 20.0
    fps: int = 30
    size: tuple[int, int] = (1920, 1080)
    camera: str = "target"  # follow|from-juno|target|overview|path:FILE
    overlays: tuple[str, ...] = OVERLAYS
    fmt: str = "mp4"
    flyby_id: str | None = None
    title: str = ""
    crf: int | None = None
    bitrate_kbps: int | None = None
    workers: int = 1
    kernels: list[str] = field(default_factory=list)
    trajectories: list[str] = field(default_factory=list)
    projection: Projection = field(default_factory=lambda: Perspective(35.0))
    options: ViewOptions = field(default_factory=ViewOptions)
    face_px: int | None = None  # cube-face size for fisheye/equirect (default: full detail)
    # A camera path's time keys, (animation s, TDB s) pairs: time slows down and holds where
    # the scene file says; empty: time runs linearly from start to end.
    time_keys: tuple[tuple[float, float], ...] = ()
    # Where frames are rendered: None renders on this machine (`workers` processes); a Dask
    # scheduler address (tcp://HOST:8786) renders on that cluster's workers; "local:N"
    # starts a Dask cluster of N processes on this machine for the run.
    cluster: str | None = None
    frames_dir: Path | None = None  # where rendered frames are kept (default: the cache)
    fresh: bool = False  # ignore frames kept from an earlier run of the same export

    @property
    def frame_count(self) -> int:
        return max(1, round(self.duration_s * self.fps))

    def frame_time(self, i: int) -> float:
        if self.time_keys:
            at, t = zip(*self.time_keys, strict=True)
            return float(np.interp(i / self.fps, at, t))
        return self.start_tdb_s + i * (self.end_tdb_s - self.start_tdb_s) / self.frame_count


def partial_path(out: Path) -> Path:
    """Where an export is written until it is complete (same suffix: same container).

    A name that is not UTF-8 or is long gets an ASCII name derived from it instead, so that
    FFmpeg can open it and the temporary name fits where the final name fits."""
    name = f".{out.stem}.partial{out.suffix}"
    try:
        fits = len(name.encode("utf-8")) <= 200
    except UnicodeEncodeError:
        fits = False
    if not fits:
        digest = hashlib.sha256(os.fsencode(out.name)).hexdigest()[:16]
        suffix = out.suffix if out.suffix.isascii() and len(out.suffix) <= 8 else ""
        name = f".perijove-{digest}.partial{suffix}"
    return out.with_name(name)


def max_local_workers() -> int:
    """Render processes this machine can run usefully: twice its cores, at most 64 (each
    holds a scene and an offscreen window; more than the cores only adds memory)."""
    return max(1, min(64, 2 * (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                else (os.cpu_count() or 1))))


def utf8_problem(text: str) -> bool:
    """True for text holding bytes that were not UTF-8 (surrogate escapes from argv)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def is_previous_png_export(folder: Path) -> bool:
    """A folder this exporter wrote before (credits.txt and frame PNGs only): safe to replace."""
    names = [p.name for p in folder.iterdir()]
    return "credits.txt" in names and all(
        n == "credits.txt" or (n.startswith("frame_") and n.endswith(".png")) for n in names)


def validate(s: ExportSettings) -> None:
    w, h = s.size
    if not s.out.name or s.out.name in (".", ".."):
        raise ExportError(f"--out '{s.out}' names no file; give a file name such as flyby.mp4")
    name_bytes = len(os.fsencode(s.out.name))
    if name_bytes > 255:
        raise ExportError(f"--out file name '{s.out.name[:40]}...' is {name_bytes} bytes long; "
                          "file names can have at most 255: choose a shorter one")
    if len(os.fsencode(str(s.out.absolute()))) > 4000:
        raise ExportError(f"--out path '{str(s.out)[:40]}...' is longer than 4,000 bytes; "
                          "choose a shorter one")
    if utf8_problem(s.title):
        raise ExportError(f"--title '{s.title.encode('utf-8', 'replace').decode()}' holds bytes "
                          "that are not UTF-8 text; give the title in UTF-8")
    if s.out.is_dir() and not (s.fmt == "png" and is_previous_png_export(s.out)):
        raise ExportError(f"'{s.out}' is an existing folder that Perijove did not write; "
                          "choose a new name (nothing was changed)")
    if s.crf is not None and not 0 <= s.crf <= (51 if s.fmt == "mp4" else 63):
        raise ExportError(f"--crf {s.crf} is out of range: 0-51 for mp4, 0-63 for webm "
                          "(lower is better)")
    if s.bitrate_kbps is not None and not 0 < s.bitrate_kbps <= 1_000_000:
        raise ExportError(f"--bitrate {s.bitrate_kbps} must be 1-1,000,000 kbit/s")
    if s.fmt not in FORMATS:
        raise ExportError(f"unknown format '{s.fmt}'; choose one of: {', '.join(FORMATS)}")
    if w <= 0 or h <= 0:
        raise ExportError(f"size {w}x{h} must be positive, e.g. 1920x1080")
    try:
        s.projection.check_size(s.size)
    except ProjectionError as exc:
        raise ExportError(str(exc)) from None
    if isinstance(s.projection, Perspective):
        if w > MAX_SIZE[0] or h > MAX_SIZE[1]:
            raise ExportError(f"size {w}x{h} is larger than 3840x2160 (4K); choose a smaller "
                              "--size")
    elif max(w, h) > MAX_DOME_PX:
        raise ExportError(f"size {w}x{h} is larger than {MAX_DOME_PX} px a side; choose a "
                          "smaller --size")
    if s.fmt == "gif" and (max(w, h) > GIF_MAX_SIDE_PX or s.frame_count > GIF_MAX_FRAMES):
        raise ExportError(f"a GIF is for the web: at most {GIF_MAX_SIDE_PX} px a side and "
                          f"{GIF_MAX_FRAMES} frames; choose mp4 or webm for this size")
    if s.fmt in ("mp4", "webm") and (w % 2 or h % 2):
        raise ExportError(f"size {w}x{h} must have even width and height for {s.fmt} "
                          "(yuv420p); e.g. 1920x1080")
    if s.fmt in ("mp4", "webm") and max(w, h) > 4096 * 2:
        raise ExportError(f"size {w}x{h} is too large for {s.fmt}; export a PNG sequence")
    if not 1 <= s.fps <= 120:
        raise ExportError(f"--fps {s.fps} must be between 1 and 120")
    if not (s.duration_s > 0 and s.duration_s < 86400):  # also rejects nan and inf
        raise ExportError("--duration must be a positive number of seconds (under a day)")
    if s.end_tdb_s <= s.start_tdb_s:
        raise ExportError("the end time must come after the start time")
    limit = max_local_workers()
    if s.cluster is None and not 1 <= s.workers <= limit:
        raise ExportError(f"--workers {s.workers} must be between 1 and {limit} on this machine "
                          "(twice its cores); render on more machines with --cluster")
    if s.cluster is not None and not 1 <= s.workers <= 4096:
        raise ExportError(f"--workers {s.workers} must be between 1 and 4096")
    if s.face_px is not None and not 16 <= s.face_px <= 8192:
        raise ExportError(f"--face-size {s.face_px} must be between 16 and 8192 pixels")
    try:
        parent = s.out.resolve().parent
    except (OSError, RuntimeError) as exc:  # a symlink loop, an unreadable component
        raise ExportError(f"--out '{s.out}' cannot be resolved ({exc}); choose another") \
            from None
    if not parent.is_dir():
        raise ExportError(f"folder '{parent}' does not exist; create it or choose another --out")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"folder '{parent}' is not writable; choose another --out")
    if s.frames_dir is not None and s.frames_dir.exists() and not s.frames_dir.is_dir():
        raise ExportError(f"--frames-dir '{s.frames_dir}' is a file; give a folder")
    mode = s.camera.split(":", 1)[0]
    if mode not in (*CAMERAS, "path"):
        raise ExportError(f"unknown camera '{s.camera}'; choose follow, from-juno, target, "
                          "overview or path:FILE")
    if mode in ("follow", "from-juno", "target") and not s.flyby_id:
        raise ExportError(f"--camera {mode} needs --flyby ID (it follows Juno past a moon)")
    if mode == "path":
        from perijove.show.scene_file import SceneFileError, resolve_scene_path

        try:
            resolve_scene_path(s.camera.split(":", 1)[1])
        except SceneFileError as exc:
            raise ExportError(str(exc)) from None
    unknown = set(s.overlays) - set(OVERLAYS)
    if unknown:
        raise ExportError(f"unknown overlay '{sorted(unknown)[0]}'; choose from "
                          f"{', '.join(OVERLAYS)}")
