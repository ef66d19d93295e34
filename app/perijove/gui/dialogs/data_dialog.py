"""The "Mission data" dialog: what can be downloaded, what is installed, and downloads.

Downloads run in a QThread so the window stays responsive; only the network part runs
there (:func:`perijove.data.download.download`). Installing (validation loads SPICE
kernels, and CSPICE is not thread-safe) happens back on the GUI thread. Nothing is
downloaded until the user presses a Download button.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from perijove.data import DataError, DownloadCancelled, registry
from perijove.data.cache import data_dir
from perijove.data.download import Progress, download, install
from perijove.data.manifest import Item, find_item
from perijove.data.status import item_statuses

COLUMNS = ("Item", "Replaces", "Size", "Installed", "Source / credit", "")


def _size(n: int | None) -> str:
    if n is None:
        return "unknown"
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB"


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--"
    return time.strftime("%H:%M:%S" if seconds >= 3600 else "%M:%S", time.gmtime(seconds))


class DownloadThread(QThread):
    """Runs one download off the GUI thread; reports through queued signals."""

    progressed = Signal(object)        # Progress
    downloaded = Signal(str, str)      # item name, partial file path
    failed = Signal(str, str)          # item name, one-line message
    cancelled = Signal(str, str)       # item name, one-line message

    def __init__(self, item: Item, options: dict[str, Any], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.item = item
        self.options = options
        self.cancel_event = threading.Event()

    def run(self) -> None:  # the worker thread
        try:
            partial = download(self.item, progress=self.progressed.emit,
                               cancel=self.cancel_event, **self.options)
        except DownloadCancelled as exc:
            self.cancelled.emit(self.item.name, str(exc))
        except DataError as exc:
            self.failed.emit(self.item.name, str(exc))
        except Exception as exc:  # noqa: BLE001 - never let a worker die silently
            self.failed.emit(self.item.name, f"{self.item.name}: unexpected error: {exc}")
        else:
            self.downloaded.emit(self.item.name, str(partial))


class DataDialog(QDialog):
    """Lists every manifest item with Download/Remove buttons, a progress bar and Cancel."""

    data_changed = Signal()

    def __init__(self, parent: QWidget | None = None,
                 fetch_options: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mission data")
        self.setObjectName("dataDialog")
        self.fetch_options = dict(fetch_options or {})
        self.thread: DownloadThread | None = None
        self.buttons: dict[str, QPushButton] = {}

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("dataTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(4, QHeaderView.Stretch)

        self.folder_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setObjectName("dataProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel("Nothing is downloaded unless you press Download.")
        self.status.setObjectName("dataStatus")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel download")
        self.cancel_button.setObjectName("cancelDownload")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)

        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(1100, 560)
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        # Row heights depend on the laid-out column widths (wrapped credits): fit them now.
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    # ---- table -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read what is installed (local disk only) and redraw the table."""
        try:
            self.folder_label.setText(f"Data folder: {data_dir()}")
            rows = item_statuses()
        except (DataError, OSError) as exc:  # a bad mirror setting or data folder: say so
            self.status.setText(str(exc))
            rows = []
        self.table.setRowCount(len(rows))
        self.buttons.clear()
        for r, s in enumerate(rows):
            cells = (s.item.title, s.item.replaces, _size(s.size_bytes),
                     "yes" if s.installed else "no",
                     f"{s.source}: {s.item.credit} ({s.item.licence})")
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text if c != 0 else f"{s.item.name}: {s.item.url}")
                self.table.setItem(r, c, cell)
            button = QPushButton("Remove" if s.installed else "Download")
            button.setObjectName(f"{'remove' if s.installed else 'download'}-{s.item.name}")
            button.setEnabled(self.thread is None)
            if s.installed:
                button.clicked.connect(lambda _=False, n=s.item.name: self.remove(n))
            else:
                button.clicked.connect(lambda _=False, n=s.item.name: self.start_download(n))
            self.buttons[s.item.name] = button
            self.table.setCellWidget(r, len(COLUMNS) - 1, button)
        self.table.resizeRowsToContents()

    @property
    def busy(self) -> bool:
        return self.thread is not None

    def _set_busy(self, busy: bool) -> None:
        for b in self.buttons.values():
            b.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    # ---- actions -----------------------------------------------------------------------------
    def start_download(self, name: str) -> None:
        if self.thread is not None:
            return
        item = find_item(name)
        self.progress.setValue(0)
        self.status.setText(f"Downloading {item.title}...")
        thread = DownloadThread(item, self.fetch_options, self)
        thread.progressed.connect(self._on_progress)
        thread.downloaded.connect(self._on_downloaded)
        thread.failed.connect(self._on_failed)
        thread.cancelled.connect(self._on_cancelled)
        thread.finished.connect(self._on_thread_finished)
        self.thread = thread
        self._set_busy(True)
        thread.start()

    @Slot()
    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancel_event.set()
            self.status.setText("Cancelling...")

    def remove(self, name: str) -> None:
        try:
            self.status.setText(registry.remove(name))
        except DataError as exc:
            self.status.setText(str(exc))
            return
        self.refresh()
        self.data_changed.emit()

    # ---- worker reports (queued onto the GUI thread) -----------------------------------------
    @Slot(object)
    def _on_progress(self, p: Progress) -> None:
        if p.fraction is None:
            self.progress.setRange(0, 0)  # busy indicator
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * p.fraction))
        total = _size(p.total) if p.total else "?"
        self.status.setText(f"{p.name}: {_size(p.done)} of {total} at "
                            f"{p.speed_bps / 1e6:.2f} MB/s, {_clock(p.eta_s)} left")

    @Slot(str, str)
    def _on_downloaded(self, name: str, partial: str) -> None:
        try:
            path = install(find_item(name), Path(partial))  # SPICE work: GUI thread only
        except DataError as exc:
            self.status.setText(str(exc))
            return
        self.progress.setRange(0, 1000)
        self.progress.setValue(1000)
        self.status.setText(f"Installed {name}: {path}")
        self.data_changed.emit()

    @Slot(str, str)
    def _on_failed(self, name: str, message: str) -> None:
        self.status.setText(message)

    @Slot(str, str)
    def _on_cancelled(self, name: str, message: str) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status.setText(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        if self.thread is not None:
            self.thread.deleteLater()
        self.thread = None
        self._set_busy(False)
        self.refresh()

    # ---- closing -----------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Cancel a running download and wait for its thread (the partial file is kept)."""
        if self.thread is not None:
            self.thread.cancel_event.set()
            self.thread.wait(timeout_ms)

    def done(self, result: int) -> None:  # close, Esc, Close button
        self.shutdown()
        super().done(result)
