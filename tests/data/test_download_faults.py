"""Downloads and the data folder under faults: a file that changes between attempts,
truncated and damaged files served whole, half-decoded maps, a full disk, bad mirrors.

Against the local mirror (tests/data/mirror_server.py), which honours If-Range as RFC 9110
section 13.1.5 says. Whatever could abort runs as a `perijove` child (tests/conftest.py
`run_cli`).
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from perijove.data import DataError, registry
from perijove.data.cache import item_path, partial_path, resolve_url, resume_path
from perijove.data.download import fetch, strong_validator
from perijove.data.manifest import find_item, items
from tests.conftest import ROOT, SHARED_DATA, run_cli, shared_file
from tests.data.mirror_server import FAST, MirrorServer
from tests.ephem.damaged_kernels import make

LSK_FILE = "naif0012.tls"
SIGABRT = -6


def _only_installed_files(item) -> None:  # noqa: ANN001
    """The item's folder holds the installed file and nothing else (no .partial, .resume)."""
    folder = item_path(item).parent
    assert sorted(p.name for p in folder.iterdir()) == [item.filename]


def _nothing_left(item) -> None:  # noqa: ANN001
    folder = item_path(item).parent
    left = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    assert left == [], left
    assert not registry.is_installed(item)
    assert item.name not in registry.load()["installed"]


def _new_lsk_version() -> bytes:
    """naif0012.tls as its next version might be: same kind, other bytes, other length."""
    text = shared_file("spice", LSK_FILE).read_bytes()
    at = text.index(b"\\begintext") + len(b"\\begintext")
    return text[:at] + b"\n\nThis copy was edited on the server between two attempts.\n" + \
        text[at:]


# ---- If-Range: a file that changed between attempts restarts -----------------------------
@pytest.mark.parametrize("validators", ["", "last_modified"], ids=["etag", "last-modified"])
def test_changed_file_restarts_instead_of_mixing(mirror, validators) -> None:
    item = find_item("lsk")
    new = _new_lsk_version()
    mirror.replacements[LSK_FILE] = new
    mirror.behaviour[LSK_FILE] = "+".join(filter(None, ["changes", "drop_once", validators]))
    path = fetch(item, **FAST)
    assert path.read_bytes() == new  # not the old file's first half glued to the new one
    ranges = mirror.ranges(LSK_FILE)
    if_ranges = [v for n, v in mirror.if_ranges if n == LSK_FILE]
    assert ranges[0] is None and ranges[1] is not None  # it did ask to resume...
    assert if_ranges[1] is not None  # ...only if the file was unchanged...
    assert mirror.sent(LSK_FILE) == [200, 200]  # ...and it was not: the whole new file
    _only_installed_files(item)


@pytest.mark.parametrize("validators", ["", "last_modified"], ids=["etag", "last-modified"])
def test_unchanged_file_resumes_with_if_range(mirror, validators) -> None:
    item = find_item("lsk")
    mirror.behaviour[LSK_FILE] = "+".join(filter(None, ["drop_once", validators]))
    path = fetch(item, **FAST)
    assert path.read_bytes() == shared_file("spice", LSK_FILE).read_bytes()
    size = len(path.read_bytes())
    assert mirror.ranges(LSK_FILE) == [None, f"bytes={size // 2}-"]
    assert mirror.sent(LSK_FILE) == [200, 206]
    _only_installed_files(item)


@pytest.mark.parametrize("validators", ["no_validators", "weak_etag"])
def test_without_a_strong_validator_a_partial_file_is_fetched_again(mirror,
                                                                     validators) -> None:
    item = find_item("lsk")
    mirror.replacements[LSK_FILE] = _new_lsk_version()
    mirror.behaviour[LSK_FILE] = f"changes+drop_once+{validators}"
    path = fetch(item, **FAST)
    assert path.read_bytes() == mirror.replacements[LSK_FILE]
    assert mirror.ranges(LSK_FILE) == [None, None]  # never a Range without If-Range
    _only_installed_files(item)


def test_partial_from_another_mirror_is_not_resumed(mirror, mirror_files, monkeypatch) -> None:
    item = find_item("lsk")
    mirror.behaviour[LSK_FILE] = "drop_once"
    with pytest.raises(DataError, match="closed early"):
        fetch(item, retries=0, backoff_s=0.01, timeout_s=5.0)
    final = item_path(item)
    assert partial_path(final).is_file() and resume_path(final).is_file()
    with MirrorServer(mirror_files) as other:
        monkeypatch.setenv("PERIJOVE_DATA_MIRROR", other.url)
        fetch(item, **FAST)
        assert other.ranges(LSK_FILE) == [None]
    _only_installed_files(item)


