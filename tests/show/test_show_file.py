"""Show files: the shipped shows validate and agree with the flyby catalogue; every mistake in
a show file gives one line naming the file, the chapter and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from perijove.flybys.catalog import find
from perijove.show.scene_file import SceneFileError
from perijove.show.show_file import (
    Projection,
    ShowFileError,
    load_show,
    projection,
    resolve_show_path,
    shipped_shows,
)

BASE = """
[show]
title = "Test show"
sources = [{ text = "a source", url = "https://example.org/a" }]

[[chapter]]
title = "First"
flyby = "PJ57-Io"
rate = 600

[[chapter]]
title = "Second"
flyby = "PJ58-Io"
duration_s = 20
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_both_required_shows_are_shipped_and_validate() -> None:
    shows = shipped_shows()
    assert {"juno-at-io", "juno-moon-tour"} <= set(shows)
    for name in shows:
        show = load_show(name)
        assert show.chapters and show.sources and show.credits


def test_the_shows_visit_the_flybys_the_issue_asks_for() -> None:
    io = load_show("juno-at-io")
    assert {c.flyby_id for c in io.chapters} == {"PJ57-Io", "PJ58-Io"}
    assert any("Loki Patera" in c.title or any("Loki Patera" in x.title for x in c.captions)
               for c in io.chapters)
    tour = load_show("juno-moon-tour")
    assert [c.flyby_id for c in tour.chapters] == ["PJ34-Ganymede", "PJ45-Europa", "PJ57-Io"]


@pytest.mark.parametrize("name", ["juno-at-io", "juno-moon-tour"])
def test_every_caption_cites_a_source(name: str) -> None:
    show = load_show(name)
    assert all(s.url and s.url.startswith("https://") for s in show.sources)
    for chapter in show.chapters:
        for caption in chapter.captions:
            assert caption.sources, f"{name}: '{caption.title}' cites no source"


@pytest.mark.parametrize("name", ["juno-at-io", "juno-moon-tour"])
def test_closest_approach_captions_agree_with_the_flyby_catalogue(name: str) -> None:
    """A caption shown at closest approach quotes the CA time and altitude; both must match
    assets/flybys.csv (NASA/JPL, Hansen et al. 2022 and J. Perry's SPICE times, per row)."""
    checked = 0
    for chapter in load_show(name).chapters:
        if chapter.ca_tdb_s is None:
            continue
        flyby = find(chapter.flyby_id)
        at_ca = chapter.chapter_s_of(chapter.ca_tdb_s)
        for caption in chapter.captions:
            if abs(caption.start_s - at_ca) > 1e-6:
                continue
            hhmm = re.search(r"(\d\d:\d\d) UTC", caption.title)
            assert hhmm and hhmm[1] == flyby.ca_utc[11:16], caption.title
            km = re.search(r"([\d,]+) km", caption.text)
            assert km and float(km[1].replace(",", "")) == flyby.altitude_km, caption.text
            checked += 1
    assert checked >= 2


def test_chapter_times_follow_the_file() -> None:
    chapter = load_show("juno-at-io").chapters[1]  # PJ57: 80 min at 120 s/s, 15 s at CA
    assert chapter.duration_s == pytest.approx(80 * 60 / 120 + 15, abs=1e-6)
    at_ca = chapter.chapter_s_of(chapter.ca_tdb_s)
    assert at_ca == pytest.approx(20.0, abs=1e-6)  # CA is 40 min after the start
    assert chapter.sim_time_at(at_ca + 7.5) == chapter.ca_tdb_s  # held
    assert chapter.sim_time_at(at_ca + 15 + 10) == pytest.approx(chapter.ca_tdb_s + 1200)
    assert chapter.sim_time_at(0) == chapter.start_tdb_s
    assert chapter.sim_time_at(chapter.duration_s) == pytest.approx(chapter.end_tdb_s)


def test_a_show_may_be_named_or_given_as_a_path(tmp_path: Path) -> None:
    assert resolve_show_path("juno-at-io") == shipped_shows()["juno-at-io"]
    p = write(tmp_path, BASE)
    assert load_show(p).title == "Test show"


def test_camera_paths_are_found_beside_the_show_first(tmp_path: Path) -> None:
    shipped = Path(load_show("juno-at-io").chapters[1].camera_file)
    (tmp_path / "my-path.toml").write_text(shipped.read_text(), encoding="utf-8")
    show = load_show(write(tmp_path, BASE.replace('rate = 600',
                                                  'rate = 600\ncamera = "path:my-path.toml"')))
    assert show.chapters[0].camera == "path"
    assert show.chapters[0].camera_file == tmp_path / "my-path.toml"


