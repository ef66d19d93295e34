from __future__ import annotations

import json

import numpy as np
from PIL import Image

from tests.cli.test_cli_render import run_headless
from tests.conftest import cli_mistake, run_cli


def test_flybys_json_lists_every_flyby() -> None:
    r = run_cli("flybys", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    ids = [row["id"] for row in rows]
    for fid in ("PJ34-Ganymede", "PJ45-Europa", "PJ57-Io", "PJ58-Io"):
        assert fid in ids
    pj57 = next(row for row in rows if row["id"] == "PJ57-Io")
    assert pj57["ca_utc"] == "2023-12-30T08:36:01Z" and pj57["altitude_km"] == 1500
    assert pj57["trajectory_source"].startswith("model")


def test_flybys_table() -> None:
    r = run_cli("flybys")
    assert r.returncode == 0 and "PJ45-Europa" in r.stdout and "unknown" in r.stdout


def test_ephem_juno_at_europa_flyby_with_kernel(juno_pj45_kernel) -> None:
    r = run_cli("ephem", "juno", "--center", "europa", "--at", "2022-09-29T09:36:29Z",
                "--kernel", str(juno_pj45_kernel), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["source"].startswith("SPICE: spk_pre_220614")
    # Europa from the analytic theory (no satellite kernel): ~1,900 km, not the model's.
    assert 1_700 < doc["states"][0]["range_km"] < 2_100


def test_screenshot_flyby_follow(tmp_path) -> None:
    out = tmp_path / "pj57.png"
    r = run_headless("screenshot", "--flyby", "PJ57-Io", "--time", "2023-12-30T08:20:00Z",
                     "--camera", "follow", "--size", "480x270", "--out", str(out))
    assert r.returncode == 0, r.stderr
    with Image.open(out) as im:
        img = np.asarray(im.convert("RGB"), dtype=float)
    assert img[125:145, 230:250].max() > 60  # Juno at the centre


def test_bad_flyby_inputs_exit_2(tmp_path, jup310_path) -> None:
    cases = [
        (cli_mistake("screenshot", "--flyby", "PJ99-Titan", "--at-ca", "--out",
                     str(tmp_path / "x.png")), "unknown flyby"),
        (cli_mistake("screenshot", "--flyby", "PJ57-Io", "--out", str(tmp_path / "x.png")),
         "exactly one of --at-ca or --time"),
        (cli_mistake("ephem", "juno", "--center", "io", "--at", "2023-12-30",
                     "--kernel", str(jup310_path)), "holds Juno"),
        (run_cli("--flyby", "PJ99"), "unknown flyby"),  # the window's own start, as a process
    ]
    for r, needle in cases:
        assert r.returncode == 2, r.stderr
        assert needle in r.stderr and "Traceback" not in r.stderr
    assert not list(tmp_path.iterdir())