@pytest.mark.parametrize(("headers", "expected"), [
    ({"ETag": '"v1"'}, '"v1"'),
    ({"ETag": '"v1"', "Last-Modified": "Sun, 06 Nov 1994 08:49:37 GMT"}, '"v1"'),
    ({"ETag": 'W/"v1"', "Last-Modified": "Sun, 06 Nov 1994 08:49:37 GMT",
      "Date": "Sun, 06 Nov 1994 09:49:37 GMT"}, None),
    ({"Last-Modified": "Sun, 06 Nov 1994 08:49:37 GMT",
      "Date": "Sun, 06 Nov 1994 08:49:38 GMT"}, "Sun, 06 Nov 1994 08:49:37 GMT"),
    ({"Last-Modified": "Sun, 06 Nov 1994 08:49:37 GMT",
      "Date": "Sun, 06 Nov 1994 08:49:37 GMT"}, None),
    ({"Last-Modified": "Sun, 06 Nov 1994 08:49:37 GMT"}, None),
    ({"Last-Modified": "yesterday", "Date": "today"}, None),
    ({}, None),
], ids=["etag", "etag-wins", "weak-etag", "strong-date", "date-same-second", "no-date",
        "garbage", "none"])
def test_strong_validator_follows_rfc_9110(headers, expected) -> None:
    # RFC 9110 13.1.5: no weak ETag in If-Range; a date only without an ETag and only when
    # strong (8.8.2.2: the response's Date at least one second after Last-Modified).
    assert strong_validator(headers) == expected


# ---- whole files that are not whole kernels ---------------------------------------------
def test_unpinned_spk_cut_to_70_percent_is_not_installed(mirror) -> None:
    # The server itself holds a truncated file and says so in Content-Length: the transfer
    # is complete, so only the content check can catch it.
    item = find_item("juno-pred")
    mirror.files["juno_pred_orbit.bsp"] = shared_file(
        "spice", "spk_pre_220614_221109_220810_jm0450.bsp")
    mirror.behaviour["juno_pred_orbit.bsp"] = "cut70"
    with pytest.raises(DataError) as info:
        fetch(item, **FAST)
    msg = str(info.value)
    assert msg.startswith("'juno-pred (juno_pred_orbit.bsp)' is not a valid SPICE SPK kernel")
    assert "the file is truncated" in msg and "nothing was installed" in msg
    assert "\n" not in msg
    _nothing_left(item)


@pytest.mark.parametrize("damage", ["nd-ni-124-2", "nsum-huge", "segment-end-past-eof",
                                    "ftp-text-mode"])
def test_unpinned_spk_with_a_damaged_record_is_refused_without_abort(mirror, tmp_path,
                                                                    damage) -> None:
    item = find_item("juno-pred")
    mirror.files["juno_pred_orbit.bsp"] = make(SHARED_DATA, "juno", damage, tmp_path)
    done = run_cli("data", "fetch", "juno-pred")
    assert done.returncode != SIGABRT
    assert done.returncode == 2, (done.returncode, done.stderr[-300:])
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("perijove: 'juno-pred (juno_pred_orbit.bsp)' is not a valid SPICE "
                           "SPK kernel: it is damaged")
    assert "Traceback" not in done.stderr
    _nothing_left(item)


def test_unpinned_spk_without_coverage_for_its_body_is_refused(mirror, tmp_path) -> None:
    item = find_item("juno-pred")
    mirror.files["juno_pred_orbit.bsp"] = make(SHARED_DATA, "juno", "segment-times-nan",
                                               tmp_path)
    with pytest.raises(DataError, match="juno-pred.*no time span"):
        fetch(item, **FAST)
    _nothing_left(item)


# ---- maps must decode in full ---------------------------------------------------------
def _jpeg_header_claiming(width: int, height: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 32), "grey").save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")  # baseline frame header: height, width at +5, +7
    data[sof + 5:sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data[:data.index(b"\xff\xda") + 14])  # up to the scan header, no data


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.9, 0.999])
def test_truncated_map_is_refused(data_dir, tmp_path, fraction) -> None:
    real = shared_file("textures", "europa_4k.jpg").read_bytes()
    cut = tmp_path / "europa_cut.jpg"
    cut.write_bytes(real[: int(len(real) * fraction)])
    with pytest.raises(DataError, match="europa_cut.jpg' is truncated or corrupt") as info:
        registry.add_paths([cut])
    assert "\n" not in str(info.value)
    assert registry.load()["added"] == []