def test_moon_and_surface_cameras_look_at_the_flybys_moon(tmp_path: Path) -> None:
    """"moon" frames the flyby's moon; "surface:NAME" looks straight down at a Gazetteer
    feature, which stays in the middle of the frame as the moon turns."""
    import numpy as np

    from perijove.catalogs.features import find_feature
    from perijove.session import Session

    show = load_show(write(tmp_path, BASE.replace(
        'duration_s = 20', 'duration_s = 20\ncamera = "surface:loki patera"', 1)))
    chapter = show.chapters[1]
    assert chapter.camera == "surface:loki patera"
    session = Session((), (), chapter.start_tdb_s)
    session.open_flyby(chapter.flyby_id)
    loki = find_feature("io", "Loki Patera")
    size = (1280, 720)
    for t in (chapter.start_tdb_s, chapter.end_tdb_s):  # Io turns about 1 degree in 20 min
        session.set_camera_mode(chapter.camera)
        state = session.state_at(t)
        camera = session.camera(state)
        io = state.bodies["io"]
        site_km = io.position_km + io.body_to_icrf @ loki.unit_vector() * io.radii_km.min()
        xy, seen = camera.project(site_km, size)
        assert seen[0] and np.hypot(*(xy[0] - (640, 360))) < 3  # Loki Patera in the middle
        # 2.4 Io radii from Io's centre: Io's largest radius, 1829.4 km (IAU WGCCRE 2015
        # report, Archinal et al. 2018, table 5), so about 4,390 km out.
        assert abs(np.linalg.norm(camera.position_km - io.position_km) - 2.4 * 1829.4) < 5
    session.set_camera_mode("moon")
    state = session.state_at(chapter.start_tdb_s)
    assert session.focus() == "io"
    assert np.linalg.norm(session.camera(state).focal_point_km -
                          state.bodies["io"].position_km) < 1.0


BAD = [
    # (what is wrong, the change to BASE, text the message must contain)
    ("unknown chapter field", ('duration_s = 20', 'duration_s = 20\nrat = 5'),
     ["chapter 2", '"Second"', "unknown field 'rat'"]),
    ("missing flyby", ('flyby = "PJ58-Io"', 'flyby = "PJ99-Io"'),
     ["chapter 2", "'flyby'", "PJ99-Io"]),
    ("missing camera path", ('duration_s = 20', 'duration_s = 20\ncamera = "path:no-such"'),
     ["chapter 2", "'camera'", "no-such", "does not exist"]),
    ("caption with no time", ('duration_s = 20', 'duration_s = 20\n'
                              'captions = [{ title = "Hello", text = "x" }]'),
     ["chapter 2", "caption 1", "no time"]),
    ("bad transition", ('duration_s = 20', 'duration_s = 20\ntransition = "wipe"'),
     ["chapter 2", "'transition'", "wipe"]),
    ("transition longer than the chapter",
     ('duration_s = 20', 'duration_s = 20\ntransition = "crossfade"\ntransition_s = 19.5'),
     ["chapter 2", "'transition_s'"]),
    ("rate and duration", ('duration_s = 20', 'duration_s = 20\nrate = 5'),
     ["chapter 2", "'rate'", "'duration_s'"]),
    ("neither rate nor duration", ('duration_s = 20', ''),
     ["chapter 2", "'rate'", "'duration_s'"]),
    ("hold at CA without a flyby",
     ('flyby = "PJ58-Io"\nduration_s = 20', 'start = "2024-01-01T00:00:00Z"\n'
      'end = "2024-01-01T01:00:00Z"\nduration_s = 20\nholds = [{ event = "ca", duration_s = 5 }]'),
     ["chapter 2", "hold 1", "closest approach", "'flyby'"]),
    ("hold outside the chapter",
     ('duration_s = 20', 'duration_s = 20\nholds = [{ at = "2030-01-01T00:00:00Z", '
      'duration_s = 5 }]'), ["chapter 2", "hold 1", "outside"]),
    ("caption citing a missing source",
     ('duration_s = 20', 'duration_s = 20\ncaptions = [{ title = "T", at_s = 1, sources = [4] }]'),
     ["chapter 2", "caption 1", "'sources'"]),
    ("caption after the chapter",
     ('duration_s = 20', 'duration_s = 20\ncaptions = [{ title = "T", at_s = 25 }]'),
     ["chapter 2", "caption 1", "outside"]),
    ("follow camera without a flyby",
     ('flyby = "PJ58-Io"\nduration_s = 20', 'start = "2024-01-01T00:00:00Z"\n'
      'end = "2024-01-01T01:00:00Z"\nduration_s = 20\ncamera = "follow"'),
     ["chapter 2", "'camera'", "'flyby'"]),
    ("end before start", ('flyby = "PJ58-Io"', 'flyby = "PJ58-Io"\n'
                          'start = "2024-02-03T18:00:00Z"\nend = "2024-02-03T17:00:00Z"'),
     ["chapter 2", "'end'"]),
    ("bad time", ('flyby = "PJ58-Io"', 'flyby = "PJ58-Io"\nstart = "yesterday"'),
     ["chapter 2", "'start'", "yesterday"]),
    ("camera path for another flyby",
     ('duration_s = 20', 'duration_s = 20\ncamera = "path:pj34-ganymede"'),
     ["chapter 2", "'camera'", "pj34-ganymede", "does not overlap"]),
    ("unknown camera mode", ('duration_s = 20', 'duration_s = 20\ncamera = "orbit"'),
     ["chapter 2", "'camera'", "orbit"]),
    ("surface camera on a feature the moon does not have",
     ('duration_s = 20', 'duration_s = 20\ncamera = "surface:Olympus Mons"'),
     ["chapter 2", "'camera'", "Olympus Mons", "Io has no feature", "perijove features io"]),
    ("unknown overlay", ('duration_s = 20', 'duration_s = 20\noverlays = ["ultraviolet"]'),
     ["chapter 2", "'overlays'", "ultraviolet", "infrared"]),
    ("surface camera without a flyby",
     ('flyby = "PJ58-Io"\nduration_s = 20', 'start = "2024-01-01T00:00:00Z"\n'
      'end = "2024-01-01T01:00:00Z"\nduration_s = 20\ncamera = "surface:Loki Patera"'),
     ["chapter 2", "'camera'", "'flyby'"]),
    ("unknown show field", ('title = "Test show"', 'title = "Test show"\nloop = true'),
     ["unknown field 'loop'", "[show]"]),
    ("bad projection", ('title = "Test show"', 'title = "Test show"\nprojection = "cube"'),
     ["'projection'", "cube"]),
    ("fisheye too narrow", ('title = "Test show"', 'title = "Test show"\n'
                            'projection = "fisheye"\nfov_deg = 60'), ["'fov_deg'", "fisheye"]),
]


