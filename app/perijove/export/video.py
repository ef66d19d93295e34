"""Export an animation: frames rendered offscreen in simulation time, encoded once.

Every motion (camera mode, camera path, spin) is a function of simulation or animation
time, never of wall-clock time, so a frame's pixels depend on its index alone: the same frame
rendered twice, in any process, is identical. With workers > 1, processes render
interleaved frame ranges to raw files and this process encodes them in order as they arrive
(one encode: no re-encoding losses).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from perijove.export.encoders import open_encoder
from perijove.export.frames import FrameSource, check_flyby_has_trajectory, export_metadata
from perijove.export.settings import ExportError, ExportSettings, partial_path, validate

__all__ = ["ExportError", "ExportSettings", "Progress", "partial_path", "run_export"]


def _worker(settings: ExportSettings, frames: list[int], folder: str) -> None:
    # llvmpipe spreads one render over every core by default; with one process per core,
    # one rasteriser thread each avoids oversubscription (Mesa's LP_NUM_THREADS).
    os.environ["LP_NUM_THREADS"] = "1"
    source = FrameSource(settings)
    for i in frames:
        rgb = source.render(i)
        tmp = os.path.join(folder, f"{i:06d}.tmp.npy")
        np.save(tmp, rgb)
        os.replace(tmp, os.path.join(folder, f"{i:06d}.npy"))


@dataclass
class Progress:
    done: int
    total: int
    fps: float
    eta_s: float


def run_export(s: ExportSettings, progress: Callable[[Progress], None] | None = None,
               cancelled: Callable[[], bool] = lambda: False) -> Path:
    """Render and encode; the file appears at s.out only when complete."""
    validate(s)
    if s.flyby_id:
        check_flyby_has_trajectory(s)
    tmp = partial_path(s.out)
    _remove(tmp)
    n = s.frame_count
    pool: list[mp.Process] = []
    scratch = None
    encoder = None
    try:
        if s.workers == 1:
            renderer = FrameSource(s)
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
            from perijove.export.frames import session_for

            metadata = export_metadata(s, session_for(s))
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
