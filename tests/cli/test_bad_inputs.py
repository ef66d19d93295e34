"""A catalogue of mistakes on the command line: every one ends with exit code 2 and one line
on stderr that names the value or the file, no traceback, nothing written.

Run in-process through perijove.cli.main (a traceback would fail the test with the
exception), so the hundreds of cases take seconds; the files a case points at are made in
its own folder, which must be as empty afterwards as it was before.
"""

from __future__ import annotations

import pytest

from perijove.cli import main

T = "2023-12-30T08:36:00Z"

BAD_TIMES = ["yesterday", "2023-13-01", "2023-02-30", "2023-12-30T25:00:00Z",
             "2023-12-30T08:61:00Z", "2023-12-30T08:36:61Z", "2017-06-30T23:59:60Z",
             "1500-01-01", "2600-01-01", "12/30/2023", "2023/12/30", "2023-12-30T08:36:00+02:00",
             "", " ", "2023-12-3O", "NaN", "2023-12-30T08:36:00ZZ", "20231230"]
BAD_SIZES = ["0x0", "big", "100", "-100x100", "100x-100", "16x8", "100000x100", "10x10",
             "1920x", "x1080", "1920*1080", "1920x1080x3", "nanxnan", "1e3x1e3"]
BAD_BODIES = ["pluto", "moon", "earthh", "", "IO2", "juno2", "titan", "ganymedes"]
BAD_FLYBYS = ["PJ99", "PJ99-Titan", "pj", "57", "PJ57-Europa", "", "io", "PJ-57"]
BAD_CAMERAS = ["orbiting", "path:", "path:nope.toml", "FOLLOW2", "from_juno", "top"]
BAD_OVERLAYS = ["time,weather", "subtitles", "credits,,x"]
BAD_PROJECTIONS = [("--projection", "mercator"), ("--projection", "dome2"),
                   ("--projection", "fisheye", "--fov", "0"),
                   ("--projection", "fisheye", "--fov", "361"),
                   ("--projection", "fisheye", "--fov", "nan"),
                   ("--projection", "fisheye", "--tilt", "91"),
                   ("--projection", "fisheye", "--tilt", "-5"),
                   ("--projection", "perspective", "--fov", "179"),
                   ("--projection", "perspective", "--fov", "0.5"),
                   ("--projection", "perspective", "--tilt", "10"),
                   ("--projection", "equirect", "--fov", "90"),
                   ("--hide", "planets"), ("--hide", "orbits,stars2", "stars2"),
                   ("--exposure", "bright"), ("--exposure", "11"), ("--exposure", "-11"),
                   ("--exposure", "inf")]
BAD_LOOKS = ["400,0", "-1,0", "10,95", "10,-95", "east", "10", "10,20,30", "nan,0", "10,nan"]


