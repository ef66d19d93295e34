"""Shared fixtures: the real data in ../shared/data (skipped with a reason where absent)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("PERIJOVE_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(autouse=True, scope="session")
def _no_user_data(tmp_path_factory):  # noqa: ANN202
    """Data the developer installed with `perijove data`, and their window settings, must not
    change any test's result."""
    keys = ("PERIJOVE_DATA_DIR", "PERIJOVE_DATA_MIRROR", "XDG_CONFIG_HOME", "PERIJOVE_CACHE_DIR",
            "PERIJOVE_DASK_SCHEDULER")
    saved = {k: os.environ.pop(k, None) for k in keys}
    os.environ["PERIJOVE_DATA_DIR"] = str(tmp_path_factory.mktemp("perijove-data"))
    os.environ["PERIJOVE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))  # frames, stars
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))  # QSettings
    yield
    for k, v in saved.items():
        os.environ.pop(k, None)
        if v is not None:
            os.environ[k] = v


@pytest.fixture(autouse=True, scope="module")
def _collect_garbage_on_the_main_thread():  # noqa: ANN202
    """After each test file, free what its tests left in reference cycles, here on the main
    thread. Left to itself, Python's cycle collector runs on whichever thread allocates (a
    server's, tqdm's monitor): an OpenGL window freed there once crashed the next render
    (tests/render/test_window_lifetime.py checks the renderers themselves make no cycle)."""
    yield
    import gc

    gc.collect()


def shared_file(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data file {path} is absent (tests read ../shared/data beside the repo)")
    return path


@pytest.fixture
def jup310_path() -> Path:
    return shared_file("spice", "jup310_excerpt_2021-02-26.bsp")


@pytest.fixture
def juno_pj45_kernel() -> Path:
    return shared_file("spice", "spk_pre_220614_221109_220810_jm0450.bsp")


def cli_mistake(*args: str) -> subprocess.CompletedProcess:
    """Run `perijove ARGS` in this process, for commands that must stop at a mistake before
    any rendering (a process start costs seconds; test_bad_inputs does the same for hundreds
    of cases). A traceback fails the test with the exception itself. What a command sets in
    os.environ (the EGL choice of offscreen commands) is undone."""
    import contextlib
    import io

    from perijove.cli import main

    saved = dict(os.environ)
    os.environ.pop("DISPLAY", None)  # a mistake must never get as far as opening a window
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["perijove", *args], code, out.getvalue(), err.getvalue())


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-m", "perijove", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT)


def install_io_mosaics() -> None:
    """Install the JunoCam and colour Io mosaics from ../shared/data into the data folder
    PERIJOVE_DATA_DIR names, as `perijove data fetch io-junocam io-colour` would."""
    import hashlib

    from perijove.data import cache, registry
    from perijove.data.manifest import find_item

    for name, file in (("io-junocam", "io_junocam_photomosaic_2km_grey_180w.jpg"),
                       ("io-colour", "io_galileo_voyager_clrmerge_2km_180w.jpg")):
        item = find_item(name)
        src = shared_file("textures", file)
        dst = cache.item_path(item)
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(src.read_bytes())
        registry.record_install(item, dst, hashlib.sha256(dst.read_bytes()).hexdigest(),
                                item.url, {})


@pytest.fixture(scope="session")
def junocam_data_dir(tmp_path_factory) -> Path:
    """A data folder with the JunoCam Io mosaics installed and the combined map built: once
    for the whole run (the build takes ~20 s), shared by the suite's worker processes (the
    first one to ask builds it under a lock; the others wait and reuse it)."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / "junocam-data-shared"
    with open(root / "junocam-data.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / "built.ok").exists():
            return folder
        folder.mkdir(exist_ok=True)
        saved = os.environ.get("PERIJOVE_DATA_DIR")
        os.environ["PERIJOVE_DATA_DIR"] = str(folder)
        try:
            install_io_mosaics()
            from perijove.maps.catalogue import io_map_variants

            io_map_variants(build=True)
        finally:
            if saved is None:
                os.environ.pop("PERIJOVE_DATA_DIR", None)
            else:
                os.environ["PERIJOVE_DATA_DIR"] = saved
        (folder / "built.ok").write_text("built\n")
    return folder