def test_header_only_huge_jpeg_is_refused(data_dir, tmp_path) -> None:
    fake = tmp_path / "jupiter_fake.jpg"
    fake.write_bytes(_jpeg_header_claiming(16384, 8192))
    with pytest.raises(DataError, match="jupiter_fake.jpg' is truncated or corrupt"):
        registry.add_paths([fake])
    done = run_cli("data", "add", str(fake))
    assert done.returncode == 2 and "truncated or corrupt" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_truncated_png_is_refused(data_dir, tmp_path) -> None:
    from PIL import Image

    png = tmp_path / "io_cut.png"
    buf = io.BytesIO()
    Image.effect_noise((512, 256), 60).convert("RGB").save(buf, "PNG")
    png.write_bytes(buf.getvalue()[: len(buf.getvalue()) * 2 // 3])
    with pytest.raises(DataError, match="io_cut.png' is (truncated or corrupt|not a readable)"):
        registry.add_paths([png])


def test_whole_map_is_accepted(data_dir) -> None:
    entry = registry.add_paths([shared_file("textures", "europa_4k.jpg")])[0]
    assert entry["info"] == {"width": 4096, "height": 2048}


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(folder))
    return folder


# ---- the registry on a full disk --------------------------------------------------------
def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "registry.json")


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_full_disk_while_saving_the_registry_leaves_no_temporary(data_dir, monkeypatch,
                                                                where) -> None:
    registry.save({"version": 1, "installed": {}, "added": []})
    before = (data_dir / "registry.json").read_bytes()

    def full(*a: object, **k: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if where == "write":
        def dump(obj, f, **k) -> None:  # noqa: ANN001 - writes a little, then the disk fills
            f.write('{"version": ')
            full()
        monkeypatch.setattr(registry.json, "dump", dump)
    else:
        monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DataError, match="the disk is full") as info:
        registry.save({"version": 1, "installed": {"x": {}}, "added": []})
    assert "\n" not in str(info.value)
    assert _leftovers(data_dir) == []
    assert (data_dir / "registry.json").read_bytes() == before


def test_file_size_limit_while_saving_the_registry_leaves_no_temporary(data_dir) -> None:
    # A real refusal by the kernel, not a mock: RLIMIT_FSIZE makes the write fail (EFBIG).
    code = """
import resource, signal, sys
from perijove.data import DataError, registry
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    registry.save({"version": 1, "installed": {"x" * 50000: {}}, "added": []})
except DataError as exc:
    print(exc)
"""
    data_dir.mkdir(parents=True)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ), timeout=60)
    assert done.returncode == 0, done.stderr[-300:]
    assert "cannot write to the data folder" in done.stdout and "larger than" in done.stdout
    assert sorted(p.name for p in data_dir.iterdir()) == []


def test_malformed_registry_entries_are_dropped(data_dir) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "registry.json").write_text(
        '{"installed": {"lsk": 3}, "added": [1, {"path": 5}, {"kind": "spk"}, '
        '{"path": "/nowhere.bsp", "kind": "spk"}]}')
    data = registry.load()
    assert data["installed"] == {} and data["added"] == [{"path": "/nowhere.bsp",
                                                          "kind": "spk"}]
    assert registry.added_entries() == [] and registry.installed_kernel_paths() == []


# ---- PERIJOVE_DATA_MIRROR ---------------------------------------------------------------
BAD_MIRRORS = ["ftp://mirror.example/data/", "/media/usb/mirror", "mirror.example.org/data",
               "http://", "http://host:port/x", "file://", "C:\\mirror"]


@pytest.mark.parametrize("value", BAD_MIRRORS)
def test_mirror_that_is_not_a_url_is_one_line(monkeypatch, value) -> None:
    monkeypatch.setenv("PERIJOVE_DATA_MIRROR", value)
    with pytest.raises(DataError) as info:
        resolve_url(find_item("lsk").url)
    msg = str(info.value)
    assert msg.startswith(f"PERIJOVE_DATA_MIRROR='{value}' is not an http://, https:// or "
                          "file:// URL")
    assert "\n" not in msg