def _cases() -> list[tuple[str, tuple[str, ...], str]]:
    cases: list[tuple[str, tuple[str, ...], str]] = []
    for t in BAD_TIMES:
        cases.append(("ephem", ("ephem", "io", "--center", "jupiter", "--at", t), t.strip()))
        cases.append(("screenshot", ("screenshot", "--time", t, "--out", "OUT/s.png"),
                      t.strip()))
        cases.append(("export", ("export", "--from", t, "--to", T, "--out", "OUT/x.mp4"),
                      t.strip()))
    for size in BAD_SIZES:
        cases.append(("screenshot", ("screenshot", "--time", T, "--size", size,
                                     "--out", "OUT/s.png"), size))
        cases.append(("export", ("export", "--flyby", "PJ57-Io", "--size", size,
                                 "--out", "OUT/x.mp4"), size))
    for b in BAD_BODIES:
        cases.append(("ephem", ("ephem", b, "--center", "jupiter", "--at", T), b))
        cases.append(("ephem", ("ephem", "io", "--center", b, "--at", T), b))
        cases.append(("screenshot", ("screenshot", "--time", T, "--focus", b,
                                     "--out", "OUT/s.png"), b))
    for f in BAD_FLYBYS:
        cases.append(("screenshot", ("screenshot", "--flyby", f, "--at-ca",
                                     "--out", "OUT/s.png"), f))
        cases.append(("export", ("export", "--flyby", f, "--out", "OUT/x.mp4"), f))
    for c in BAD_CAMERAS:
        cases.append(("export", ("export", "--flyby", "PJ57-Io", "--camera", c,
                                 "--out", "OUT/x.mp4"), c.split(":")[-1] or "path"))
        if not c.startswith("path"):
            cases.append(("screenshot", ("screenshot", "--flyby", "PJ57-Io", "--at-ca",
                                         "--camera", c, "--out", "OUT/s.png"), c))
    for o in BAD_OVERLAYS:
        cases.append(("export", ("export", "--flyby", "PJ57-Io", "--overlay", o,
                                 "--out", "OUT/x.mp4"), "overlay"))
    for p in BAD_PROJECTIONS:
        value = p[-1]
        p = p[:4] if len(p) == 3 and p[0] == "--hide" else p
        if len(p) == 3 and p[0] == "--hide":
            p = p[:2]
        cases.append(("screenshot", ("screenshot", "--time", T, "--focus", "io", *p,
                                     "--size", "256x256", "--out", "OUT/s.png"), value))
        cases.append(("export", ("export", "--flyby", "PJ57-Io", *p, "--size", "256x256",
                                 "--out", "OUT/x.mp4"), value))
    for look in BAD_LOOKS:
        cases.append(("screenshot", ("screenshot", "--time", T, "--focus", "io", "--look",
                                     look, "--out", "OUT/s.png"), "--look"))
    for opt, value in (("--fps", "0"), ("--fps", "500"), ("--fps", "ten"), ("--crf", "99"),
                       ("--crf", "-1"), ("--bitrate", "0"), ("--bitrate", "100000000000000000000"),
                       ("--duration", "0"), ("--duration", "-3"), ("--duration", "nan"),
                       ("--duration", "inf"), ("--duration", "1e9"), ("--workers", "-1"),
                       ("--workers", "1000"), ("--format", "avi"), ("--face-size", "4"),
                       ("--title", "\udcff\udcfe")):
        cases.append(("export", ("export", "--flyby", "PJ57-Io", opt, value,
                                 "--out", "OUT/x.mp4"), opt.lstrip("-").split("-")[0]
                      if opt != "--title" else "title"))
    for args, needle in (
            (("ephem", "io", "--center", "jupiter"), "--at"),
            (("ephem", "io", "--center", "jupiter", "--from", T), "--step"),
            (("ephem", "io", "--center", "jupiter", "--from", T, "--to", T, "--step", "0"),
             "--step"),
            (("ephem", "io", "--center", "jupiter", "--from", T, "--to", T, "--step", "-5"),
             "--step"),
            (("ephem", "io", "--center", "jupiter", "--from", T, "--to",
              "2024-12-30T08:36:00Z", "--step", "1"), "rows"),
            (("ephem", "io", "--center", "jupiter", "--from", "2024-01-01", "--to",
              "2023-01-01", "--step", "60"), "--to"),
            (("ephem", "io", "--center", "jupiter", "--at", T, "--format", "xml"), "xml"),
            (("screenshot", "--out", "OUT/s.png"), "--time"),
            (("screenshot", "--time", T, "--out", "OUT/s.jpg"), ".png"),
            (("screenshot", "--time", T, "--out", "OUT/no/such/s.png"), "does not exist"),
            (("screenshot", "--time", T, "--out", "OUT"), ".png"),
            (("screenshot", "--time", T, "--at-ca", "--out", "OUT/s.png"), "--flyby"),
            (("screenshot", "--flyby", "PJ57-Io", "--out", "OUT/s.png"), "--at-ca"),
            (("screenshot", "--flyby", "PJ47-Io", "--at-ca", "--out", "OUT/s.png"), "PJ47"),
            (("screenshot", "--time", T, "--focus", "io", "--distance", "-5",
              "--out", "OUT/s.png"), "--distance"),
            (("screenshot", "--time", T, "--focus", "io", "--distance", "nan",
              "--out", "OUT/s.png"), "--distance"),
            (("screenshot", "--time", T, "--out", "OUT/" + "x" * 300 + ".png"), "255"),
            (("export", "--out", "OUT/x.mp4"), "--flyby"),
            (("export", "--from", T, "--out", "OUT/x.mp4"), "--to"),
            (("export", "--from", "2024-01-01", "--to", "2023-01-01", "--out", "OUT/x.mp4"),
             "end time"),
            (("export", "--flyby", "PJ57-Io", "--out", "OUT/x.avi"), "x.avi"),
            (("export", "--flyby", "PJ57-Io", "--out", "OUT/no/such/x.mp4"), "does not exist"),
            (("export", "--flyby", "PJ47-Io", "--camera", "target", "--out", "OUT/x.mp4"),
             "PJ47"),
            (("export", "--from", T, "--to", "2023-12-30T09:36:00Z", "--camera", "follow",
              "--out", "OUT/x.mp4"), "--flyby"),
            (("export", "--flyby", "PJ57-Io", "--size", "321x181", "--out", "OUT/x.mp4"),
             "even"),
            (("export", "--flyby", "PJ57-Io", "--size", "1400x1400", "--format", "gif",
              "--out", "OUT/x.gif"), "GIF"),
            (("export", "--flyby", "PJ57-Io", "--size", "5000x3000", "--out", "OUT/x.mp4"),
             "5000x3000"),
            (("bench", "--steps", "3"), "--steps"),
            (("soak", "--minutes", "0"), "--minutes"),
            (("soak", "--minutes", "nan"), "--minutes"),
            (("soak", "--minutes", "10", "--log", "OUT/no-such-folder/soak.jsonl"),
             "no-such-folder/soak.jsonl"),
            (("juno-model", "accuracy"), "--kernel"),
            (("juno-model", "explode"), "explode"),
            (("flybys", "--format", "yaml"), "yaml"),
            (("data", "remove", "nothing-like-it"), "nothing-like-it"),
            (("data", "fetch", "nothing-like-it"), "nothing-like-it"),
            (("data", "add", "OUT/missing.bsp"), "missing.bsp"),
            (("data",), "ACTION"),
            (("nonsense",), "nonsense"),
            (("--flyby", "PJ99"), "PJ99"),
            (("--time", "yesterday"), "yesterday"),
    ):
        cases.append((args[0], args, needle))
    return cases


