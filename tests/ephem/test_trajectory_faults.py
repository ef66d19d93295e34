"""Trajectory tables with values that are not finite numbers: one line naming file and row."""

from __future__ import annotations

import pytest

from perijove.ephem import EphemerisError
from perijove.ephem.trajectory_table import load_table
from tests.conftest import run_cli

GOOD = ["2022-09-29T09:00:00Z,100000,200000,300000,1,2,3",
        "2022-09-29T09:10:00Z,100600,201200,301800,1,2,3",
        "2022-09-29T09:20:00Z,101200,202400,303600,1,2,3",
        "2022-09-29T09:30:00Z,101800,203600,305400,1,2,3",
        "2022-09-29T09:40:00Z,102400,204800,307200,1,2,3"]


def _csv(tmp_path, bad_row: str, with_comment: bool = False) -> tuple:
    rows = [*GOOD]
    rows[2] = bad_row
    head = ["# a comment line", ""] if with_comment else []
    path = tmp_path / "juno.csv"
    path.write_text("\n".join([*head, "time,x,y,z,vx,vy,vz", *rows]) + "\n")
    return path, 4 + len(head)  # the bad row's line number in the file


@pytest.mark.parametrize("bad", [
    "2022-09-29T09:20:00Z,nan,202400,303600,1,2,3",
    "2022-09-29T09:20:00Z,101200,NaN,303600,1,2,3",
    "2022-09-29T09:20:00Z,101200,202400,inf,1,2,3",
    "2022-09-29T09:20:00Z,101200,202400,-Infinity,1,2,3",
    "2022-09-29T09:20:00Z,101200,202400,303600,nan,2,3",
    "2022-09-29T09:20:00Z,101200,202400,303600,1,2,-inf",
    "2022-09-29T09:20:00Z,1e999,202400,303600,1,2,3",
], ids=["x-nan", "y-NaN", "z-inf", "z-minus-infinity", "vx-nan", "vz-minus-inf", "overflow"])
@pytest.mark.parametrize("with_comment", [False, True], ids=["plain", "commented"])
def test_csv_non_finite_value_names_file_and_row(tmp_path, bad, with_comment) -> None:
    path, line = _csv(tmp_path, bad, with_comment)
    with pytest.raises(EphemerisError) as info:
        load_table(str(path))
    msg = str(info.value)
    assert msg.startswith(f"'{path}' row {line} holds a value that is not a finite number")
    assert "\n" not in msg


def _horizons_text(bad_x: str) -> str:
    lines = ["*******", "JPL/HORIZONS", "Center body name: Jupiter (599)",
             "Reference frame : ICRF", "Output units    : KM-S", "$$SOE"]
    for i in range(5):
        jd = 2459851.875 + i / 144.0
        x = bad_x if i == 3 else f"{1.0e5 + i * 600.0:.6E}"
        lines += [f"{jd:.9f} = A.D. 2022-Sep-29 TDB",
                  f" X = {x} Y = 2.0E+05 Z = 3.0E+05",
                  " VX= 1.0E+00 VY= 2.0E+00 VZ= 3.0E+00"]
    return "\n".join([*lines, "$$EOE"]) + "\n"


def test_horizons_overflowing_value_names_file_and_row(tmp_path) -> None:
    path = tmp_path / "horizons.txt"
    path.write_text(_horizons_text("1.0E+999"))
    with pytest.raises(EphemerisError, match=r"horizons.txt' row 16 holds a value that is "
                                             "not a finite number"):
        load_table(str(path))


def test_horizons_nan_value_names_file_and_row(tmp_path) -> None:
    path = tmp_path / "horizons.txt"
    path.write_text(_horizons_text("NaN"))
    with pytest.raises(EphemerisError, match=r"horizons.txt' row 16 is not a state vector"):
        load_table(str(path))


@pytest.mark.parametrize("cell", ["nan", "inf", "-inf"])
def test_horizons_csv_layout_non_finite_names_file_and_row(tmp_path, cell) -> None:
    rows = [f"{2459851.875 + i / 144.0:.9f}, A.D. 2022-Sep-29, "
            f"{cell if i == 1 else '1.0E+05'}, 2.0E+05, 3.0E+05, 1, 2, 3," for i in range(5)]
    path = tmp_path / "horizons.csv"
    path.write_text("\n".join(["JPL/HORIZONS", "Center body name: Jupiter (599)", "$$SOE",
                               *rows, "$$EOE"]) + "\n")
    with pytest.raises(EphemerisError, match=r"horizons.csv' row 5 holds a value that is not "
                                             "a finite number"):
        load_table(str(path))


def test_cli_trajectory_with_nan_exits_2_with_one_line(tmp_path) -> None:
    path, line = _csv(tmp_path, "2022-09-29T09:20:00Z,nan,202400,303600,1,2,3")
    done = run_cli("ephem", "juno", "--center", "jupiter", "--at", "2022-09-29T09:15:00Z",
                   "--trajectory", str(path))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"perijove: '{path}' row {line} holds a value")
    assert "Traceback" not in done.stderr and "ValueError" not in done.stderr


def test_good_table_still_loads(tmp_path) -> None:
    path, _ = _csv(tmp_path, GOOD[2])
    table = load_table(str(path))
    assert table.t1 - table.t0 == pytest.approx(2400.0, abs=1e-6)  # 40 min of rows
