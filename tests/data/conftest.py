"""Fixtures for the data-manager tests: a local mirror of ../shared/data and a temp data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.data.mirror_server import MirrorServer, build_mirror_files


@pytest.fixture(scope="session")
def mirror_files() -> dict[str, Path]:
    """URL file name -> the real file in ../shared/data (skips where it is absent)."""
    return build_mirror_files()


@pytest.fixture
def mirror(mirror_files, tmp_path, monkeypatch) -> Iterator[MirrorServer]:
    """A running local mirror; PERIJOVE_DATA_MIRROR and PERIJOVE_DATA_DIR point at it/tmp."""
    with MirrorServer(mirror_files) as server:
        monkeypatch.setenv("PERIJOVE_DATA_MIRROR", server.url)
        monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
        yield server

