"""Rendered shows: frame-exact exports, transitions as the timeline says, captions where a
dome's audience reads them, the show's sources in the metadata."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from perijove.export.show_captions import (
    SAFE_ALTITUDE_DEG,
    SAFE_AZIMUTH_DEG,
    Subject,
    caption_items,
    covered_fraction,
    dome_az_alt_deg,
    in_dome_safe_area,
    text_box,
)
from perijove.export.show_export import ShowExportSettings, ShowFrames
from perijove.export.show_frames import ShowStage, mix
from perijove.render.overlay2d import measure_text
from perijove.scene.options import ViewOptions
from perijove.scene.projection import Equirect, Fisheye, Perspective
from perijove.show.player import ShowTimeline, VisibleCaption
from perijove.show.show_file import load_show, shipped_shows
from tests.conftest import run_cli
from tests.show.short_show import SHORT_SHOW_S, write_short_show


@pytest.fixture(scope="module")
def short_show(tmp_path_factory) -> Path:
    return write_short_show(tmp_path_factory.mktemp("show"))


def _png(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def _frames(path: Path, projection, size, **kw) -> ShowFrames:  # noqa: ANN001
    s = ShowExportSettings(show=load_show(path), out=Path("unused"), projection=projection,
                           size=size, fps=4, **kw)
    return ShowFrames(s)


def test_exported_png_show_has_exact_frame_count_and_sources(short_show: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "dome"
    r = run_cli("export", "--show", str(short_show), "--projection", "fisheye", "--size",
                "128x128", "--fps", "4", "--out", str(out))
    assert r.returncode == 0, r.stderr
    frames = sorted(out.glob("frame_*.png"))
    # 12 s at 4 fps: exactly 48 frames, numbered from 0.
    assert len(frames) == round(SHORT_SHOW_S * 4) == 48
    assert frames[0].name == "frame_00000.png" and frames[-1].name == "frame_00047.png"
    assert _png(frames[10]).shape == (128, 128, 3)
    credits = (out / "credits.txt").read_text(encoding="utf-8")
    assert "title: Three passes" in credits
    assert "[1] Perijove's flyby catalogue <https://github.com/volcanopele/juno>" in credits
    assert "fisheye 180 deg" in credits and "48 frames at 4 fps (12.000 s)" in credits
    assert "Juno" in credits  # the data drawn: Juno's trajectory is credited
    assert not list(tmp_path.glob(".*partial*"))  # nothing left under a temporary name
    # Frame 0 is the first chapter's fade in from black; the last is the credits' fade out.
    assert _png(frames[0]).max() == 0
    assert _png(frames[-1]).max() < 40


def test_exported_mp4_show_lasts_the_show_exactly(short_show: Path, tmp_path: Path) -> None:
    import av

    out = tmp_path / "show.mp4"
    r = run_cli("export", "--show", str(short_show), "--size", "160x90", "--fps", "5",
                "--out", str(out))
    assert r.returncode == 0, r.stderr
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        count = sum(1 for _ in container.decode(stream))
        duration_s = float(stream.duration * stream.time_base)
        comment = container.metadata.get("comment", "")
    assert count == 60  # 12 s x 5 fps
    assert duration_s == pytest.approx(SHORT_SHOW_S, abs=1e-6)
    assert "Show sources: [1] Perijove's flyby catalogue" in comment


def test_transitions_follow_the_timeline(short_show: Path) -> None:
    source = _frames(short_show, Perspective(35.0), (160, 90))
    timeline = source.timeline
    # The crossfade from Io to Ganymede (show 3-4 s): its middle is the two chapters' own
    # frames blended by the timeline's weight, to within rounding.
    frame = timeline.frame_at(3.5)
    assert frame.chapter == 1 and frame.crossfade is not None
    assert 0.2 < frame.crossfade_mix < 0.8
    blended = source.renderer.render(frame)
    a = source.renderer.chapter_rgb(frame).copy()
    b = source.renderer.chapter_rgb(frame.crossfade).copy()
    expected = mix(a, b, frame.crossfade_mix)
    assert np.abs(blended.astype(int) - expected.astype(int)).max() <= 1
    assert np.abs(a.astype(int) - b.astype(int)).max() > 50  # two different pictures
    # Mid-fade into chapter 3 (show 7-7.5 s): the chapter darkened by the black level.
    frame = timeline.frame_at(7.25)
    assert 0.2 < frame.black < 0.8 and frame.crossfade is None
    faded = source.renderer.render(frame)
    full = source.renderer.chapter_rgb(frame).astype(float)
    assert faded.astype(float).sum() == pytest.approx(full.sum() * (1 - frame.black), rel=0.02)
    # The credits: text on black.
    frame = timeline.frame_at(SHORT_SHOW_S - 1.0)
    assert frame.credits and frame.credits_opacity == pytest.approx(1.0)
    credits = source.renderer.render(frame)
    assert credits.max() > 200 and (credits.max(axis=2) == 0).mean() > 0.9
    source.release()


def _caption_pixels(source: ShowFrames, show_s: float) -> np.ndarray:
    """(N, 2) x, y of pixels the captions change in the frame at show_s."""
    frame = source.timeline.frame_at(show_s)
    assert frame.captions, "no caption at that moment"
    with_captions = source.renderer.render(frame).astype(int)
    without = source.renderer.render(replace(frame, captions=())).astype(int)
    ys, xs = np.nonzero(np.abs(with_captions - without).max(axis=2) > 24)
    return np.column_stack([xs + 0.5, ys + 0.5])


@pytest.mark.parametrize("tilt_deg", [0.0, 30.0])
def test_captions_are_inside_the_domes_safe_area(short_show: Path, tilt_deg: float) -> None:
    projection = Fisheye(180.0, tilt_deg)
    size = (512, 512)
    # No labels and a fixed exposure: only the captions differ between the two renders.
    source = _frames(short_show, projection, size,
                     options=ViewOptions(labels=False, exposure_ev=0.0))
    for show_s in (2.0, 5.0):  # the Io caption, then the Ganymede caption at its CA
        xy = _caption_pixels(source, show_s)
        assert len(xy) > 300, "the caption was not drawn"
        az, alt = dome_az_alt_deg(projection, xy[:, 0], xy[:, 1], size)
        # The front-facing safe area (fulldome.org / IMERSA dome master notes): azimuth
        # within +/-50 degrees of the front, altitude 10 to 60 degrees.
        assert np.abs(az).max() <= SAFE_AZIMUTH_DEG
        assert alt.min() >= SAFE_ALTITUDE_DEG[0] and alt.max() <= SAFE_ALTITUDE_DEG[1]
        assert np.abs(np.median(az)) < 5  # centred on the front
    source.release()


@pytest.mark.parametrize("side_px", [1024, 2048, 4096])
def test_every_shipped_caption_fits_the_dome_and_stays_readable(side_px: int) -> None:
    projection, size = Fisheye(180.0, 0.0), (side_px, side_px)
    for path in shipped_shows().values():
        for chapter in load_show(path).chapters:
            for cap in chapter.captions:
                items = caption_items((VisibleCaption(cap.title, cap.text, 1.0),), projection,
                                      size)
                assert items
                for item in items:
                    assert in_dome_safe_area(projection, text_box(item), size), item.text
                # Lines at least 1.2 degrees tall (180 degrees over the frame's width).
                line_deg = min(measure_text("Ag", i.font_px, i.bold)[1] for i in items) \
                    * 180.0 / side_px
                assert line_deg > 1.2, (cap.title, line_deg)


def test_captions_are_a_lower_third_and_below_the_middle_of_a_360_frame() -> None:
    caption = (VisibleCaption("Loki Patera", "A lava lake about 200 km long.", 1.0),)
    for size in ((1920, 1080), (1280, 720)):
        for item in caption_items(caption, Perspective(35.0), size):
            left, top, right, bottom = text_box(item)
            assert top > size[1] * 2 / 3 and bottom < size[1] and left > 0
    w, h = 4096, 2048
    for item in caption_items(caption, Equirect(), (w, h)):
        left, top, right, bottom = text_box(item)
        assert top > h / 2 and bottom < 0.75 * h
        assert abs((left + right) / 2 - w / 2) < 2


def test_show_timeline_frame_times_are_exact() -> None:
    for path in shipped_shows().values():
        timeline = ShowTimeline(load_show(path))
        for fps in (24, 25, 30, 60):
            n = timeline.frame_count(fps)
            assert abs(n / fps - timeline.duration_s) <= 0.5 / fps


def test_an_existing_foreign_folder_is_refused(short_show: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    r = run_cli("export", "--show", str(short_show), "--size", "64x36", "--fps", "2", "--out",
                str(folder))
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "did not write" in r.stderr
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("extra, words", [
    (["--flyby", "PJ57-Io"], "--flyby does not combine with --show"),
    (["--camera", "follow"], "--camera does not combine with --show"),
    (["--projection", "fisheye", "--size", "300x200"], "square"),
    (["--out-format-check"], None),
])
def test_bad_show_exports_get_one_line(short_show: Path, tmp_path: Path, extra: list[str],
                                       words: str | None) -> None:
    if words is None:  # an output whose format cannot be told
        args = ["export", "--show", str(short_show), "--out", str(tmp_path / "show.avi")]
        words = "cannot tell the format"
    else:
        args = ["export", "--show", str(short_show), "--out", str(tmp_path / "x"), *extra]
    r = run_cli(*args)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("perijove: ") and r.stderr.strip().count("\n") == 0
    assert words in r.stderr and "Traceback" not in r.stderr


def test_a_perspective_caption_moves_off_what_it_would_hide() -> None:
    caption = (VisibleCaption("Io", "The most volcanically active world.", 1.0),)
    size = (1280, 720)
    plain = caption_items(caption, Perspective(35.0), size)
    boxes = [text_box(i) for i in plain]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    assert left < size[0] / 3 and top > size[1] * 2 / 3  # bottom left with nothing to avoid
    # A moon under the bottom-left corner, and Juno (a point) under the bottom-right one.
    moon, juno = Subject(200.0, 650.0, 150.0), Subject(1100.0, 660.0, 40.0, point=True)
    moved = caption_items(caption, Perspective(35.0), size, avoid=(moon, juno))
    for item in moved:
        box = text_box(item)
        assert covered_fraction(box, (moon, juno)) == 0.0, item.text
        assert box[3] < size[1] / 3  # up to a top corner, clear of both
    # A subject nowhere near the lower third leaves the caption where it was.
    assert caption_items(caption, Perspective(35.0), size, avoid=(Subject(640.0, 200.0, 100.0),)) \
        == plain


def test_shipped_captions_never_hide_juno_or_closest_approach() -> None:
    """At the start, middle and end of every caption of the shipped shows (1280x720, as the
    show runs), Juno and the closest-approach marker, where in frame, are not under it; and
    the opening chapter of "Juno at Io" shows Io large, not a dot hours away."""
    from perijove.session import Session

    size = (1280, 720)
    for name, path in sorted(shipped_shows().items()):
        show = load_show(path)
        stage = ShowStage(show, Session((), (), show.chapters[0].start_tdb_s),
                          Perspective(35.0), size)
        timeline = ShowTimeline(show)
        for k, chapter in enumerate(show.chapters):
            for cap in chapter.captions:
                for u in (0.05, 0.5, 0.95):
                    cs = cap.start_s + u * cap.duration_s
                    view = replace(timeline._view(k, cs), captions=tuple(
                        c for c in timeline._view(k, cs).captions if c.title == cap.title))
                    boxes = [text_box(i) for i in stage.caption_items(view)]
                    state, camera = stage.view(k, view.t_tdb_s, view.camera)
                    for key in ("juno", "marker:ca"):
                        p = state.position_of(key)
                        if p is None:
                            continue
                        xy, seen = camera.project(p, size)
                        x, y = xy[0]
                        if seen[0] and 0 <= x < size[0] and 0 <= y < size[1]:
                            assert not any(b[0] - 4 <= x <= b[2] + 4 and b[1] - 4 <= y <= b[3] + 4
                                           for b in boxes), (name, chapter.title, cap.title, key)
        if name == "juno-at-io":
            first = timeline._view(0, 20.0)
            state, camera = stage.view(0, first.t_tdb_s, first.camera)
            io = state.bodies["io"]
            distance_km = float(np.linalg.norm(io.position_km - camera.position_km))
            radius_px = io.radii_km.max() / distance_km * Perspective(35.0).pixels_per_radian(size)
            assert radius_px > 0.25 * size[1]  # Io fills half the frame's height or more


def test_a_chapters_overlays_are_on_for_that_chapter_only() -> None:
    """"Juno at Io" turns on Io in infrared and the named features for its Loki Patera
    chapter, over the command line's own choices, and off again for the next."""
    from perijove.session import Session

    show = load_show("juno-at-io")
    loki = next(k for k, c in enumerate(show.chapters) if c.title == "Loki Patera")
    assert show.chapters[loki].overlays == ("infrared", "features")
    session = Session((), (), show.chapters[0].start_tdb_s)
    session.options = session.options.with_(stars=False)  # as --no-stars would
    stage = ShowStage(show, session, Perspective(35.0), (640, 360))
    for k, chapter in enumerate(show.chapters):
        stage.enter(k)
        on = k == loki
        assert session.options.infrared is on and session.options.features is on, chapter.title
        assert session.options.stars is False
