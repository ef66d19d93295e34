"""Export jobs: an export running in a child process, with progress and cancel, for callers
that must stay responsive (the window). The child runs `run_export` itself; settings go to
it as a value, not as a command line, and its one-line error comes back as text.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
from dataclasses import dataclass

from perijove.export.settings import ExportSettings


@dataclass
class JobUpdate:
    done: int = 0
    total: int = 0
    fps: float = 0.0
    eta_s: float = 0.0
    finished: bool = False
    error: str | None = None
    cancelled: bool = False


def _run(settings: ExportSettings, updates, cancel) -> None:  # noqa: ANN001
    import signal

    # The window owns Ctrl-C; the job stops through its cancel event only.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from perijove.export.video import run_export

    def progress(p) -> None:  # noqa: ANN001
        updates.put(JobUpdate(p.done, p.total, p.fps, p.eta_s))

    try:
        run_export(settings, progress, cancelled=cancel.is_set)
        updates.put(JobUpdate(finished=True))
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
        self.process = ctx.Process(target=_run, args=(settings, self._updates, self._cancel),
                                   daemon=True)
        self.last = JobUpdate(total=settings.frame_count)

    def start(self) -> ExportJob:
        self.process.start()
        return self

    def poll(self) -> JobUpdate:
        """The latest update (non-blocking); a child that died unannounced is an error."""
        try:
            while True:
                self.last = self._updates.get_nowait()
        except queue.Empty:
            pass
        if not self.last.finished and not self.process.is_alive() and self.process.exitcode:
            self.last = JobUpdate(finished=True,
                                  error=f"the export stopped (exit code {self.process.exitcode})")
        return self.last

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout_s: float | None = None) -> None:
        self.process.join(timeout_s)
