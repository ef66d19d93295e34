"""ExportJob, the window's way to export: cancel through its event (never a signal) leaves
no output, at whatever moment it comes, while the machine is busy."""

from __future__ import annotations

import subprocess
import sys
import time

from perijove.core.timescale import parse_utc
from perijove.export.jobs import ExportJob
from perijove.export.settings import ExportSettings, partial_path

CANCEL_AFTER_S = (0.0, 0.4, 1.2, 2.5, None)  # None: after the first frame is written


def long_export(out) -> ExportSettings:  # noqa: ANN001
    return ExportSettings(out=out, start_tdb_s=parse_utc("2023-12-30T08:16:01Z"),
                          end_tdb_s=parse_utc("2023-12-30T08:56:01Z"), duration_s=60, fps=8,
                          size=(160, 90), camera="follow", flyby_id="PJ57-Io")


def test_cancelled_job_never_leaves_the_output_10_times_under_load(tmp_path) -> None:
    # Load: one process spinning on a core for the whole loop (the machine has two).
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    outcomes = []
    try:
        for k in range(2 * len(CANCEL_AFTER_S)):  # every moment twice
            out = tmp_path / f"clip{k}.mp4"
            job = ExportJob(long_export(out)).start()
            delay = CANCEL_AFTER_S[k % len(CANCEL_AFTER_S)]
            deadline = time.monotonic() + 120
            if delay is None:
                while job.poll().done < 1 and not job.last.finished:
                    assert time.monotonic() < deadline, "no frame within 120 s"
                    time.sleep(0.05)
            else:
                time.sleep(delay)
            job.cancel()
            job.wait(60)
            update = job.poll()
            outcomes.append(update)
            assert update.finished and update.cancelled, (k, update)
            assert not out.exists() and not partial_path(out).exists(), k
            assert not job.process.is_alive()
    finally:
        spinner.kill()
        spinner.wait()
    assert not list(tmp_path.iterdir())
    assert len(outcomes) == 10
