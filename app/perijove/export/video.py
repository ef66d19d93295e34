"""Export an animation: frames rendered offscreen in simulation time, encoded once, in order.

Every motion (camera mode, camera path, spin) is a function of simulation or animation
time, never of wall-clock time, so a frame's pixels depend on its index alone: the same frame
rendered twice, in any process, on any machine, is identical. That makes one loop serve
every way of rendering: this process (`workers` 1), local worker processes (`workers` N), or
the workers of a Dask cluster (`cluster`). Rendered frames are kept in the frame cache
(export.frame_cache) as they arrive, and this process encodes them in order (one encode: no
re-encoding losses). An export run again after a crash, a cancel or a lost worker renders
only the frames that are not kept.

Nothing half-written is ever left at the output: it is written under a temporary name
(settings.partial_path) and renamed when complete; a stale one from a killed run is removed
by the next run of the same export. Every failure to write is one line naming the path.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from perijove.export.encoders import open_encoder
from perijove.export.farm import FarmTask, RenderedFrame, ThisProcess
from perijove.export.frame_cache import (
    FrameCache,
    cache_root,
    decode_png,
    frames_root,
    oserror_reason,
    remove_stale,
    remove_stale_locks,
)
from perijove.export.frames import check_flyby_has_trajectory, export_metadata, session_for
from perijove.export.identity import data_items, describe, export_key
from perijove.export.lifetime import ExportCancelled
from perijove.export.settings import ExportError, ExportSettings, partial_path, validate
from perijove.export.spherical import mark_equirectangular
from perijove.scene.projection import Equirect

__all__ = ["ExportCancelled", "ExportError", "ExportSettings", "Progress", "partial_path",
           "run_export"]

IN_MEMORY_AHEAD = 64  # frames received ahead of the encoder kept in memory (else re-read)


@dataclass
class Progress:
    done: int  # frames written to the output, in order
    total: int
    fps: float
    eta_s: float
    rendered: int = 0  # frames rendered in this run
    kept: int = 0  # frames taken from the frame cache (rendered by an earlier run)
    per_worker: dict[str, int] = field(default_factory=dict)  # frames rendered per worker
    workers: int = 0  # workers rendering now


def chunks(frames: list[int], size: int) -> list[list[int]]:
    """Runs of consecutive frames, at most `size` long, in order."""
    out: list[list[int]] = []
    for i in frames:
        if out and out[-1][-1] == i - 1 and len(out[-1]) < size:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def chunk_size(missing: int, workers: int) -> int:
    """About eight ranges per worker, 1-8 frames each: short enough that a lost worker
    costs little and the earliest frames come first, long enough that a task's overhead is
    small against seconds of rendering."""
    return max(1, min(8, missing // max(1, 8 * workers)))


def _backend(s: ExportSettings, task: FarmTask, session):  # noqa: ANN001, ANN202
    if s.cluster:
        from perijove.export.dask_cluster import DaskWorkers

        return DaskWorkers(task, s.cluster)
    if s.workers > 1:
        from perijove.export.local_workers import LocalWorkers

        return LocalWorkers(task, s.workers)
    return ThisProcess(task, session)


def _write_error(out: Path, exc: BaseException) -> ExportError:
    reason = oserror_reason(exc) if isinstance(exc, OSError) else str(exc) or type(exc).__name__
    return ExportError(f"cannot write '{out}' ({reason}); nothing was written: choose another "
                       "--out, or free space there")


class _OutputLock:
    """One export at a time per output path (a lock in the cache folder: it goes away with
    the process that holds it, however that process ends)."""

    def __init__(self, out: Path) -> None:
        digest = hashlib.sha256(os.fsencode(out.absolute())).hexdigest()[:24]
        self.path = cache_root() / "locks" / f"{digest}.lock"
        self.fd: int | None = None

    def __enter__(self) -> _OutputLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ExportError(f"cannot use Perijove's cache folder '{self.path.parent}' "
                              f"({oserror_reason(exc)}); set PERIJOVE_CACHE_DIR to a writable "
                              "folder") from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise ExportError("another export is writing the same --out now; wait for it or "
                              "choose another name") from None
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        if self.fd is not None:
            os.close(self.fd)


def run_export(s: ExportSettings, progress: Callable[[Progress], None] | None = None,
               cancelled: Callable[[], bool] = lambda: False) -> Path:
    """Render and encode; the file appears at s.out only when complete. `cancelled` is asked
    between frames: True ends the export with ExportCancelled (a KeyboardInterrupt), the
    output not written, the rendered frames kept for the next run."""
    validate(s)
    if cancelled():
        raise ExportCancelled()
    if s.flyby_id:
        check_flyby_has_trajectory(s)
    with _OutputLock(s.out):
        return _run_locked(s, progress, cancelled)


def _run_locked(s: ExportSettings, progress: Callable[[Progress], None] | None,
                cancelled: Callable[[], bool]) -> Path:
    tmp = partial_path(s.out)
    _remove(tmp)  # a killed run's leftover (this output is locked: nobody else writes it)
    n = s.frame_count
    session = session_for(s)
    items = data_items(session, s)
    key = export_key(s, items)
    root = frames_root(s.frames_dir)
    cache = FrameCache(root, key)
    cache.open(describe(s, items), fresh=s.fresh)
    remove_stale(root, keep=[key])
    remove_stale_locks(cache_root() / "locks")
    kept = cache.kept(n)
    missing = [i for i in range(n) if i not in kept]
    task = FarmTask(s, key, items, str(root) if s.frames_dir is not None else None)
    metadata = export_metadata(s, session)
    backend = None
    encoder = None
    done = False
    try:
        try:
            encoder = open_encoder(s.fmt, tmp, s.size, s.fps, metadata, s.crf, s.bitrate_kbps)
        except (OSError, ValueError, OverflowError) as exc:
            raise _write_error(s.out, exc) from None
        except Exception as exc:  # PyAV's errors that are not OSError
            raise _write_error(s.out, exc) from None
        workers: list[str] = []
        if missing:
            backend = _backend(s, task, session)
            workers = backend.start(cancelled)
            if cancelled():
                raise ExportCancelled()
            for frames in chunks(missing, chunk_size(len(missing), len(workers))):
                backend.submit(frames)
        _encode_in_order(s, n, kept, cache, encoder, backend, progress, cancelled,
                         len(workers))
        try:
            encoder.close()
            encoder = None
            if s.fmt == "mp4" and isinstance(s.projection, Equirect):
                mark_equirectangular(tmp)  # 360 players show it as a sphere
            if s.out.is_dir():  # a previous PNG export of ours (validate refused anything else)
                shutil.rmtree(s.out)
            os.replace(tmp, s.out)
        except Exception as exc:  # OSError, or PyAV's error flushing the last packets
            raise _write_error(s.out, exc) from None
        done = True
        return s.out
    except BaseException as exc:
        if encoder is not None:
            encoder.abort()
        _remove(tmp)
        if isinstance(exc, KeyboardInterrupt) and not isinstance(exc, ExportCancelled):
            raise ExportCancelled(kept_frames=len(cache.kept(n))) from None
        if isinstance(exc, ExportCancelled):
            exc.kept_frames = len(cache.kept(n))
        raise
    finally:
        if backend is not None:
            backend.close()
        if done or not cache.kept(n):
            cache.remove()  # complete, or nothing worth keeping: leave no folder behind
        else:
            cache.close()


def _encode_in_order(s: ExportSettings, n: int, kept: set[int], cache: FrameCache,
                     encoder, backend, progress, cancelled,  # noqa: ANN001
                     worker_count: int) -> None:
    """Receive frames from the workers (keeping each in the cache) and write them to the
    encoder strictly in order."""
    available = set(kept)  # in the cache folder
    ahead: dict[int, RenderedFrame] = {}  # received, not yet encoded
    per_worker: dict[str, int] = {}
    rendered = 0
    started = time.perf_counter()
    next_i = 0
    wants_png = hasattr(encoder, "write_png")
    while next_i < n:
        if cancelled():
            raise ExportCancelled()
        wrote = False
        while next_i < n and (next_i in ahead or next_i in available):
            frame = ahead.pop(next_i, None)
            try:
                if wants_png:
                    encoder.write_png(frame.png if frame else None, cache.path(next_i))
                elif frame is not None and frame.rgb is not None:
                    encoder.write(frame.rgb)
                else:
                    png = frame.png if frame is not None and frame.png else cache.get(next_i)
                    encoder.write(decode_png(png))
            except ExportError:
                raise
            except Exception as exc:  # OSError (a full disk), PyAV's errors
                raise _write_error(s.out, exc) from None
            next_i += 1
            wrote = True
            if progress is not None:
                elapsed = time.perf_counter() - started
                fps = next_i / elapsed if elapsed > 0 else 0.0
                progress(Progress(next_i, n, fps, (n - next_i) / fps if fps else 0.0, rendered,
                                  len(kept), dict(per_worker), worker_count))
            if cancelled():
                raise ExportCancelled()
        if next_i >= n:
            break
        if backend is None:
            raise ExportError(f"frame {next_i} is missing from the frame cache "
                              f"'{cache.folder}'; run the export again with --fresh")
        for worker, frame in backend.poll(0.0 if wrote else 0.05):
            if frame.i in available or frame.i < next_i:
                continue  # rendered twice (a task re-run after a worker was lost): same pixels
            if frame.png is not None:
                cache.put(frame.i, frame.png)
            available.add(frame.i)
            rendered += 1
            per_worker[worker] = per_worker.get(worker, 0) + 1
            if frame.i - next_i < IN_MEMORY_AHEAD:
                ahead[frame.i] = frame


def _remove(path: Path) -> None:
    try:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists() or path.is_symlink():
            path.unlink()
    except OSError:
        pass
