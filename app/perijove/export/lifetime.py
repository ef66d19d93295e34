"""How export processes stop: on a signal, on request, or with their parent.

- Ctrl-C (SIGINT) and SIGTERM (logout, `kill PID`) only set a flag: the export loop checks
  it between frames and ends cleanly (the partial output removed, the rendered frames kept
  for the next run). Nothing is raised inside VTK: a KeyboardInterrupt raised while VTK
  calls back into Python makes VTK print "Caught a Ctrl-C within python, exiting program."
  and exit, so our handler, installed last, must be the one that runs.
- Render worker processes ignore SIGINT (the terminal sends it to the whole process group;
  their parent stops them) and die with their parent: Linux's parent-death signal
  (prctl(2) PR_SET_PDEATHSIG, SIGKILL), and an exit if the parent is already gone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class ExportCancelled(KeyboardInterrupt):
    """The export was asked to stop (cancel button, Ctrl-C, SIGTERM); nothing was written.

    A KeyboardInterrupt, so that callers who treat Ctrl-C as "stop" keep working."""

    def __init__(self, signum: int | None = None, kept_frames: int = 0) -> None:
        super().__init__("export cancelled")
        self.signum = signum
        self.kept_frames = kept_frames


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux); exit now if the
    parent is already gone. Elsewhere only the second check applies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:
        os._exit(1)


class StopFlag:
    """Set by a signal or a caller; read by the export loop between frames."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signum: int | None = None

    def set(self, signum: int | None = None) -> None:
        if self.signum is None:
            self.signum = signum
        self.event.set()

    def __call__(self) -> bool:
        return self.event.is_set()


@contextmanager
def stop_on_signals() -> Iterator[StopFlag]:
    """SIGINT and SIGTERM set the returned flag instead of raising, while inside; the
    previous handlers come back after. Only the main thread can install handlers: elsewhere
    the flag is only set by callers."""
    flag = StopFlag()
    saved = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            saved[signum] = signal.getsignal(signum)
            signal.signal(signum, lambda n, _frame: flag.set(n))
    try:
        yield flag
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while starting child processes: a spawned Python keeps an ignored
    SIGINT ignored, so Ctrl-C during its start-up prints no traceback there."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
