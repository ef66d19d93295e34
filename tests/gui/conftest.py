"""GUI test fixtures: QSettings (the window's remembered View > Sky choices) live in a
temporary folder, so tests neither read nor change the developer's own settings."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path_factory):  # noqa: ANN202
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.NativeFormat, QSettings.IniFormat):
        QSettings.setPath(fmt, QSettings.UserScope, folder)
    yield
