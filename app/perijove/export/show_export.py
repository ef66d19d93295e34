"""A whole show rendered to files, frame-exactly: `perijove export --show FILE`.

Frame i shows the show at show second i / fps (ShowTimeline.frame_at), and there are
ShowTimeline.frame_count(fps) frames, so the file lasts the show's duration to the frame,
captions, transitions and the closing credits included. Any projection: a dome master is a
folder of numbered square PNG frames (frame_00000.png, ...) with credits.txt beside them;
MP4 and WebM carry the same text in their metadata. The metadata names the show's sources
(every [show] source, numbered as the captions cite them) and the data drawn in its frames.

A frame's pixels depend on its index alone, so worker processes can render interleaved
ranges of frames; this process writes them in order. Nothing appears under the output's
name until the last frame is written.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from perijove.export.encoders import FORMATS, open_encoder
from perijove.export.settings import ExportError, is_previous_png_export, partial_path
from perijove.export.show_frames import ShowFrameRenderer, ShowStage
from perijove.scene.layout import bodies_in_view
from perijove.scene.options import ViewOptions
from perijove.scene.projection import Perspective, Projection
from perijove.session import Session
from perijove.show.player import ShowTimeline
from perijove.show.show_file import Show, load_show

MAX_PERSPECTIVE_PX = (3840, 2160)
MAX_PROJECTED_PX = 8192  # dome masters go to 8K (IMERSA/fulldome practice: 4K and 8K)
METADATA_SAMPLES = 48  # frames sampled for the credits of the data drawn


@dataclass
class ShowExportSettings:
    show: Show
    out: Path
    projection: Projection
    size: tuple[int, int]
    fps: int = 30
    fmt: str = "png"
    face_px: int | None = None
    crf: int | None = None
    bitrate_kbps: int | None = None
    workers: int = 1
    kernels: list[str] = field(default_factory=list)
    trajectories: list[str] = field(default_factory=list)
    options: ViewOptions = field(default_factory=ViewOptions)

    @property
    def timeline(self) -> ShowTimeline:
        return ShowTimeline(self.show)

    @property
    def frame_count(self) -> int:
        return self.timeline.frame_count(self.fps)


@dataclass
class ShowProgress:
    done: int
    total: int
    fps: float
    eta_s: float


def validate(s: ShowExportSettings) -> None:
    """One sentence for the first thing that cannot work."""
    w, h = s.size
    if s.fmt not in FORMATS or s.fmt == "gif":
        raise ExportError(f"a show exports as png (a folder of frames), mp4 or webm, not "
                          f"{s.fmt}")
    if not 1 <= s.fps <= 120:
        raise ExportError(f"--fps {s.fps} must be between 1 and 120")
    try:
        s.projection.check_size(s.size)
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    if isinstance(s.projection, Perspective):
        if w > MAX_PERSPECTIVE_PX[0] or h > MAX_PERSPECTIVE_PX[1]:
            raise ExportError(f"size {w}x{h} is larger than 3840x2160 (4K); choose a smaller "
                              "--size")
    elif max(w, h) > MAX_PROJECTED_PX:
        raise ExportError(f"size {w}x{h} is larger than {MAX_PROJECTED_PX} px a side; choose "
                          "a smaller --size")
    if s.fmt in ("mp4", "webm") and (w % 2 or h % 2):
        raise ExportError(f"size {w}x{h} must have even width and height for {s.fmt}")
    if s.face_px is not None and not 16 <= s.face_px <= 8192:
        raise ExportError(f"--face-size {s.face_px} must be between 16 and 8192 pixels")
    if not 1 <= s.workers <= 64:
        raise ExportError(f"--workers {s.workers} must be between 1 and 64")
    if not s.out.name or s.out.name in (".", ".."):
        raise ExportError(f"--out '{s.out}' names no file or folder; e.g. --out show-frames")
    if s.out.is_dir() and not (s.fmt == "png" and is_previous_png_export(s.out)):
        raise ExportError(f"'{s.out}' is an existing folder that Perijove did not write; "
                          "choose a new name (nothing was changed)")
    if s.out.exists() and not s.out.is_dir() and s.fmt == "png":
        raise ExportError(f"'{s.out}' is a file; a PNG export needs a folder name")
    parent = s.out.resolve().parent
    if not parent.is_dir():
        raise ExportError(f"folder '{parent}' does not exist; create it or choose another --out")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"folder '{parent}' is not writable; choose another --out")


def show_session(s: ShowExportSettings) -> Session:
    session = Session(s.kernels, s.trajectories, s.show.chapters[0].start_tdb_s)
    session.options = s.options
    return session


class ShowFrames:
    """Frame i of an exported show, as an (H, W, 3) uint8 array."""

    def __init__(self, s: ShowExportSettings) -> None:
        from perijove.render.vtk_setup import prefer_headless_window

        prefer_headless_window()
        self.s = s
        self.timeline = s.timeline
        self.session = show_session(s)
        self.stage = ShowStage(s.show, self.session, s.projection, s.size)
        self.stage.prepare()
        self.renderer = ShowFrameRenderer(self.stage, s.size, s.face_px)

    def show_s(self, i: int) -> float:
        return i / self.s.fps

    def render(self, i: int) -> np.ndarray:
        return self.renderer.render(self.timeline.frame_at(self.show_s(i)))

    def metadata(self) -> dict[str, str]:
        return show_metadata(self.s, self.stage, self.timeline)

    def release(self) -> None:
        self.renderer.release()


def show_metadata(s: ShowExportSettings, stage: ShowStage, timeline: ShowTimeline
                  ) -> dict[str, str]:
    """The show's title, its sources as the captions number them, the data drawn in its
    frames (sampled), its credits and projection."""
    show = s.show
    n = timeline.frame_count(s.fps)
    data: list[str] = []
    for i in sorted(set(np.linspace(0, n - 1, min(n, METADATA_SAMPLES)).astype(int))):
        frame = timeline.frame_at(int(i) / s.fps)
        state, camera = stage.view(frame.chapter, frame.t_tdb_s, frame.camera)
        for line in stage.credits(state, bodies_in_view(state, camera, s.size)):
            if line not in data:
                data.append(line)
    sources = "; ".join(f"[{k}] {src.text}" + (f" <{src.url}>" if src.url else "")
                        for k, src in enumerate(show.sources, 1))
    projection = s.projection.name
    if projection == "fisheye":
        projection += (f" {s.projection.aperture_deg:g} deg, tilt "
                       f"{s.projection.tilt_deg:g} deg (dome master)")
    elif projection == "perspective":
        projection += f" {s.projection.fov_deg:g} deg"
    chapters = "; ".join(f"{c.number}. {c.title}" for c in show.chapters)
    return {
        "title": show.title,
        "comment": (f"Show sources: {sources or 'none given'}. Data sources: "
                    f"{'; '.join(data)}. Credits: {' / '.join(show.credits)}. "
                    "Made with Perijove."),
        "artist": "Perijove",
        "copyright": "Imagery and data: as credited in the comment",
        "description": (f"projection: {projection}; {n} frames at {s.fps} fps "
                        f"({n / s.fps:.3f} s); chapters: {chapters}"),
    }


def _worker(show_path: str, s: ShowExportSettings, frames: list[int], folder: str) -> None:
    # One rasteriser thread per process (Mesa's LP_NUM_THREADS), as export/video.py does.
    os.environ["LP_NUM_THREADS"] = "1"
    s.show = load_show(show_path)
    source = ShowFrames(s)
    for i in frames:
        rgb = source.render(i)
        tmp = os.path.join(folder, f"{i:06d}.tmp.npy")
        np.save(tmp, rgb)
        os.replace(tmp, os.path.join(folder, f"{i:06d}.npy"))


def _read_rendered(folder: str, pool: list, cancelled: Callable[[], bool]
                   ) -> Callable[[int], np.ndarray]:
    def read(i: int) -> np.ndarray:
        path = os.path.join(folder, f"{i:06d}.npy")
        while not os.path.exists(path):
            if cancelled():
                raise KeyboardInterrupt
            failed = [p for p in pool if p.exitcode not in (None, 0)]
            if (failed or all(p.exitcode == 0 for p in pool)) and not os.path.exists(path):
                raise ExportError("a render worker stopped before finishing its frames "
                                  f"(exit code {failed[0].exitcode if failed else 0})")
            time.sleep(0.005)
        rgb = np.load(path)
        os.remove(path)
        return rgb
    return read


def run_show_export(s: ShowExportSettings,
                    progress: Callable[[ShowProgress], None] | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> Path:
    """Render and write the whole show; the output appears at s.out only when complete."""
    validate(s)
    if s.workers > 1 and s.show.path is None:
        raise ExportError("worker processes re-read the show file; save the show to a file "
                          "or use --workers 1")
    tmp = partial_path(s.out)
    _remove(tmp)
    n = s.frame_count
    source = ShowFrames(s)  # also checks every chapter's flyby before anything is written
    metadata = source.metadata()
    pool: list = []
    scratch = None
    encoder = None
    try:
        if s.workers == 1:
            render = source.render
        else:
            source.release()
            scratch = tempfile.mkdtemp(prefix="perijove-show-export-")
            ctx = mp.get_context("spawn")
            chunks = np.array_split(np.arange(n), s.workers * 4)  # interleaved short ranges
            for w in range(s.workers):
                frames = [int(i) for c in chunks[w::s.workers] for i in c]
                # The show is re-read from its file (its camera paths hold closures).
                p = ctx.Process(target=_worker, args=(str(s.show.path), replace(s, show=None),
                                                      frames, scratch), daemon=True)
                p.start()
                pool.append(p)
            render = _read_rendered(scratch, pool, cancelled)
        encoder = open_encoder(s.fmt, tmp, s.size, s.fps, metadata, s.crf, s.bitrate_kbps)
        started = time.perf_counter()
        for i in range(n):
            if cancelled():
                raise KeyboardInterrupt
            encoder.write(render(i))
            if progress is not None:
                elapsed = time.perf_counter() - started
                fps = (i + 1) / elapsed if elapsed > 0 else 0.0
                progress(ShowProgress(i + 1, n, fps, (n - i - 1) / fps if fps else 0.0))
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
        if s.workers == 1:
            source.release()


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()
