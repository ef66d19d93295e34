"""A real Dask scheduler and workers started the way a user starts them (`dask scheduler`,
`dask worker tcp://...`), as processes bound to 127.0.0.1, for the render farm tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

START_TIMEOUT_S = 120.0


def _die_with_test() -> None:
    """In the child before exec: killed when the test process dies (Linux prctl)."""
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def headless_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.update(extra)
    return env


class DaskProcesses:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.scheduler: subprocess.Popen | None = None
        self.workers: dict[str, subprocess.Popen] = {}
        self.address = ""
        self._logs: list = []

    def _log(self, name: str):  # noqa: ANN202
        f = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        self._logs.append(f)
        return f

    def start_scheduler(self) -> str:
        info = self.folder / "scheduler.json"
        self.scheduler = subprocess.Popen(
            [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(info)],
            cwd=ROOT, env=headless_env(), stdout=subprocess.DEVNULL,
            stderr=self._log("scheduler"), preexec_fn=_die_with_test)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if info.is_file():
                try:
                    self.address = json.loads(info.read_text())["address"]
                    return self.address
                except (ValueError, KeyError):
                    pass
            if self.scheduler.poll() is not None:
                raise RuntimeError("dask scheduler exited: " +
                                   (self.folder / "scheduler.log").read_text()[-2000:])
            time.sleep(0.1)
        raise RuntimeError("dask scheduler did not start")

    def start_worker(self, name: str, **env: str) -> None:
        self.workers[name] = subprocess.Popen(
            [sys.executable, "-m", "dask", "worker", self.address, "--host", "127.0.0.1",
             "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", name],
            cwd=ROOT, env=headless_env(**env), stdout=subprocess.DEVNULL,
            stderr=self._log(name), preexec_fn=_die_with_test)

    def client(self):  # noqa: ANN201 - distributed.Client
        from distributed import Client

        return Client(self.address, timeout=30, set_as_default=False)

    def wait_for_workers(self, count: int) -> None:
        with self.client() as c:
            c.wait_for_workers(count, timeout=START_TIMEOUT_S)

    def stop(self) -> None:
        for p in [*self.workers.values(), self.scheduler]:
            if p is not None and p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in [*self.workers.values(), self.scheduler]:
            if p is None:
                continue
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        for f in self._logs:
            f.close()
