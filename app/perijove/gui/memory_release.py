"""A timer that hands freed memory back to the system while a window runs for hours
(core/native_memory.py says why)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from perijove.core.native_memory import release_freed_memory

RELEASE_INTERVAL_MS = 30_000  # a trim takes a few ms (the soak reports the slowest)


class MemoryRelease(QObject):
    """Trims the heaps every RELEASE_INTERVAL_MS; `took_s` keeps how long each trim took."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.took_s: list[float] = []
        self.timer = QTimer(self)
        self.timer.setInterval(RELEASE_INTERVAL_MS)
        self.timer.timeout.connect(self.release)
        self.timer.start()

    def release(self) -> None:
        self.took_s.append(release_freed_memory())
        del self.took_s[:-1000]