BAD_FILES = {  # name -> content (bytes), or None for a folder
    "empty.bsp": b"", "text.bsp": b"hello, kernel", "junk.bsp": bytes(range(256)) * 40,
    "folder.bsp": None, "notes.txt": b"not a trajectory at all\n",
    "nan.csv": b"time,x,y,z\n2023-12-30T08:00:00Z,nan,1,2\n2023-12-30T09:00:00Z,1,2,3\n",
    "inf.csv": b"time,x,y,z\n2023-12-30T08:00:00Z,1,inf,2\n2023-12-30T09:00:00Z,1,2,3\n",
    "empty.csv": b"", "scene-binary.toml": bytes(range(256)),
    "scene-latin1.toml": "title = 'Jupit\u00e9r'\n".encode("latin-1"),
    "scene-broken.toml": b"flyby = [\n", "scene-nokeys.toml": b"flyby = 'PJ57-Io'\n",
    "scene-anchor.toml": b"flyby='PJ57-Io'\n[[keyframe]]\nat_s=0\nanchor='pluto'\n"
                         b"distance_km=1\n",
    "scene-ease.toml": b"flyby='PJ57-Io'\n[[keyframe]]\nat_s=0\nanchor='io'\n"
                       b"distance_km=1\nease='bouncy'\n",
    "scene-mode.toml": b"start='2023-12-30T08:00:00Z'\nend='2023-12-30T09:00:00Z'\n"
                       b"[[keyframe]]\nat_s=0\nmode='follow'\n",
    "scene-back.toml": b"flyby='PJ57-Io'\n[[timekey]]\nat_s=0\nca_offset_s=60\n"
                       b"[[timekey]]\nat_s=5\nca_offset_s=-60\n[[keyframe]]\nat_s=0\n"
                       b"mode='target'\n",
    "scene-onekey.toml": b"flyby='PJ57-Io'\n[[timekey]]\nat_s=0\nca_offset_s=60\n"
                         b"[[keyframe]]\nat_s=0\nmode='target'\n",
}


def _file_cases() -> list[tuple[str, tuple[str, ...], str]]:
    cases = []
    for name in ("empty.bsp", "text.bsp", "junk.bsp", "folder.bsp", "missing.bsp"):
        cases.append(("ephem", ("ephem", "io", "--center", "jupiter", "--at", T, "--kernel",
                                f"IN/{name}"), name))
        cases.append(("screenshot", ("screenshot", "--time", T, "--kernel", f"IN/{name}",
                                     "--out", "OUT/s.png"), name))
    for name in ("notes.txt", "nan.csv", "inf.csv", "empty.csv", "missing.csv"):
        cases.append(("ephem", ("ephem", "juno", "--center", "io", "--at", T, "--trajectory",
                                f"IN/{name}"), name))
    for name in [n for n in BAD_FILES if n.startswith("scene-")]:
        cases.append(("export", ("export", "--camera", f"path:IN/{name}", "--out",
                                 "OUT/x.mp4"), name))
    return cases


CASES = _cases() + _file_cases()


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):  # noqa: ANN201
    folder = tmp_path_factory.mktemp("bad-inputs")
    for name, content in BAD_FILES.items():
        if content is None:
            (folder / name).mkdir()
        else:
            (folder / name).write_bytes(content)
    return folder


def test_the_catalogue_is_large() -> None:
    assert len(CASES) >= 250


@pytest.mark.parametrize("command,args,needle", CASES,
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_mistake_is_one_line_exit_2_nothing_written(command, args, needle, tmp_path, capsys,
                                                     monkeypatch, bad_files) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)  # the window cases must not open a window
    # Offscreen commands choose EGL for VTK in os.environ; undone after the case, or the
    # window tests later in this process would get EGL windows under X (garbage shaders).
    monkeypatch.delenv("VTK_DEFAULT_OPENGL_WINDOW", raising=False)
    argv = [a.replace("OUT", str(tmp_path)).replace("IN/", f"{bad_files}/") for a in args]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, (argv, code, err)
    lines = [line for line in err.strip().splitlines() if line]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert needle.lower() in lines[0].lower() or needle.lower().replace("\udcff", "") in \
        lines[0].lower(), (needle, lines[0])
    assert not list(tmp_path.iterdir()), list(tmp_path.iterdir())
