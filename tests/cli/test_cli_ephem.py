from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import run_cli


def test_csv_columns_and_units(jup310_path) -> None:
    r = run_cli("ephem", "europa", "--center", "jupiter", "--from", "2021-02-26T01:00:00Z",
                "--to", "2021-02-26T03:00:00Z", "--step", "3600", "--kernel", str(jup310_path))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,range_km,source"
    assert len(lines) == 4
    first = lines[1].split(",")
    assert first[0] == "2021-02-26T01:00:00.000Z"
    xyz = np.array(first[1:4], dtype=float)
    assert float(first[7]) == pytest.approx(np.linalg.norm(xyz), abs=0.01)
    assert 660_000 < float(first[7]) < 680_000  # Europa, a = 671,100 km (NSSDCA)
    assert first[8].startswith("SPICE: jup310")


def test_json_output() -> None:
    r = run_cli("ephem", "sun", "--center", "jupiter", "--at", "2023-12-30T08:36:00Z",
                "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    state = doc["states"][0]
    assert doc["frame"] == "ICRF/J2000" and state["utc"] == "2023-12-30T08:36:00.000Z"
    assert 7.4e8 < state["range_km"] < 8.2e8


@pytest.mark.parametrize("args,needle", [
    (("ephem", "pluto", "--center", "jupiter", "--at", "2023-01-01"), "unknown body 'pluto'"),
    (("ephem", "io", "--center", "jupiter", "--at", "2023-02-30T99"), "ISO 8601"),
    (("ephem", "io", "--center", "jupiter", "--at", "2023-01-01", "--kernel", "/no/such.bsp"),
     "does not exist"),
    (("ephem", "io", "--center", "jupiter", "--at", "2023-01-01", "--kernel", "pyproject.toml"),
     "not a binary SPK"),
    (("ephem", "io", "--center", "jupiter", "--from", "2023-01-01", "--to", "2023-01-02",
      "--step", "0"), "positive"),
])
def test_bad_input_is_one_line_and_exit_2(args, needle) -> None:
    r = run_cli(*args)
    assert r.returncode == 2
    assert needle in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_time_outside_kernel_coverage(jup310_path) -> None:
    r = run_cli("ephem", "io", "--center", "jupiter", "--at", "2023-01-01",
                "--kernel", str(jup310_path))
    assert r.returncode == 2 and "outside" in r.stderr and "coverage" in r.stderr


def test_corrupt_kernel(jup310_path, tmp_path) -> None:
    broken = tmp_path / "broken.bsp"
    broken.write_bytes(jup310_path.read_bytes()[:6000])
    r = run_cli("ephem", "io", "--center", "jupiter", "--at", "2021-02-26",
                "--kernel", str(broken))
    assert r.returncode == 2 and "corrupt" in r.stderr and "Traceback" not in r.stderr
