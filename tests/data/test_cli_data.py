"""`perijove data ...` through its parser, against the local mirror."""

from __future__ import annotations

import argparse

import pytest

from perijove.data import DataError, cli_data
from perijove.data.cli_data import add_data_parser, cmd_data
from tests.data.mirror_server import FAST


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="perijove")
    add_data_parser(parser.add_subparsers(dest="command"))
    return cmd_data(parser.parse_args(["data", *argv]))


@pytest.fixture(autouse=True)
def fast(monkeypatch) -> None:
    monkeypatch.setattr(cli_data, "FETCH_OPTIONS", FAST)


def test_fetch_status_verify_remove(mirror, capsys) -> None:
    assert _run("path") == 0
    assert capsys.readouterr().out.strip().endswith("data")
    assert _run("fetch", "juno-pj43-46", "europa-4k") == 0
    out, err = capsys.readouterr()
    assert "installed juno-pj43-46" in out and "installed europa-4k" in out
    # Not a terminal: no redrawn bar, one summary line per item.
    assert "juno-pj43-46: 100% of" in err and "MB/s" in err and "\r" not in err
    assert _run("status") == 0
    out = capsys.readouterr().out
    assert "juno-pj43-46  yes" in out and "jup365        no" in out
    assert "juno      position  SPICE: spk_pre_220614_221109_220810_jm0450.bsp " \
           "(2022-06-14 to 2022-11-09); elsewhere Juno model" in out
    assert "europa    map       europa_4k.jpg" in out
    assert "io        position  analytic L1.2" in out
    assert _run("verify") == 0
    assert capsys.readouterr().out.count("ok ") == 2
    assert _run("remove", "europa-4k") == 0
    with pytest.raises(DataError, match="'europa-4k' is not installed"):
        _run("remove", "europa-4k")


def test_verify_catches_a_damaged_file(mirror, capsys) -> None:
    from perijove.data.cache import item_path
    from perijove.data.manifest import find_item

    _run("fetch", "callisto-4k")
    with open(item_path(find_item("callisto-4k")), "r+b") as f:
        f.seek(1000)
        f.write(b"XXXX")
    assert _run("verify") == 1
    assert "FAILED  callisto-4k" in capsys.readouterr().out


def test_mistakes(mirror) -> None:
    with pytest.raises(DataError, match="name what to fetch"):
        _run("fetch")
    with pytest.raises(DataError, match="not both"):
        _run("fetch", "--all", "lsk")
    with pytest.raises(DataError, match="unknown data item 'pj99'"):
        _run("fetch", "pj99")


def test_fetch_all_reports_failures_in_one_line(mirror, capsys) -> None:
    # jup365, juno-rec, juno-pred and pck are not in the mirror: four 404s, the rest install
    with pytest.raises(DataError, match=r"^4 of 13 items failed"):
        _run("fetch", "--all")
    out = capsys.readouterr().out
    assert out.count("installed ") == 9


def test_ctrl_c_stops_cleanly_and_the_next_fetch_resumes(mirror, monkeypatch, capsys) -> None:
    from perijove.data import registry
    from perijove.data.cache import item_path, partial_path
    from perijove.data.manifest import find_item

    name, file = "juno-pj43-46", "spk_pre_220614_221109_220810_jm0450.bsp"
    mirror.behaviour[file] = "slow"
    real_update = cli_data._ProgressBar.update

    def ctrl_c_midway(self, p) -> None:  # noqa: ANN001 - as if the user pressed Ctrl-C
        real_update(self, p)
        if p.done > 100_000:
            raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(cli_data._ProgressBar, "update", ctrl_c_midway)
        assert _run("fetch", name) == 130
    assert "stopped; the partial download is kept" in capsys.readouterr().err
    item = find_item(name)
    partial = partial_path(item_path(item))
    assert partial.stat().st_size > 100_000 and not registry.is_installed(item)
    mirror.behaviour.pop(file)
    assert _run("fetch", name) == 0
    assert mirror.ranges(file)[-1].startswith("bytes=") and registry.is_installed(item)
