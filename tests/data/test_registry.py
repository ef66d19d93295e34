"""Local files: `perijove data add` validates and registers them; what the app picks up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from perijove.data import (
    DataError,
    installed_juno_model,
    installed_kernel_paths,
    installed_maps,
    installed_text_kernels,
    registry,
)
from perijove.data.validate import metakernel_variables
from tests.conftest import shared_file


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_nothing_installed_means_defaults(data_dir) -> None:
    assert installed_kernel_paths() == [] and installed_maps() == {}
    assert installed_juno_model() is None and installed_text_kernels() == []
    assert not data_dir.exists()  # asking creates nothing


def test_add_spk_lsk_glb(data_dir) -> None:
    spk = shared_file("spice", "jup310_excerpt_2021-02-26.bsp")
    lsk = shared_file("spice", "naif0012.tls")
    glb = shared_file("models", "juno_nasa.glb")
    added = registry.add_paths([spk, lsk, glb])
    assert [e["kind"] for e in added] == ["spk", "lsk", "model"]
    assert {"501", "502", "503", "504"} <= set(added[0]["info"]["bodies"])
    assert installed_kernel_paths() == [spk.resolve()]
    assert installed_text_kernels() == [lsk.resolve()]
    assert installed_juno_model() == glb.resolve()
    assert (data_dir / "registry.json").is_file()
    registry.remove(spk.name)
    assert installed_kernel_paths() == [] and spk.is_file()  # unregistered, never deleted


def test_metakernel_resolves_kernels_to_load(data_dir, tmp_path) -> None:
    spice = shared_file("spice", "naif0012.tls").parent
    mk = tmp_path / "juno.tm"
    mk.write_text(
        "KPL/MK\n\\begintext\nA test meta-kernel.\n\\begindata\n"
        f"PATH_VALUES = ( '{spice}' )\nPATH_SYMBOLS = ( 'S' )\n"
        "KERNELS_TO_LOAD = ( '$S/naif0012.tls'\n"
        "                    '$S/spk_pre_220614_221109_+'\n"
        "                    '220810_jm0450.bsp' )\n"
        "KERNELS_TO_LOAD += ( '$S/jup310_excerpt_2021-02-26.bsp' )\n\\begintext\n")
    added = registry.add_paths([mk])
    assert [Path(e["path"]).name for e in added] == [
        "naif0012.tls", "spk_pre_220614_221109_220810_jm0450.bsp",
        "jup310_excerpt_2021-02-26.bsp"]
    assert all(e["from_metakernel"] == str(mk.resolve()) for e in added)
    assert [p.name for p in installed_kernel_paths()] == [
        "spk_pre_220614_221109_220810_jm0450.bsp", "jup310_excerpt_2021-02-26.bsp"]
    registry.remove("juno.tm")
    assert installed_kernel_paths() == []


def test_metakernel_missing_file_is_one_line(data_dir, tmp_path) -> None:
    mk = tmp_path / "bad.tm"
    mk.write_text("KPL/MK\n\\begindata\nKERNELS_TO_LOAD = ( 'nowhere/x.bsp' )\n")
    with pytest.raises(DataError, match=r"lists 'nowhere/x.bsp', which does not exist"):
        registry.add_paths([mk])


def test_metakernel_variables_quote_escape() -> None:
    text = "\\begindata\nA = ( 'it''s' 'b+' 'c' )\nN = 3\n"
    assert metakernel_variables(text)["A"] == ["it's", "bc"]


def test_maps_need_two_to_one_and_a_body(data_dir, tmp_path) -> None:
    square = tmp_path / "io_square.png"
    Image.new("RGB", (64, 64)).save(square)
    with pytest.raises(DataError, match="twice as wide as it is tall"):
        registry.add_paths([square])
    odd = tmp_path / "mystery.png"
    Image.new("RGB", (128, 64)).save(odd)
    with pytest.raises(DataError, match="which globe is the map"):
        registry.add_paths([odd])
    registry.add_paths([odd], body="Europa")
    assert installed_maps() == {"europa": odd.resolve()}
    fake = tmp_path / "io.jpg"
    fake.write_bytes(b"not a jpeg at all")
    with pytest.raises(DataError, match="not a readable image"):
        registry.add_paths([fake])


def test_rejects_what_is_not_data(data_dir, tmp_path) -> None:
    txt = tmp_path / "notes.txt"
    txt.write_text("hello")
    with pytest.raises(DataError, match="is not a kernel"):
        registry.add_paths([txt])
    fake = tmp_path / "fake.bsp"
    fake.write_bytes(b"DAF/SPK " + b"\0" * 100)
    with pytest.raises(DataError, match="not a valid SPICE SPK kernel"):
        registry.add_paths([fake])
    with pytest.raises(DataError, match="does not exist"):
        registry.add_paths([tmp_path / "missing.bsp"])
    assert registry.load()["added"] == []
