"""Render workers of a Dask cluster: `--cluster tcp://HOST:8786` (or PERIJOVE_DASK_SCHEDULER),
or "local:N" for a cluster of N worker processes on this machine, started for the run.

Frame ranges go to the scheduler as tasks (export.farm.render_chunk), earliest frames
first; each comes back as lossless PNG bytes (or is written to the shared --frames-dir).
Dask itself gives fault tolerance: the tasks of a worker that dies are run again on
another; a range that kills three workers fails (Dask's allowed-failures) and the export
stops with one line, keeping what was rendered. Before any frame, every worker sets the
export up and checks its data against the client's (export.identity).
"""

from __future__ import annotations

import logging
import os
import time
import uuid

from perijove.export.farm import ChunkResult, FarmTask, RenderedFrame, check_worker, render_chunk
from perijove.export.settings import ExportError

ENV_SCHEDULER = "PERIJOVE_DASK_SCHEDULER"
ENV_TIMEOUT = "PERIJOVE_DASK_TIMEOUT"
CONNECT_TIMEOUT_S = 10.0  # a scheduler that does not answer within this is reported
NO_WORKERS_TIMEOUT_S = 60.0  # a cluster without workers this long is reported


def connect_timeout_s() -> float:
    try:
        value = float(os.environ.get(ENV_TIMEOUT, CONNECT_TIMEOUT_S))
    except ValueError:
        raise ExportError(f"{ENV_TIMEOUT}='{os.environ[ENV_TIMEOUT]}' is not a number of "
                          "seconds") from None
    if not 0.1 <= value <= 3600:
        raise ExportError(f"{ENV_TIMEOUT}={value:g} must be between 0.1 and 3600 seconds")
    return value


def parse_local(address: str) -> int | None:
    """N for "local:N", else None; ExportError for a malformed local:..."""
    if not address.startswith("local:"):
        return None
    text = address.split(":", 1)[1]
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise ExportError(f"--cluster '{address}': give local:N with N from 1 to 64, or a "
                          "scheduler address such as tcp://HOST:8786")
    return int(text)


def check_address(address: str) -> None:
    if parse_local(address) is not None:
        return
    scheme, sep, rest = address.partition("://")
    host, _, port = rest.rpartition(":")
    if not sep or scheme not in ("tcp", "tls") or not host or not port.isdigit() or \
            not 0 < int(port) < 65536:
        raise ExportError(f"--cluster '{address}' is not a scheduler address such as "
                          "tcp://HOST:8786 (or local:N)")


class _QuietDask:
    """Dask's own log lines (reconnect attempts, lost workers) are not the user's: the export
    reports what matters in its own line."""

    def __enter__(self) -> None:
        self.saved = {}
        for name in ("distributed", "tornado"):
            logger = logging.getLogger(name)
            self.saved[name] = logger.level
            logger.setLevel(logging.CRITICAL + 1)

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        for name, level in self.saved.items():
            logging.getLogger(name).setLevel(level)


