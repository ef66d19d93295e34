"""docs/shows.md: the show file it documents is a show Perijove plays as described."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from perijove.core.timescale import parse_utc
from perijove.show.show_file import load_show
from tests.conftest import ROOT


def test_the_documented_show_file_loads_as_described(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "shows.md").read_text()
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert len(blocks) == 1
    path = tmp_path / "documented.toml"
    path.write_text(blocks[0])
    show = load_show(path)
    assert show.title == "Juno at Io" and len(show.chapters) == 1
    chapter = show.chapters[0]
    assert chapter.transition == "fade" and chapter.transition_s == 2
    assert [c.title for c in chapter.captions] == ["Loki Patera"]
    # 40 simulated minutes at 60x is 40 show seconds, plus the 20 s hold at closest approach.
    span_s = parse_utc("2023-12-30T08:56:01Z") - parse_utc("2023-12-30T08:16:01Z")
    assert chapter.duration_s == pytest.approx(span_s / 60 + 20, abs=0.01)
