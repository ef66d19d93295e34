"""Export jobs: an export running in a child process, with progress and cancel, for callers
that must stay responsive (the window). The child runs `run_export` itself; settings go to
it as a value, not as a command line, and its one-line error comes back as text.

The job renders wherever its settings say: this machine (`workers`), or a Dask cluster
(`cluster`, e.g. "tcp://render-1:8786"); each update says how many frames every worker has
rendered. Cancel goes through an event, never a signal: the child stops between frames,
removes its partial output and keeps its rendered frames for the next run. A child that dies
any other way (killed, crashed) has its partial output removed by the job, so a cancelled or
failed job never leaves a file at the output path.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
from dataclasses import dataclass, field

from perijove.export.settings import ExportSettings, partial_path


@dataclass
class JobUpdate:
    done: int = 0
    total: int = 0
    fps: float = 0.0
    eta_s: float = 0.0
    finished: bool = False
    error: str | None = None
    cancelled: bool = False
    rendered: int = 0  # frames rendered in this run (the rest came from the frame cache)
    kept: int = 0  # frames an earlier run had rendered
    per_worker: dict[str, int] = field(default_factory=dict)  # worker -> frames rendered
    workers: int = 0


def _run(settings: ExportSettings, updates, cancel, parent_pid: int) -> None:  # noqa: ANN001
    import signal

    from perijove.export.lifetime import die_with_parent

    # The window owns Ctrl-C; the job stops through its cancel event only. SIGTERM (the
    # session ending) stops it the same way; it dies with the window if that is killed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda _n, _f: cancel.set())
    die_with_parent(parent_pid)
    from perijove.export.video import run_export

    def progress(p) -> None:  # noqa: ANN001
        updates.put(JobUpdate(p.done, p.total, p.fps, p.eta_s, rendered=p.rendered,
                              kept=p.kept, per_worker=dict(p.per_worker), workers=p.workers))

    try:
        run_export(settings, progress, cancelled=cancel.is_set)
        updates.put(JobUpdate(settings.frame_count, settings.frame_count, finished=True))
    except KeyboardInterrupt:
        updates.put(JobUpdate(finished=True, cancelled=True))
    except Exception as exc:  # noqa: BLE001 - reported to the window as one line
        updates.put(JobUpdate(finished=True, error=str(exc) or type(exc).__name__))


class ExportJob:
    def __init__(self, settings: ExportSettings) -> None:
        ctx = mp.get_context("spawn")
        self.settings = settings
        self._updates = ctx.Queue()
        self._cancel = ctx.Event()
        # Not a daemon: the job starts its own render workers (daemons may not have
        # children). It dies with the window all the same (die_with_parent), and the
        # window cancels it when it closes.
        self.process = ctx.Process(target=_run, args=(settings, self._updates, self._cancel,
                                                      os.getpid()), daemon=False)
        self.last = JobUpdate(total=settings.frame_count)
        self._cleaned = False

    def start(self) -> ExportJob:
        from perijove.export.lifetime import sigint_ignored

        with sigint_ignored():  # Ctrl-C in the terminal is the window's, not the child's
            self.process.start()
        return self

    def poll(self) -> JobUpdate:
        """The latest update (non-blocking); a child that died unannounced is an error (or a
        cancel, if one was asked for), and its partial output is removed."""
        try:
            while True:
                update = self._updates.get_nowait()
                if not self.last.finished:
                    self.last = update
        except (queue.Empty, OSError, ValueError, EOFError):
            pass
        if not self.last.finished and not self.process.is_alive() and \
                self.process.exitcode is not None:
            try:  # the last update may have been sent just before it ended
                update = self._updates.get(timeout=0.5)
                self.last = update
            except (queue.Empty, OSError, ValueError, EOFError):
                pass
            if not self.last.finished:
                self._remove_partial()
                if self._cancel.is_set():
                    self.last = JobUpdate(finished=True, cancelled=True)
                else:
                    self.last = JobUpdate(
                        finished=True,
                        error=f"the export stopped (exit code {self.process.exitcode})")
        if self.last.finished and (self.last.cancelled or self.last.error):
            self._remove_partial()
        return self.last

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout_s: float | None = None) -> None:
        """Wait for the child; after a cancel, one still running when the time is up is
        ended (and its partial output removed)."""
        self.process.join(timeout_s)
        if self.process.is_alive() and self._cancel.is_set():
            self.process.kill()
            self.process.join(5)
        if not self.process.is_alive() and not (self.last.finished and not self.last.error
                                                and not self.last.cancelled):
            self._remove_partial()

    def _remove_partial(self) -> None:
        """Once, after the child has stopped: the output lock then no longer protects it."""
        if self._cleaned or self.process.is_alive():
            return
        self._cleaned = True
        tmp = partial_path(self.settings.out)
        try:
            if tmp.is_dir():
                import shutil

                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink(missing_ok=True)
        except OSError:
            pass
