"""The manifest's facts and the cache's paths and mirror rule."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from perijove.data import DataError
from perijove.data.cache import data_dir, item_path, partial_path, resolve_url, url_file_name
from perijove.data.manifest import MAP, SPK, find_item, items
from tests.conftest import SHARED_DATA


def test_names_and_mirror_file_names_are_unique() -> None:
    names = [i.name for i in items()]
    assert len(names) == len(set(names))
    assert len({url_file_name(i.url) for i in items()}) == len(names)  # the mirror layout
    assert len({i.filename for i in items()}) == len(names)


def test_required_items_are_listed() -> None:
    files = {i.filename for i in items()}
    assert {"naif0012.tls", "pck00011.tpc", "jup365.bsp", "juno_rec_orbit.bsp",
            "juno_pred_orbit.bsp", "spk_pre_220614_221109_220810_jm0450.bsp",
            "juno_nasa.glb"} <= files
    assert {i.body for i in items() if i.kind == MAP} == {"jupiter", "io", "europa", "ganymede",
                                                           "callisto"}
    for i in items():
        assert i.url.startswith("https://") and i.credit and i.licence and i.replaces
        assert i.pinned == (i.size_bytes is not None)
        assert i.pinned or "naif.jpl.nasa.gov" in i.url  # only NAIF's changing files unpinned
    assert all(i.expect_bodies for i in items() if i.kind == SPK)


@pytest.mark.parametrize("item", [i for i in items() if i.pinned], ids=lambda i: i.name)
def test_pinned_checksums_and_sizes_match_the_real_files(item) -> None:  # noqa: ANN001
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent")
    matches = [p for sub in ("spice", "textures", "models") for p in (SHARED_DATA / sub).glob("*")
               if p.is_file() and p.stat().st_size == item.size_bytes
               and hashlib.sha256(p.read_bytes()).hexdigest() == item.sha256]
    assert matches, f"no file in {SHARED_DATA} has {item.name}'s size and SHA-256"


def test_find_item_by_name_or_file_name() -> None:
    assert find_item("JUNO-PJ43-46") is find_item("spk_pre_220614_221109_220810_jm0450.bsp")
    with pytest.raises(DataError, match="unknown data item 'nope'; choose one of: lsk, pck"):
        find_item("nope")


def test_data_dir_and_mirror(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PERIJOVE_DATA_MIRROR", raising=False)
    assert data_dir() == tmp_path
    lsk = find_item("lsk")
    assert item_path(lsk) == tmp_path / "kernels" / "naif0012.tls"
    assert partial_path(item_path(lsk)).name == "naif0012.tls.partial"
    assert resolve_url(lsk.url) == lsk.url
    monkeypatch.setenv("PERIJOVE_DATA_MIRROR", "http://m.example/data")
    assert resolve_url(lsk.url) == "http://m.example/data/naif0012.tls"
    assert resolve_url(find_item("europa-4k").url) == "http://m.example/data/europa.jpg"
    monkeypatch.delenv("PERIJOVE_DATA_DIR")
    assert data_dir().name == "perijove"  # platformdirs' per-user data folder


BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'PySide6', 'shiboken6', 'vtkmodules', 'vtk'}:
            raise ImportError('blocked: ' + name)
        if name.split('.')[0] in {'urllib3', 'requests'}:
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import socket
def no_network(*a, **k):
    raise AssertionError('network touched at import')
socket.socket.connect = no_network
socket.create_connection = no_network
import perijove.data, perijove.data.cli_data, perijove.data.download, perijove.data.status
perijove.data.installed_kernel_paths(); perijove.data.installed_maps()
perijove.data.installed_juno_model()
"""


def test_model_layer_rule_and_no_network_at_import(tmp_path) -> None:
    env = {"PERIJOVE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True,
                            env=env)
    assert result.returncode == 0, result.stderr
