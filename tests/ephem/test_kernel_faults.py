"""Damaged SPK kernels give one line naming the file; none reaches CSPICE, none aborts.

The fixtures are copies of the real kernels in ../shared/data/spice with bytes overwritten
(tests/ephem/damaged_kernels.py). Anything that could abort is run in a child process, so a
regression shows as a failed test, not as a dead test run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from perijove.ephem import EphemerisError
from perijove.ephem.spice_kernels import (
    KernelFileError,
    coverage_from_segments,
    load_spk,
    probe_spk_in_child,
    read_spk_segments,
    unload,
)
from tests.conftest import ROOT, SHARED_DATA, run_cli, shared_file
from tests.ephem.damaged_kernels import ABORTS_CSPICE, DAMAGES, KERNELS, make

SIGABRT = -6
CASES = [(k, d) for k in KERNELS for d in DAMAGES]


@pytest.fixture(scope="module")
def damaged_dir(tmp_path_factory) -> Path:
    for name in KERNELS.values():
        shared_file("spice", name)
    folder = tmp_path_factory.mktemp("damaged")
    for kernel, damage in CASES:
        make(SHARED_DATA, kernel, damage, folder)
    return folder


def _child(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env=dict(os.environ))


def _one_line_naming(message: str, path: Path) -> None:
    assert "\n" not in message.strip(), message
    assert path.name in message, message
    assert "Traceback" not in message


@pytest.mark.parametrize(("kernel", "damage"), CASES, ids=[f"{k}-{d}" for k, d in CASES])
def test_structure_check_names_the_file_and_the_fault(damaged_dir, kernel, damage) -> None:
    path = damaged_dir / f"{kernel}-{damage}.bsp"
    with pytest.raises(KernelFileError) as info:
        read_spk_segments(path)
    _one_line_naming(str(info.value), path)
    assert re.search(DAMAGES[damage][1], str(info.value)), str(info.value)
    assert str(info.value).endswith(("download it again or get a good copy from its provider",
                                     "mission's navigation team"))


def test_loading_every_damaged_file_never_aborts(damaged_dir) -> None:
    # One child loads all of them (load_spk as --kernel, the GUI and validation do): if one
    # aborted, the child would die with SIGABRT and the last line would say which.
    code = """
import json, sys
from pathlib import Path
from perijove.ephem import EphemerisError
from perijove.ephem.spice_kernels import load_spk
for p in sorted(Path(sys.argv[1]).glob("*.bsp")):
    print(json.dumps([p.name, "loading"]), flush=True)
    try:
        load_spk(p)
        print(json.dumps([p.name, "LOADED"]), flush=True)
    except EphemerisError as exc:
        print(json.dumps([p.name, str(exc)]), flush=True)