@pytest.mark.parametrize("what, change, expected", BAD, ids=[b[0] for b in BAD])
def test_a_bad_show_file_gets_one_line_naming_file_chapter_and_field(
        tmp_path: Path, what: str, change: tuple[str, str], expected: list[str]) -> None:
    old, new = change
    assert old in BASE
    p = write(tmp_path, BASE.replace(old, new, 1))
    with pytest.raises(ShowFileError) as info:
        load_show(p)
    message = str(info.value)
    assert "\n" not in message
    assert str(p) in message
    for text in expected:
        assert text in message, f"{what}: '{text}' not in: {message}"


def test_a_show_error_is_a_scene_file_error_for_the_cli() -> None:
    assert issubclass(ShowFileError, SceneFileError)


def test_not_toml_and_missing_file_are_one_line(tmp_path: Path) -> None:
    p = write(tmp_path, "[show\ntitle = 1")
    with pytest.raises(ShowFileError, match="not valid TOML") as info:
        load_show(p)
    assert "\n" not in str(info.value)
    with pytest.raises(ShowFileError, match="does not exist.*juno-at-io"):
        load_show(tmp_path / "nothing.toml")


def test_projection_defaults_and_overrides() -> None:
    assert projection("fisheye") == Projection("fisheye", 180.0, 0.0)
    assert projection("perspective").fov_deg == 35.0
    assert projection("equirect", tilt_deg=10).fov_deg == 360.0
    with pytest.raises(ValueError, match="tilt_deg"):
        projection("fisheye", 200, tilt_deg=100)
    assert load_show("juno-at-io").projection == Projection()


def test_no_chapters_and_no_show_table(tmp_path: Path) -> None:
    with pytest.raises(ShowFileError, match=r"\[\[chapter\]\]"):
        load_show(write(tmp_path, '[show]\ntitle = "x"\n'))
    with pytest.raises(ShowFileError, match=r"\[show\] table is missing"):
        load_show(write(tmp_path, '[[chapter]]\ntitle = "x"\nflyby = "PJ57-Io"\nrate = 1\n'))
