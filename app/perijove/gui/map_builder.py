"""Builds the JunoCam Io map off the GUI (18-21 s the first time on a 2-core machine), so the
window shows at once and swaps the map in when it is ready.

The build runs in a child process, not only another thread: numpy and Pillow hold Python's
global lock for parts of the work, which stalled the window's event loop by up to half a
second at a time when it ran on a thread. The child writes the built maps under temporary
names and renames them when complete (maps/io_map.py), so a window closed mid-build leaves
nothing half-written.
"""

from __future__ import annotations

import multiprocessing as mp

from PySide6.QtCore import QThread, Signal


def _build(errors) -> None:  # noqa: ANN001 - a multiprocessing queue
    import os

    os.nice(10)  # background work: the window's own drawing comes first
    from perijove.maps.catalogue import io_map_variants

    try:
        io_map_variants(build=True)  # builds and caches both the map and the difference
    except Exception as exc:  # noqa: BLE001 - reported in the window as one line
        errors.put(str(exc) or type(exc).__name__)


class IoMapBuilder(QThread):
    built = Signal(object, object)  # the SurfaceMap to wear, its pixels (decoded here)
    failed = Signal(str)

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._process: mp.Process | None = None
        self.finished_at: float | None = None  # when the build itself was done

    def run(self) -> None:
        ctx = mp.get_context("spawn")
        errors = ctx.Queue()
        self._process = ctx.Process(target=_build, args=(errors,), daemon=True)
        self._process.start()
        self._process.join()
        if self._process.exitcode != 0 or not errors.empty():
            reason = errors.get() if not errors.empty() else (
                f"the build stopped (exit code {self._process.exitcode})")
            self.failed.emit(f"could not build the JunoCam Io map: {reason}")
            return
        import time

        from perijove.maps.catalogue import best_map
        from perijove.maps.pixels import map_pixels

        self.finished_at = time.perf_counter()
        warnings: list[str] = []
        surface = best_map("io", warnings, build=False)
        try:  # decoded here, off the GUI thread: the window only hands the pixels to VTK
            pixels = map_pixels(surface)
        except ValueError as exc:
            self.failed.emit(str(exc))
            return
        if warnings:
            self.failed.emit("; ".join(warnings))
        self.built.emit(surface, pixels)

    def stop(self) -> None:
        """End a build in progress (the window is closing); nothing is left half-written."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
        self.wait()
