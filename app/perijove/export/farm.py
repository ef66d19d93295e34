"""The work of a render worker, wherever it runs (the client itself, a local worker process,
a Dask worker on another machine): set an export up once, check that its data are the
client's, and render frame ranges to lossless PNG bytes (or into a shared frames folder).

A frame's pixels depend on its index alone (export.frames), so any worker may render any
frame, in any order, any number of times, with the same result.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from perijove.export.frame_cache import encode_png, frame_name, write_atomic
from perijove.export.identity import DataItem, DataMismatch, compare, data_items
from perijove.export.settings import ExportError, ExportSettings

_here = threading.local()  # per thread: an offscreen GL context belongs to one thread


@dataclass
class FarmTask:
    """What every worker needs for one export: sent once per task (small)."""

    settings: ExportSettings
    key: str
    expected: list[DataItem]
    frames_dir: str | None = None  # a folder all workers share: frames go there, not back


@dataclass
class RenderedFrame:
    i: int
    png: bytes | None  # None when written to the shared frames folder
    rgb: np.ndarray | None = None  # only when rendered in the client's own process


@dataclass
class ChunkResult:
    worker: str
    frames: list[RenderedFrame] = field(default_factory=list)
    render_s: float = 0.0


def worker_name() -> str:
    """This worker as people know it: its Dask address, else host and process id."""
    try:
        from distributed import get_worker

        w = get_worker()
        return str(w.address) if w.name in (None, w.address) else f"{w.name} ({w.address})"
    except (ImportError, ValueError):
        return f"{socket.gethostname()} PID {os.getpid()}"


def prepare(task: FarmTask, name: str | None = None, session=None):  # noqa: ANN001, ANN201
    """This thread's FrameSource for the task's export, set up and checked once (a
    DataMismatch names the worker and the first item that differs)."""
    current = getattr(_here, "source", None)
    if current is not None and _here.key == task.key:
        return current
    if current is not None:
        current.release()
        _here.source = None
    # llvmpipe would spread each render over every core; workers are one per core.
    os.environ.setdefault("LP_NUM_THREADS", "1")
    from perijove.export.frames import FrameSource, session_for

    name = name or worker_name()
    try:
        session = session if session is not None else session_for(task.settings)
    except (ExportError, ValueError, OSError) as exc:  # a kernel or table missing here
        raise DataMismatch(f"render worker {name} cannot set up this export: {exc}") from None
    if task.expected:
        problem = compare(task.expected, data_items(session, task.settings), name)
        if problem:
            raise DataMismatch(problem)
    _here.source = FrameSource(task.settings, session)
    _here.key = task.key
    return _here.source


def render_frames(task: FarmTask, frames: list[int], keep_rgb: bool = False
                  ) -> Iterator[RenderedFrame]:
    """Render `frames` one by one (PNG bytes, or files in the shared frames folder)."""
    source = prepare(task)
    folder = Path(task.frames_dir) / task.key if task.frames_dir else None
    for i in frames:
        rgb = source.render(int(i))
        png = encode_png(rgb)
        if folder is not None:
            try:
                write_atomic(folder / frame_name(i), png)
            except OSError as exc:
                raise ExportError(f"render worker {worker_name()} cannot write frame {i} to "
                                  f"'{folder}' ({exc.strerror}); give --frames-dir a folder "
                                  "every worker can write") from None
            png = None
        yield RenderedFrame(int(i), png, rgb if keep_rgb else None)


def check_worker(task: FarmTask) -> tuple[str, float]:
    """Set up and check this worker before it renders anything: (its name, seconds)."""
    started = time.perf_counter()
    prepare(task)
    return worker_name(), time.perf_counter() - started


def render_chunk(task: FarmTask, frames: list[int]) -> ChunkResult:
    """One task: a range of frames, back as PNG bytes (what a Dask worker runs)."""
    started = time.perf_counter()
    out = list(render_frames(task, frames))
    return ChunkResult(worker_name(), out, time.perf_counter() - started)


class ThisProcess:
    """The client renders itself (`--workers 1`): the same work in this process, a frame at a
    time, so that a cancel is seen between frames."""

    def __init__(self, task: FarmTask, session) -> None:  # noqa: ANN001 - Session
        self.task = task
        self.session = session
        self.queue: list[int] = []
        self.name = "this process"

    def start(self, cancelled) -> list[str]:  # noqa: ANN001, ARG002
        prepare(FarmTask(self.task.settings, self.task.key, [], self.task.frames_dir),
                self.name, self.session)
        return [self.name]

    def names(self) -> list[str]:
        return [self.name]

    def submit(self, frames: list[int]) -> None:
        self.queue += list(frames)

    def poll(self, timeout_s: float) -> list[tuple[str, RenderedFrame]]:  # noqa: ARG002
        if not self.queue:
            return []
        i = self.queue.pop(0)
        return [(self.name, f) for f in render_frames(self.task, [i], keep_rgb=True)]

    def close(self) -> None:
        source = getattr(_here, "source", None)
        if source is not None:
            source.release()
            _here.source = None
