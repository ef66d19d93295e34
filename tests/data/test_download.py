"""The real download code against a local mirror: resume, faults, checksums, atomic install."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import threading
from collections import namedtuple

import numpy as np
import pytest

from perijove.data import DataError, DownloadCancelled, installed_kernel_paths, registry
from perijove.data.cache import item_path, partial_path
from perijove.data.download import download, fetch
from perijove.data.manifest import find_item
from tests.data.mirror_server import FAST

PJ = "juno-pj43-46"
PJ_FILE = "spk_pre_220614_221109_220810_jm0450.bsp"


def _nothing_installed(item) -> None:  # noqa: ANN001
    assert not item_path(item).exists()
    assert not registry.is_installed(item)
    assert item.name not in registry.load()["installed"]


def test_full_fetch_verifies_checksum_and_reports_progress(mirror) -> None:
    item = find_item("juno-model")
    seen = []
    path = fetch(item, progress=seen.append, **FAST)
    assert path == item_path(item) and path.is_file()
    assert not partial_path(path).exists()
    assert path.stat().st_size == item.size_bytes
    assert registry.installed_juno_model() == path
    assert registry.load()["installed"]["juno-model"]["sha256"] == item.sha256
    last = seen[-1]
    assert last.done == last.total == item.size_bytes and last.fraction == 1.0
    assert last.speed_bps > 0 and last.eta_s == 0
    assert mirror.ranges("juno.glb") == [None]


def test_dropped_connection_resumes_with_range(mirror) -> None:
    item = find_item(PJ)
    mirror.behaviour[PJ_FILE] = "drop_once"
    fetch(item, **FAST)
    ranges = mirror.ranges(PJ_FILE)
    assert ranges[0] is None
    assert len(ranges) == 2 and ranges[1] == f"bytes={item.size_bytes // 2}-", ranges
    assert registry.is_installed(item)


def test_interrupted_download_resumes_in_a_later_fetch(mirror) -> None:
    item = find_item(PJ)
    mirror.behaviour[PJ_FILE] = "drop_once"
    with pytest.raises(DataError, match="closed early"):
        fetch(item, retries=0, backoff_s=0.01, timeout_s=5.0)
    partial = partial_path(item_path(item))
    assert partial.stat().st_size == item.size_bytes // 2
    _nothing_installed(item)
    fetch(item, **FAST)
    assert mirror.ranges(PJ_FILE)[-1] == f"bytes={item.size_bytes // 2}-"
    assert registry.is_installed(item) and not partial.exists()


def test_404_is_one_line_and_installs_nothing(mirror) -> None:
    item = find_item("europa-4k")
    mirror.behaviour["europa.jpg"] = "404"
    with pytest.raises(DataError, match=r"not found \(HTTP 404\)") as info:
        fetch(item, **FAST)
    assert "\n" not in str(info.value)
    _nothing_installed(item)
    assert len(mirror.ranges("europa.jpg")) == 1  # a 404 is not retried


def test_truncated_body_fails_after_retries_and_installs_nothing(mirror) -> None:
    item = find_item("callisto-4k")
    mirror.behaviour["callisto.jpg"] = "truncate"
    with pytest.raises(DataError, match="closed early.*gave up after 3 attempts"):
        fetch(item, **FAST)
    _nothing_installed(item)
    ranges = mirror.ranges("callisto.jpg")
    assert ranges[0] is None and all(r and r.startswith("bytes=") for r in ranges[1:])


def test_short_file_fails_checksum(mirror) -> None:
    item = find_item("ganymede-4k")
    mirror.behaviour["ganymede.jpg"] = "short"
    with pytest.raises(DataError, match="checksum mismatch"):
        fetch(item, **FAST)
    _nothing_installed(item)
    assert not partial_path(item_path(item)).exists()


def test_wrong_bytes_leave_the_installed_file_untouched(mirror) -> None:
    item = find_item("jupiter-4k")
    good = fetch(item, **FAST)
    before = good.read_bytes()
    mtime = good.stat().st_mtime_ns
    mirror.behaviour["jupiter-2018.jpg"] = "wrong"
    with pytest.raises(DataError, match="checksum mismatch.*nothing was installed"):
        fetch(item, **FAST)
    assert good.read_bytes() == before and good.stat().st_mtime_ns == mtime
    assert not partial_path(good).exists()
    assert registry.installed_maps()["jupiter"] == good


def test_unpinned_text_kernel_is_validated_by_content(mirror) -> None:
    item = find_item("lsk")
    assert item.sha256 is None
    path = fetch(item, **FAST)
    assert path.read_bytes().startswith(b"KPL/LSK")
    mirror.behaviour["naif0012.tls"] = "short"  # half a kernel: unbalanced data
    registry.remove("lsk")
    with pytest.raises(DataError, match="incomplete|truncated"):
        fetch(item, **FAST)
    _nothing_installed(item)


def test_unpinned_spk_must_hold_its_bodies(mirror, monkeypatch) -> None:
    # juno-rec must hold -61; serve the jup310 excerpt (moons, no Juno) under its name.
    from tests.conftest import shared_file

    mirror.files["juno_rec_orbit.bsp"] = shared_file("spice", "jup310_excerpt_2021-02-26.bsp")
    with pytest.raises(DataError, match="-61 missing"):
        fetch(find_item("juno-rec"), **FAST)
    _nothing_installed(find_item("juno-rec"))


def test_not_a_kernel_is_rejected(mirror) -> None:
    from tests.conftest import shared_file

    mirror.files["juno_pred_orbit.bsp"] = shared_file("spice", "naif0012.tls")
    with pytest.raises(DataError, match="not a valid SPICE SPK kernel"):
        fetch(find_item("juno-pred"), **FAST)
    _nothing_installed(find_item("juno-pred"))


def test_no_network(tmp_path, monkeypatch) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("PERIJOVE_DATA_MIRROR", f"http://127.0.0.1:{port}/x/")
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(DataError, match="no network: cannot reach 127.0.0.1"):
        fetch(find_item("europa-4k"), **FAST)


def test_timeout(mirror) -> None:
    mirror.behaviour["europa.jpg"] = "hang"
    with pytest.raises(DataError, match="timed out"):
        fetch(find_item("europa-4k"), retries=1, backoff_s=0.01, timeout_s=0.2)
    _nothing_installed(find_item("europa-4k"))


def test_disk_full_before_and_during(mirror, monkeypatch) -> None:
    item = find_item("europa-4k")
    usage = namedtuple("usage", "total used free")
    with monkeypatch.context() as m:
        m.setattr(shutil, "disk_usage", lambda p: usage(10**6, 10**6 - 1000, 1000))
        with pytest.raises(DataError, match="disk is full: it needs"):
            fetch(item, **FAST)

    import perijove.data.download as dl

    real_open = open

    class Full:
        def __init__(self, f) -> None:  # noqa: ANN001
            self.f = f

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *a: object) -> None:
            self.f.close()

        def write(self, b: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(dl, "open", lambda p, m: Full(real_open(p, m)), raising=False)
    with pytest.raises(DataError, match="disk is full while writing"):
        fetch(item, **FAST)
    _nothing_installed(item)


def test_read_only_folder(mirror, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(blocker / "data"))  # a path under a file
    with pytest.raises(DataError, match="cannot write to the data folder.*a file is in the way"):
        fetch(find_item("europa-4k"), **FAST)
    if os.geteuid() == 0:
        return  # root ignores permission bits: the path under a file stands in for read-only
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        monkeypatch.setenv("PERIJOVE_DATA_DIR", str(ro))
        with pytest.raises(DataError, match="cannot write|read-only"):
            fetch(find_item("europa-4k"), **FAST)
    finally:
        ro.chmod(0o700)


def test_cancel_keeps_partial_that_does_not_look_installed(mirror) -> None:
    item = find_item(PJ)
    mirror.behaviour[PJ_FILE] = "slow"
    cancel = threading.Event()

    def progress(p) -> None:  # noqa: ANN001
        if p.done > 100_000:
            cancel.set()

    with pytest.raises(DownloadCancelled, match="cancelled"):
        download(item, progress=progress, cancel=cancel, **FAST)
    assert partial_path(item_path(item)).is_file()
    _nothing_installed(item)
    assert installed_kernel_paths() == []


def test_pj45_kernel_feeds_system_ephemeris(mirror) -> None:
    import spiceypy

    from perijove.core.timescale import parse_utc
    from perijove.ephem.spice_kernels import unload
    from perijove.ephem.system import SystemEphemeris

    fetch(find_item(PJ), **FAST)
    paths = installed_kernel_paths()
    assert [p.name for p in paths] == [PJ_FILE]
    eph = SystemEphemeris(paths)
    try:
        t = parse_utc("2022-09-29T09:36:29Z")
        assert str(eph.source("juno", t)) == f"SPICE: {PJ_FILE}"
        pos, vel = eph.state_km("juno", "jupiter", t)
        ref = np.array(spiceypy.spkezr("-61", t, "J2000", "NONE", "599")[0])
        assert np.linalg.norm(pos[0] - ref[:3]) < 1e-3  # 1 m
        assert np.linalg.norm(vel[0] - ref[3:]) < 1e-6
    finally:
        for k in eph.kernels:
            unload(k)