def test_bad_mirror_on_the_command_line(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PERIJOVE_DATA_MIRROR", "/media/usb/mirror")
    done = run_cli("data", "fetch", "lsk")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("perijove: PERIJOVE_DATA_MIRROR='/media/usb/mirror' is not")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_404_from_a_mirror_names_the_file_and_the_url(mirror) -> None:
    item = find_item("europa-4k")
    mirror.behaviour["europa.jpg"] = "404"
    with pytest.raises(DataError) as info:
        fetch(item, **FAST)
    msg = str(info.value)
    assert f"'europa.jpg' not found (HTTP 404) at {mirror.url}europa.jpg" in msg
    assert "one flat folder holding each file under its upstream name" in msg
    assert "or set PERIJOVE_DATA_MIRROR" not in msg  # it is set: say what to put there
    _nothing_left(item)


def test_file_url_mirror_installs_and_names_a_missing_file(tmp_path, monkeypatch,
                                                           mirror_files) -> None:
    folder = tmp_path / "usb mirror"
    folder.mkdir()
    (folder / LSK_FILE).write_bytes(mirror_files[LSK_FILE].read_bytes())
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PERIJOVE_DATA_MIRROR", folder.as_uri() + "/")
    path = fetch(find_item("lsk"), **FAST)
    assert path.read_bytes() == (folder / LSK_FILE).read_bytes()
    with pytest.raises(DataError, match=r"'pck00011\.tpc' not found \(no such file\) at "
                                        r"file://.*usb%20mirror/pck00011\.tpc"):
        fetch(find_item("pck"), **FAST)


def test_data_help_states_the_mirror_contract() -> None:
    done = run_cli("data", "--help")
    assert done.returncode == 0
    flat = " ".join(done.stdout.split())
    assert "ONE FLAT FOLDER that holds each file under its upstream file name" in flat
    from perijove.data.cache import url_file_name

    for item in items():
        assert url_file_name(item.url) in done.stdout


# ---- paths the system refuses -----------------------------------------------------------
def test_add_with_a_non_utf8_kernel_path_is_one_line(data_dir, tmp_path,
                                                    juno_pj45_kernel) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/juno-\xff.bsp"))
    odd.write_bytes(juno_pj45_kernel.read_bytes())
    with pytest.raises(DataError, match=r"juno-\\xff\.bsp' is not a valid SPICE SPK kernel: "
                                        "its path is not valid UTF-8"):
        registry.add_paths([odd])
    assert registry.load()["added"] == []


@pytest.mark.parametrize("what", ["add", "kernel", "trajectory"])
def test_names_too_long_for_the_file_system_are_one_line(tmp_path, monkeypatch, what) -> None:
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
    long_path = str(tmp_path / ("n" * 300 + ".bsp"))
    args = {"add": ("data", "add", long_path),
            "kernel": ("ephem", "io", "--center", "jupiter", "--at", "2022-09-29T09:36:29Z",
                       "--kernel", long_path),
            "trajectory": ("ephem", "juno", "--center", "jupiter", "--at",
                           "2022-09-29T09:36:29Z", "--trajectory", long_path)}[what]
    done = run_cli(*args)
    assert done.returncode == 2, done.stderr
    assert "too long for the file system" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "characters)" in done.stderr  # the path is shown shortened, not 300+ characters


def test_registry_is_untouched_when_a_later_file_fails(data_dir, tmp_path) -> None:
    good = shared_file("spice", "naif0012.tls")
    missing = tmp_path / "gone.bsp"
    with pytest.raises(DataError, match="gone.bsp' does not exist"):
        registry.add_paths([good, missing])
    assert not (data_dir / "registry.json").exists()


@pytest.mark.parametrize("action", [("status",), ("verify",), ("remove", "lsk"),
                                    ("fetch", "lsk"), ("add", "NAIF0012")])
def test_unusable_data_folder_is_one_line(tmp_path, monkeypatch, action) -> None:
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / ("f" * 300)))
    args = [str(shared_file("spice", LSK_FILE)) if a == "NAIF0012" else a for a in action]
    done = run_cli("data", *args)
    assert done.returncode == 2, (done.returncode, done.stderr[-300:])
    assert "the data folder" in done.stderr and "too long for the file system" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_status_with_a_bad_mirror_is_one_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PERIJOVE_DATA_MIRROR", "mirror.example.org/data")
    done = run_cli("data", "status")
    assert done.returncode == 2 and "PERIJOVE_DATA_MIRROR='mirror.example.org/data'" in \
        done.stderr, done.stderr
    assert "Traceback" not in done.stderr
