"""The Mission data dialog under Xvfb (pytest-qt): download, cancel, remove; no internet."""

from __future__ import annotations

import os

import pytest

if not os.environ.get("DISPLAY"):
    pytest.skip("GUI tests need an X display: run the suite under xvfb-run (README Quick start)",
                allow_module_level=True)

from PySide6.QtCore import Qt  # noqa: E402

from perijove.data import installed_kernel_paths, registry  # noqa: E402
from perijove.data.cache import item_path, partial_path  # noqa: E402
from perijove.data.manifest import find_item, items  # noqa: E402
from perijove.gui.dialogs.data_dialog import DataDialog  # noqa: E402
from tests.data.mirror_server import FAST, MirrorServer, build_mirror_files  # noqa: E402

PJ_FILE = "spk_pre_220614_221109_220810_jm0450.bsp"


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    with MirrorServer(build_mirror_files()) as server:
        monkeypatch.setenv("PERIJOVE_DATA_MIRROR", server.url)
        monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
        yield server


@pytest.fixture
def dialog(qtbot, mirror):
    d = DataDialog(fetch_options=FAST)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    yield d
    d.shutdown()


def test_lists_every_item_with_credit(dialog) -> None:
    table = dialog.table
    assert dialog.windowTitle() == "Mission data"
    assert table.rowCount() == len(items())
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[:5] == ["Item", "Replaces", "Size", "Installed", "Source / credit"]
    row = [i.name for i in items()].index("ganymede-4k")
    assert table.item(row, 3).text() == "no"
    assert "CC-BY-3.0" in table.item(row, 4).text()
    assert dialog.buttons["ganymede-4k"].text() == "Download"


def test_download_installs_and_signals(dialog, qtbot) -> None:
    with qtbot.waitSignal(dialog.data_changed, timeout=20000):
        qtbot.mouseClick(dialog.buttons["juno-model"], Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert registry.installed_juno_model() == item_path(find_item("juno-model"))
    row = [i.name for i in items()].index("juno-model")
    assert dialog.table.item(row, 3).text() == "yes"
    assert dialog.progress.value() == 1000
    with qtbot.waitSignal(dialog.data_changed, timeout=5000):
        qtbot.mouseClick(dialog.buttons["juno-model"], Qt.LeftButton)  # now "Remove"
    assert registry.installed_juno_model() is None


def test_cancel_leaves_nothing_installed(dialog, qtbot, mirror) -> None:
    mirror.behaviour[PJ_FILE] = "slow"
    item = find_item("juno-pj43-46")
    qtbot.mouseClick(dialog.buttons[item.name], Qt.LeftButton)
    assert dialog.busy and dialog.cancel_button.isEnabled()
    assert not dialog.buttons["europa-4k"].isEnabled()  # one download at a time
    # The GUI thread keeps handling events while the worker downloads: progress arrives.
    qtbot.waitUntil(lambda: 0 < dialog.progress.value() < 1000, timeout=10000)
    assert "MB/s" in dialog.status.text() and "left" in dialog.status.text()
    with qtbot.assertNotEmitted(dialog.data_changed, wait=200):
        qtbot.mouseClick(dialog.cancel_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert "cancelled" in dialog.status.text()
    assert not item_path(item).exists() and not registry.is_installed(item)
    assert partial_path(item_path(item)).is_file()  # kept for resuming, not installed
    assert installed_kernel_paths() == []
    assert dialog.buttons[item.name].isEnabled() and not dialog.cancel_button.isEnabled()
