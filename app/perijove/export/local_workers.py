"""Render workers as processes on this machine (`--workers N`, the embedded default).

Each process sets the export up once (checking its data like any worker), then renders the
frame ranges it is given one at a time and sends each frame back as PNG bytes through a
pipe. A worker that dies has its unfinished frames handed to the others and is replaced;
frames that stop three workers end the export with one line. Workers ignore Ctrl-C and die
with their parent (export.lifetime).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from perijove.export.farm import FarmTask, RenderedFrame, check_worker, render_frames
from perijove.export.lifetime import die_with_parent, sigint_ignored
from perijove.export.settings import ExportError

MAX_FAILURES_PER_FRAME = 3


def _child(conn: Connection, task: FarmTask, index: int, parent_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent_pid)
    name = f"local worker {index} (PID {os.getpid()})"
    try:
        _, setup_s = check_worker(task)
        conn.send(("ready", name, setup_s))
        while True:
            try:
                message = conn.recv()
            except EOFError:
                return
            if message[0] == "stop":
                return
            _, frames = message
            for f in render_frames(task, frames):
                conn.send(("frame", f.i, f.png))
            conn.send(("idle",))
    except ExportError as exc:
        conn.send(("error", str(exc)))
    except (BrokenPipeError, EOFError):
        return
    except Exception as exc:  # noqa: BLE001 - reported by the parent as one line
        conn.send(("error", f"{name} failed: {type(exc).__name__}: {exc}"))


@dataclass
class _Worker:
    index: int
    process: mp.process.BaseProcess
    conn: Connection
    name: str = ""
    ready: bool = False
    frames: list[int] = field(default_factory=list)  # given, not yet back


class LocalWorkers:
    """N render processes fed frame ranges from a queue."""

    def __init__(self, task: FarmTask, count: int) -> None:
        self.task = task
        self.count = count
        self.ctx = mp.get_context("spawn")
        self.workers: list[_Worker] = []
        self.queue: deque[list[int]] = deque()
        self.failures: dict[int, int] = {}
        self.started = 0

    # ---- processes -----------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        self.started += 1
        parent, child = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(target=_child, args=(child, self.task, self.started,
                                                        os.getpid()), daemon=True)
        try:
            with sigint_ignored():
                process.start()
        except OSError as exc:
            parent.close()
            child.close()
            raise ExportError(f"cannot start render worker process {self.started} "
                              f"({exc.strerror or exc}); choose fewer --workers") from None
        child.close()
        worker = _Worker(self.started, process, parent)
        self.workers.append(worker)
        return worker

    def start(self, cancelled) -> list[str]:  # noqa: ANN001
        """Start every process and wait until each has set up and passed the data check."""
        for _ in range(self.count):
            self._spawn()
        while not all(w.ready for w in self.workers):
            if cancelled():
                return []
            self._receive(0.1, during_start=True)
        return [w.name for w in self.workers]

    def names(self) -> list[str]:
        return [w.name for w in self.workers if w.ready]

    def close(self) -> None:
        for w in self.workers:
            try:
                w.conn.send(("stop",))
            except OSError:
                pass
        deadline = time.monotonic() + 2.0
        for w in self.workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join(5)
            w.conn.close()
        self.workers = []

    # ---- frames --------------------------------------------------------------------------
    def submit(self, frames: list[int]) -> None:
        self.queue.append(list(frames))

    def _feed(self) -> None:
        for w in self.workers:
            if w.ready and not w.frames and self.queue:
                w.frames = self.queue.popleft()
                try:
                    w.conn.send(("render", w.frames))
                except OSError:
                    pass  # it died; _receive finds out

    def poll(self, timeout_s: float) -> list[tuple[str, RenderedFrame]]:
        self._feed()
        return self._receive(timeout_s)

    def _receive(self, timeout_s: float, during_start: bool = False
                 ) -> list[tuple[str, RenderedFrame]]:
        out: list[tuple[str, RenderedFrame]] = []
        ready = wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers],
                     timeout_s)
        for w in list(self.workers):
            if w.conn in ready:
                try:
                    while w.conn.poll():
                        message = w.conn.recv()
                        kind = message[0]
                        if kind == "ready":
                            w.name, w.ready = message[1], True
                        elif kind == "frame":
                            i = message[1]
                            if i in w.frames:
                                w.frames.remove(i)
                            out.append((w.name, RenderedFrame(i, message[2])))
                        elif kind == "error":
                            raise ExportError(message[1])
                        # "idle": frames is empty; _feed gives it more
                except (EOFError, OSError):
                    self._lost(w, during_start)
            elif w.process.sentinel in ready or not w.process.is_alive():
                self._lost(w, during_start)
        return out

    def _lost(self, w: _Worker, during_start: bool) -> None:
        """A worker died: hand its frames to the others, start a replacement."""
        w.process.join(1)
        code = w.process.exitcode
        self.workers.remove(w)
        w.conn.close()
        if w.frames:
            first = w.frames[0]
            self.failures[first] = self.failures.get(first, 0) + 1
            if self.failures[first] >= MAX_FAILURES_PER_FRAME:
                raise ExportError(f"frame {first} stopped {MAX_FAILURES_PER_FRAME} render "
                                  f"workers (last exit code {code}); the frames rendered so "
                                  "far are kept: run the same command again to retry")
            self.queue.appendleft(w.frames)
        if during_start and self.started >= 3 * self.count:
            raise ExportError(f"render workers keep stopping while they set up (exit code "
                              f"{code}); try --workers 1 to see why")
        self._spawn()