"""
    done = _child(code, str(damaged_dir))
    lines = [json.loads(ln) for ln in done.stdout.splitlines()]
    assert done.returncode == 0, (done.returncode, lines[-1:], done.stderr[-400:])
    results = {name: msg for name, msg in lines if msg != "loading"}
    assert len(results) == len(CASES)
    for name, msg in results.items():
        assert msg != "LOADED", name
        assert name in msg and "\n" not in msg, msg


@pytest.mark.parametrize("damage", ABORTS_CSPICE)
def test_these_faults_really_abort_plain_cspice(damaged_dir, damage) -> None:
    # The fixtures are real triggers: spiceypy's spkobj alone kills the process with SIGABRT
    # ("SPICE(BADSUBSCRIPT): Subscript out of range ... zzdafgsr"). load_spk must not.
    path = damaged_dir / f"juno-{damage}.bsp"
    raw = _child("import sys, spiceypy; spiceypy.spkobj(sys.argv[1])", str(path))
    assert raw.returncode == SIGABRT, (raw.returncode, raw.stderr[-300:])
    assert "BADSUBSCRIPT" in raw.stderr
    guarded = _child("import sys\nfrom perijove.ephem.spice_kernels import load_spk\n"
                     "try:\n    load_spk(sys.argv[1])\nexcept ValueError as e:\n    print(e)\n",
                     str(path))
    assert guarded.returncode == 0 and path.name in guarded.stdout, guarded


@pytest.mark.parametrize("damage", ["nd-ni-200-300", "nsum-huge", "cut-50%", "cut-70%",
                                    "cut-90%", "segment-end-past-eof"])
def test_cli_kernel_option_gives_one_line_and_exit_2(damaged_dir, damage) -> None:
    path = damaged_dir / f"juno-{damage}.bsp"
    done = run_cli("ephem", "juno", "--center", "jupiter", "--at", "2022-09-29T09:36:29Z",
                   "--kernel", str(path))
    assert done.returncode == 2, (done.returncode, done.stderr)
    _one_line_naming(done.stderr, path)
    assert done.stderr.startswith(f"perijove: kernel file '{path}'")


def test_cli_data_add_refuses_a_damaged_kernel(damaged_dir, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
    path = damaged_dir / "juno-nsum-huge.bsp"
    done = run_cli("data", "add", str(path))
    assert done.returncode == 2, (done.returncode, done.stderr)
    _one_line_naming(done.stderr, path)
    assert "not a valid SPICE SPK kernel" in done.stderr and "summary count" in done.stderr
    assert not (tmp_path / "data" / "registry.json").exists()


def _install_damaged(damaged_dir: Path, data: Path) -> Path:
    kernels = data / "kernels"
    kernels.mkdir(parents=True)
    target = kernels / "juno_rec_orbit.bsp"  # where `perijove data fetch juno-rec` puts it
    target.write_bytes((damaged_dir / "juno-nd-ni-124-2.bsp").read_bytes())
    return target


def test_startup_skips_a_damaged_installed_kernel_with_one_warning(damaged_dir,
                                                                  tmp_path) -> None:
    # What the window does at start-up (Session -> SystemEphemeris.load_installed), in a
    # child so that an abort would fail the test instead of ending the run.
    _install_damaged(damaged_dir, tmp_path / "data")
    code = ("from perijove.session import Session\n"
            "s = Session()\n"
            "print(len(s.ephemeris.kernels)); print('\\n'.join(s.ephemeris.warnings))\n")
    env = dict(os.environ, PERIJOVE_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env=env)
    assert done.returncode == 0, (done.returncode, done.stderr[-300:])
    count, *warnings = done.stdout.strip().splitlines()
    assert count == "0" and len(warnings) == 1
    assert "skipped installed kernel juno_rec_orbit.bsp" in warnings[0]
    assert "ND=124, NI=2" in warnings[0]


def test_cli_data_verify_reports_a_damaged_installed_kernel(damaged_dir, tmp_path,
                                                           monkeypatch) -> None:
    data = tmp_path / "data"
    target = _install_damaged(damaged_dir, data)
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(data))
    done = run_cli("data", "verify")
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert f"FAILED  juno-rec      {target}: 'juno_rec_orbit.bsp' is not a valid SPICE SPK " \
           "kernel" in done.stdout
    assert "Traceback" not in done.stderr


def test_cli_data_status_survives_a_damaged_kernel_in_the_data_folder(damaged_dir, tmp_path,
                                                                     monkeypatch) -> None:
    _install_damaged(damaged_dir, tmp_path / "data")
    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path / "data"))
    done = run_cli("data", "status")
    assert done.returncode != SIGABRT and done.returncode == 0, done.stderr[-300:]
    assert "juno-rec      yes" in done.stdout


# ---- sound files ------------------------------------------------------------------------
@pytest.mark.parametrize("kernel", list(KERNELS))
def test_coverage_read_in_python_equals_spkcov(kernel) -> None:
    # Reference: CSPICE's own spkobj/spkcov on the same real file.
    import spiceypy

    path = str(shared_file("spice", KERNELS[kernel]))
    ours = coverage_from_segments(read_spk_segments(path))
    ids = spiceypy.spkobj(path)
    assert sorted(ours) == sorted(int(ids[i]) for i in range(spiceypy.card(ids)))
    for body, windows in ours.items():
        cover = spiceypy.spkcov(path, body)
        ref = np.array([spiceypy.wnfetd(cover, j) for j in range(spiceypy.wncard(cover))])
        np.testing.assert_array_equal(windows, ref)


def test_juno_kernel_summaries_match_its_label() -> None:
    # The label (spk_pre_..._jm0450.bsp.lbl / README): Juno (-61) from the Jupiter barycentre
    # (5), SPK type 1, 2022-06-14T02:58:51 to 2022-11-09T21:38:28 UTC.
    from perijove.core.timescale import format_utc

    segs = read_spk_segments(shared_file("spice", KERNELS["juno"]))
    juno = [s for s in segs if s.body == -61]
    assert {s.center for s in juno} == {5} and {s.spk_type for s in juno} == {1}
    assert format_utc(min(s.start_tdb_s for s in juno)) == "2022-06-14T02:58:51Z"
    assert format_utc(max(s.stop_tdb_s for s in juno)) == "2022-11-09T21:38:28Z"


def test_sound_kernel_loads_and_probes(juno_pj45_kernel) -> None:
    assert probe_spk_in_child(juno_pj45_kernel) == 22
    kernel = load_spk(juno_pj45_kernel)
    try:
        assert kernel.centers[-61] == 5 and len(kernel.segments) == 22
    finally:
        unload(kernel)


def test_probe_turns_a_cspice_abort_into_one_line(damaged_dir, monkeypatch) -> None:
    # Defence in depth: were the Python check to miss a fault, the child dies, not us.
    import perijove.ephem.spice_kernels as sk

    monkeypatch.setattr(sk, "read_spk_segments", lambda p: [])
    path = damaged_dir / "juno-nsum-huge.bsp"
    with pytest.raises(KernelFileError, match="SPICE aborted while reading its segments") as e:
        probe_spk_in_child(path)
    _one_line_naming(str(e.value), path)


# ---- paths CSPICE cannot take, and OSErrors -------------------------------------------
def test_non_utf8_path_is_one_line(tmp_path, juno_pj45_kernel) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/juno-\xff\xfe.bsp"))
    odd.write_bytes(juno_pj45_kernel.read_bytes())
    with pytest.raises(KernelFileError, match=r"juno-\\xff\\xfe\.bsp.*not valid UTF-8"):
        load_spk(odd)
    done = run_cli("ephem", "juno", "--center", "jupiter", "--at", "2022-09-29T09:36:29Z",
                   "--kernel", os.fsdecode(odd))
    assert done.returncode == 2 and "not valid UTF-8" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_path_longer_than_spice_takes_is_one_line(tmp_path, juno_pj45_kernel) -> None:
    deep = tmp_path / ("d" * 150) / ("e" * 150)
    deep.mkdir(parents=True)
    (deep / "k.bsp").write_bytes(juno_pj45_kernel.read_bytes())
    with pytest.raises(KernelFileError, match="SPICE opens at most 255"):
        load_spk(deep / "k.bsp")


def test_name_too_long_for_the_file_system(tmp_path) -> None:
    path = tmp_path / ("x" * 300 + ".bsp")  # ENAMETOOLONG: one component over 255 bytes
    with pytest.raises(KernelFileError, match="path is too long for the file system") as e:
        load_spk(path)
    assert "\n" not in str(e.value) and len(str(e.value)) < 420
    done = run_cli("ephem", "juno", "--center", "jupiter", "--at", "2022-09-29T09:36:29Z",
                   "--kernel", str(path))
    assert done.returncode == 2 and "too long" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("err", ["EACCES", "EIO", "EILSEQ"])
def test_unreadable_kernel_is_one_line(juno_pj45_kernel, monkeypatch, err) -> None:
    # Root ignores permission bits, so the refusal is injected where the file is opened.
    import errno

    import perijove.ephem.spice_kernels as sk

    def refuse(*a: object, **k: object) -> None:
        code = getattr(errno, err)
        raise OSError(code, os.strerror(code), str(juno_pj45_kernel))

    monkeypatch.setattr(sk, "open", refuse, raising=False)
    with pytest.raises(EphemerisError, match=f"'{juno_pj45_kernel}': it cannot be read") as e:
        load_spk(juno_pj45_kernel)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("body,fraction", [(501, 0.05), (501, 0.6), (502, 0.6), (504, 0.3)])
def test_flipped_data_bytes_in_a_satellite_kernel_are_caught(body, fraction, tmp_path) -> None:
    # No checksum covers a kernel's numbers: a moon the kernel puts thousands of km (or
    # km/s) from the analytic theory (good to ~300 km against this very kernel, see
    # test_moons.py) is refused with one line, not drawn.
    from perijove.ephem.spice_kernels import read_spk_segments
    from perijove.ephem.system import SystemEphemeris

    src = shared_file("spice", "jup310_excerpt_2021-02-26.bsp")
    seg = next(s for s in read_spk_segments(src) if s.body == body)
    data = bytearray(src.read_bytes())
    at = (seg.first_word - 1 + int(fraction * (seg.last_word - seg.first_word + 1))) * 8
    for k in range(at, at + 64, 8):  # eight doubles byte-swapped: garbage coefficients
        data[k:k + 8] = bytes(reversed(data[k:k + 8]))
    damaged = tmp_path / "jup310_damaged.bsp"
    damaged.write_bytes(data)
    with pytest.raises(EphemerisError, match="jup310_damaged.bsp.*theory.*download it again"):
        SystemEphemeris([damaged])
    SystemEphemeris([src])  # the intact file is accepted