class DaskWorkers:
    """The render workers of one Dask cluster, for one export."""

    def __init__(self, task: FarmTask, address: str) -> None:
        check_address(address)
        self.task = task
        self.address = address
        self.client = None
        self.cluster = None
        self.futures: dict = {}
        self.run_id = uuid.uuid4().hex[:8]
        self._quiet = _QuietDask()
        self._no_workers_since: float | None = None
        self._done = None  # distributed.as_completed over the render tasks
        self._checked_at = 0.0

    def connect(self) -> None:
        """Reach the scheduler (or start the local cluster): one line if it does not answer
        within PERIJOVE_DASK_TIMEOUT seconds (default 10)."""
        timeout = connect_timeout_s()
        self._quiet.__enter__()
        from distributed import Client

        local = parse_local(self.address)
        try:
            if local is not None:
                from distributed import LocalCluster

                self.cluster = LocalCluster(
                    n_workers=local, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, silence_logs=logging.CRITICAL,
                    preload_nanny=["perijove.export.dask_preload"],
                    preload=["perijove.export.dask_preload"])
                self.client = Client(self.cluster, timeout=timeout, set_as_default=False)
            else:
                _probe(self.address, timeout)
                self.client = Client(self.address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ExportError(f"the Dask scheduler at {self.address} does not answer (waited "
                              f"{timeout:g} s: {_first_line(exc)}); start it with `dask "
                              "scheduler` or check --cluster") from None

    def start(self, cancelled) -> list[str]:  # noqa: ANN001
        """Wait for workers, then set every one up and check its data before any frame."""
        self.connect()
        deadline = time.monotonic() + NO_WORKERS_TIMEOUT_S
        workers = self._workers()
        while not workers:
            if cancelled():
                return []
            if time.monotonic() > deadline:
                raise ExportError(f"the Dask scheduler at {self.address} has no workers "
                                  f"(waited {NO_WORKERS_TIMEOUT_S:g} s); start some with "
                                  f"`dask worker {self.address}`")
            time.sleep(0.2)
            workers = self._workers()
        checks = {self.client.submit(check_worker, self.task, workers=[w],
                                     allow_other_workers=False, pure=False,
                                     key=f"perijove-check-{self.run_id}-{n}"): w
                  for n, w in enumerate(workers)}
        names = []
        pending = set(checks)
        while pending:
            if cancelled():
                return []
            done = _wait_some(pending, 0.2)
            pending -= done
            for future in done:
                if future.status == "error":
                    raise _task_error(future.exception(), checks[future])
                if future.status == "finished":
                    names.append(future.result()[0])
        if not names:
            raise ExportError(f"no worker of the Dask scheduler at {self.address} could set "
                              "up the export")
        return names

    def _workers(self) -> list[str]:
        try:
            return sorted(self.client.nthreads())
        except (OSError, TimeoutError) as exc:
            raise ExportError(f"lost contact with the Dask scheduler at {self.address} "
                              f"({_first_line(exc)}); run the same command again to resume") \
                from None

    def names(self) -> list[str]:
        return self._workers()

    def submit(self, frames: list[int]) -> None:
        from distributed import as_completed

        future = self.client.submit(render_chunk, self.task, list(frames), pure=False,
                                    priority=-frames[0],
                                    key=f"perijove-frames-{self.run_id}-{frames[0]}")
        self.futures[future] = frames
        if self._done is None:
            self._done = as_completed([future], loop=self.client.loop)
        else:
            self._done.add(future)

    def _completed(self, timeout_s: float) -> list:
        """Futures that completed since the last call, waiting up to `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while self._done is not None:
            batch = self._done.next_batch(block=False)
            if batch or time.monotonic() >= deadline:
                return [f for f in batch if f in self.futures]
            time.sleep(0.005)
        return []

    def poll(self, timeout_s: float) -> list[tuple[str, RenderedFrame]]:
        out: list[tuple[str, RenderedFrame]] = []
        if self.client.status not in ("running", "newly-created"):
            raise ExportError(f"lost contact with the Dask scheduler at {self.address}; run "
                              "the same command again to resume")
        done = self._completed(timeout_s)
        finished = [f for f in done if f.status == "finished"]
        for future in done:
            if future.status == "error":
                raise _task_error(future.exception(), None, self.futures[future])
            if future.status != "finished":
                frames = self.futures[future]
                raise ExportError(f"the Dask scheduler at {self.address} dropped frames "
                                  f"{frames[0]}-{frames[-1]} ({future.status}); run the same "
                                  "command again to resume")
        if finished:
            try:
                results: list[ChunkResult] = self.client.gather(finished)  # one round trip
            except ExportError:
                raise
            except Exception as exc:  # noqa: BLE001 - a result lost with its worker, etc.
                raise _task_error(exc, None, self.futures[finished[0]]) from None
            for future, result in zip(finished, results, strict=True):
                out += [(result.worker, f) for f in result.frames]
                del self.futures[future]
                future.release()
        self._watch_workers()
        return out

    def _watch_workers(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < 2.0:
            return
        self._checked_at = now
        if self._workers():
            self._no_workers_since = None
        elif self._no_workers_since is None:
            self._no_workers_since = now
        elif now - self._no_workers_since > NO_WORKERS_TIMEOUT_S:
            raise ExportError(f"the Dask scheduler at {self.address} has had no workers for "
                              f"{NO_WORKERS_TIMEOUT_S:g} s; start some with `dask worker "
                              f"{self.address}` and run the same command again to resume")

    def close(self) -> None:
        try:
            if self.client is not None:
                if self.futures:
                    self.client.cancel(list(self.futures))
                self.futures = {}
                self._done = None
                self.client.close(timeout=5)
            if self.cluster is not None:
                self.cluster.close(timeout=10)
        except (OSError, TimeoutError, RuntimeError):
            pass
        finally:
            self.client = None
            self.cluster = None
            self._quiet.__exit__()


def _probe(address: str, timeout_s: float) -> None:
    """Connect and shake hands with the scheduler within `timeout_s` (TimeoutError or
    OSError if not). distributed's own connect waits without limit for the handshake of a
    server that accepts the connection and never speaks, so the wait is bounded here, in a
    thread of its own (the caller may be inside an event loop)."""
    import asyncio
    import threading

    from distributed.comm import connect

    outcome: list[BaseException | None] = []

    async def shake() -> None:
        comm = await asyncio.wait_for(connect(address, timeout=timeout_s), timeout_s)
        await comm.close()

    def run() -> None:
        try:
            asyncio.run(shake())
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            outcome.append(exc)

    thread = threading.Thread(target=run, name="perijove-dask-probe", daemon=True)
    thread.start()
    thread.join(timeout_s + 2.0)
    if not outcome:
        raise TimeoutError(f"no answer within {timeout_s:g} s")
    if isinstance(outcome[0], asyncio.TimeoutError | TimeoutError):
        raise TimeoutError(f"no handshake within {timeout_s:g} s")
    if isinstance(outcome[0], OSError):
        raise outcome[0]
    if outcome[0] is not None:
        raise OSError(_first_line(outcome[0]))


def _wait_some(futures, timeout_s: float) -> set:  # noqa: ANN001
    """The futures that are done, waiting up to `timeout_s` for the first (the client's
    event loop updates them in the background)."""
    deadline = time.monotonic() + timeout_s
    while True:
        done = {f for f in futures if f.done()}
        if done or time.monotonic() >= deadline:
            return done
        time.sleep(0.01)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _task_error(exc: BaseException | None, worker: str | None = None,
                frames: list[int] | None = None) -> ExportError:
    """One line for a failed task: our own refusals as they are, others named."""
    if isinstance(exc, ExportError):
        return ExportError(str(exc))
    where = f"on worker {worker}" if worker else (
        f"on frames {frames[0]}-{frames[-1]}" if frames else "")
    name = type(exc).__name__ if exc is not None else "an unknown error"
    if name == "KilledWorker":
        return ExportError(f"render workers kept dying {where} (Dask gave up after its "
                           "allowed failures); the frames rendered so far are kept: see the "
                           "workers' logs, then run the same command again")
    return ExportError(f"a render task failed {where}: {name}: {_first_line(exc or name)}")
