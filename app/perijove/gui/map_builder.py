"""Builds the JunoCam Io map off the GUI thread (18-21 s the first time on a 2-core machine),
so the window shows at once and swaps the map in when it is ready."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal


class IoMapBuilder(QThread):
    built = Signal()
    failed = Signal(str)

    def run(self) -> None:
        from perijove.maps.catalogue import io_map_variants

        try:
            io_map_variants(build=True)  # builds and caches both the map and the difference
        except Exception as exc:  # noqa: BLE001 - reported in the window as one line
            self.failed.emit(f"could not build the JunoCam Io map: {exc}")
            return
        self.built.emit()
