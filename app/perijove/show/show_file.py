"""Show files (TOML under scenes/shows/): a planetarium show as chapters, read and validated.

A show file has one [show] table and one [[chapter]] table per chapter, in playing order:

    [show]
    title = "Juno at Io"
    credits = ["Trajectory: NASA/JPL", "Made with Perijove"]
    sources = [{ text = "NASA/JPL release 2024-045", url = "https://www.jpl.nasa.gov/..." }]
    projection = "perspective"   # optional: perspective (default), fisheye (dome) or equirect
    fov_deg = 35                 # optional: perspective 35, fisheye 180; equirect is always 360
    tilt_deg = 0                 # optional: how far the view centre is raised (dome tilt)
    credits_s = 10               # optional: length of the closing credits (10 s with credits)

    [[chapter]]
    title = "PJ57: the first 1,500 km pass"
    flyby = "PJ57-Io"            # a flyby id from assets/flybys.csv ...
    start = "2023-12-30T08:16:01Z"   # ... optional with a flyby (default CA - 1 h);
    end = "2023-12-30T08:56:01Z"     # without one, both are required (ISO 8601 UTC)
    camera = "target"            # follow | from-juno | target | moon | overview,
                                 # "surface:FEATURE" (straight down at a named feature of
                                 # the flyby's moon, e.g. "surface:Loki Patera"), or
                                 # "path:NAME": a shipped camera path (scenes/NAME.toml) or a
                                 # scene file, relative to the show file (default: target
                                 # with a flyby, else overview)
    rate = 60                    # simulated seconds per show second ... or, instead,
    # duration_s = 60            # the chapter's length in show seconds, holds included
    transition = "fade"          # into this chapter: cut (default), fade (through black) or
    transition_s = 2             # crossfade; its length in show seconds (default 2, cut 0)
    holds = [{ event = "ca", duration_s = 20 }]   # stop simulated time at closest approach
                                 # (or at = "UTC time") for 20 s of show time
    overlays = ["infrared"]      # optional: "features" (IAU names on the moons) and/or
                                 # "infrared" (Io's hot spots glowing by power)
    [[chapter.captions]]         # a lower third: a title and a short text
    title = "Loki Patera"
    text = "A lava lake about 200 km long."
    at_s = 5                     # show seconds into the chapter, or
    # event = "ca"               # relative to an event ("ca", or "end" of the chapter) ...
    # offset_s = -10             # ... by this many show seconds
    duration_s = 8               # optional (default 8)
    sources = [1]                # optional: which of the show's sources (1-based) say this

Times inside a chapter: simulated time runs from start to end at `rate`, except during holds,
when it stands still; a chapter lasts (end - start) / rate + the holds, in show seconds.
Transitions: a fade spends half its time fading the previous chapter out to black and half
fading this one in; a crossfade overlaps the two chapters for its whole length (the show is
that much shorter); into the first chapter a crossfade is a fade in from black. The last
chapter fades to black over its final second and the credits follow on black. A caption that
would run past the end of its chapter is cut at the end.

Any mistake raises ShowFileError: one line naming the file, the chapter (number and title)
and the field.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from perijove.core.timescale import TimeFormatError, parse_utc
from perijove.show.scene_file import Scene, SceneFileError, load_scene, resolve_scene_path, utc_text

CAMERA_MODES = ("follow", "from-juno", "target", "moon", "overview")
FLYBY_CAMERA_MODES = ("follow", "from-juno", "target", "moon")  # these need a flyby's moon
TRANSITIONS = ("cut", "fade", "crossfade")
PROJECTIONS = ("perspective", "fisheye", "equirect")
# The window's perspective view angle (perijove.render.scene_view.VIEW_ANGLE_DEG), so a show
# without a projection looks like the window; 180 deg is the usual dome master (a hemisphere).
DEFAULT_FOV_DEG = {"perspective": 35.0, "fisheye": 180.0, "equirect": 360.0}
FOV_RANGE_DEG = {"perspective": (1.0, 179.0), "fisheye": (90.0, 360.0),
                 "equirect": (360.0, 360.0)}
DEFAULT_TRANSITION_S = 2.0
DEFAULT_CAPTION_S = 8.0
DEFAULT_CREDITS_S = 10.0
DEFAULT_SPAN_S = 3600.0  # a chapter on a flyby runs CA - 1 h to CA + 1 h unless told
END_FADE_S = 1.0  # the last chapter fades to black over its final second
CAPTION_EVENTS = ("ca", "end")

SHOW_FIELDS = ("title", "credits", "sources", "projection", "fov_deg", "tilt_deg", "credits_s")
CHAPTER_FIELDS = ("title", "flyby", "start", "end", "camera", "rate", "duration_s", "holds",
                  "captions", "transition", "transition_s", "overlays")
# What a chapter may turn on over the scene (ViewOptions): the moons' IAU-named features, and
# Io in infrared (its published hot spots glowing by power on a dark, cool surface).
OVERLAYS = ("features", "infrared")
HOLD_FIELDS = ("event", "at", "duration_s")
CAPTION_FIELDS = ("title", "text", "at_s", "event", "offset_s", "duration_s", "sources")
SOURCE_FIELDS = ("text", "url")


class ShowFileError(SceneFileError):
    """A problem in a show file: one line naming the file, the chapter and the field."""


def _span_s(t0_tdb_s: float, t1_tdb_s: float) -> float:
    """Simulated seconds from t0 to t1, to the microsecond: TDB seconds near 7e8 carry
    about 1e-7 s of rounding noise, which would otherwise move show times off whole values."""
    return round(t1_tdb_s - t0_tdb_s, 6)


@dataclass(frozen=True)
class Source:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Projection:
    kind: str = "perspective"  # perspective | fisheye | equirect
    fov_deg: float = DEFAULT_FOV_DEG["perspective"]
    tilt_deg: float = 0.0


@dataclass(frozen=True)
class Hold:
    t_tdb_s: float  # simulated time stands still here ...
    duration_s: float  # ... for this many show seconds
    event: str | None = None  # "ca" when it was given as an event


@dataclass(frozen=True)
class Caption:
    title: str
    text: str
    start_s: float  # show seconds into its chapter (events resolved)
    duration_s: float  # cut at the chapter's end
    sources: tuple[int, ...] = ()  # 1-based indexes into Show.sources


@dataclass(frozen=True)
class Chapter:
    number: int  # 1-based, as people count
    title: str
    flyby_id: str | None
    ca_tdb_s: float | None
    start_tdb_s: float
    end_tdb_s: float
    camera: str  # a mode from CAMERA_MODES, or "path"
    camera_file: Path | None  # the scene file when camera == "path"
    rate: float  # simulated seconds per show second outside holds
    holds: tuple[Hold, ...]
    captions: tuple[Caption, ...]
    transition: str  # into this chapter
    transition_s: float
    camera_scene: Scene | None = field(default=None, compare=False, hash=False, repr=False)
    overlays: tuple[str, ...] = ()  # from OVERLAYS

    @cached_property  # frozen: computed once (cached_property writes past __setattr__)
    def duration_s(self) -> float:
        """Show seconds from this chapter's start to its end, holds included."""
        return (_span_s(self.start_tdb_s, self.end_tdb_s) / self.rate
                + sum(h.duration_s for h in self.holds))

    def sim_time_at(self, chapter_s: float) -> float:
        """Simulated time (TDB s) at `chapter_s` show seconds into the chapter (clamped)."""
        t = self.start_tdb_s
        s = max(0.0, chapter_s)
        for hold in self.holds:
            run_s = _span_s(t, hold.t_tdb_s) / self.rate
            if s < run_s:
                return t + s * self.rate
            s -= run_s
            t = hold.t_tdb_s
            if s <= hold.duration_s:
                return t
            s -= hold.duration_s
        return min(t + s * self.rate, self.end_tdb_s)

    def hold_at(self, chapter_s: float) -> Hold | None:
        """The hold under way at `chapter_s`, if any."""
        s, t = 0.0, self.start_tdb_s
        for hold in self.holds:
            s += _span_s(t, hold.t_tdb_s) / self.rate
            t = hold.t_tdb_s
            if s <= chapter_s < s + hold.duration_s:
                return hold
            s += hold.duration_s
        return None

    def chapter_s_of(self, t_tdb_s: float) -> float:
        """Show seconds into the chapter when simulated time first reaches `t_tdb_s`."""
        s, t = 0.0, self.start_tdb_s
        for hold in self.holds:
            if t_tdb_s <= hold.t_tdb_s:
                break
            s += _span_s(t, hold.t_tdb_s) / self.rate + hold.duration_s
            t = hold.t_tdb_s
        return s + _span_s(t, t_tdb_s) / self.rate

    def camera_anim_s(self, t_tdb_s: float) -> float | None:
        """Seconds into the camera path's animation, locked to simulated time: the path's
        keyframes fall at the simulated times its scene file gives them (so a dive to the
        spacecraft at closest approach stays at closest approach whatever the rate), and the
        camera stands still while a hold stops the clock."""
        scene = self.camera_scene
        if scene is None:
            return None
        return scene.anim_s_at(t_tdb_s)


@dataclass(frozen=True)
class Show:
    path: Path | None
    title: str
    credits: tuple[str, ...]
    sources: tuple[Source, ...]
    projection: Projection
    credits_s: float
    chapters: tuple[Chapter, ...]


# --- where shows live -------------------------------------------------------------------------


def shipped_shows() -> dict[str, Path]:
    """The shows Perijove ships (scenes/shows/ in a checkout, or inside the package)."""
    here = Path(__file__).resolve()
    out: dict[str, Path] = {}
    for folder in (here.parents[1] / "scenes_shipped" / "shows",
                   here.parents[3] / "scenes" / "shows"):
        if folder.is_dir():
            for f in sorted(folder.glob("*.toml")):
                out.setdefault(f.stem, f)
    return out


def resolve_show_path(path: str | Path) -> Path:
    """A file path, or the name of a shipped show ('juno-at-io')."""
    p = Path(path)
    if p.is_file():
        return p
    shipped = shipped_shows()
    if str(path) in shipped:
        return shipped[str(path)]
    names = ", ".join(shipped) or "none"
    raise ShowFileError(f"show file '{p}' does not exist; give a path or a shipped show "
                        f"({names})")


def load_show(path: str | Path) -> Show:
    """Read and validate a show file (or a shipped show's name)."""
    p = resolve_show_path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ShowFileError(f"show file '{p}' cannot be read ({_one_line(exc)})") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ShowFileError(f"show file '{p}' is not valid TOML ({_one_line(exc)})") from None
    return show_from_dict(doc, p)


# --- validation -------------------------------------------------------------------------------


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


class _Where:
    """The place a message names: the file, then the chapter, then the field."""

    def __init__(self, text: str) -> None:
        self.text = text

    def error(self, message: str) -> ShowFileError:
        return ShowFileError(_one_line(f"{self.text}: {message}"))


def _check_fields(table: object, allowed: tuple[str, ...], what: str, where: _Where) -> dict:
    if not isinstance(table, dict):
        raise where.error(f"{what} must be a table of fields, not {table!r}")
    for key in table:
        if key not in allowed:
            raise where.error(f"unknown field '{key}' in {what}; its fields are: "
                              f"{', '.join(allowed)}")
    return table


def _text(table: dict, key: str, where: _Where, default: str | None = None) -> str:
    value = table.get(key, default)
    if value is None:
        raise where.error(f"'{key}' is missing")
    if not isinstance(value, str):
        raise where.error(f"'{key}' must be text in quotes, not {value!r}")
    return value


def _number(table: dict, key: str, where: _Where, default: float | None = None) -> float:
    value = table.get(key, default)
    if value is None:
        raise where.error(f"'{key}' is missing")
    if (not isinstance(value, int | float) or isinstance(value, bool)
            or not math.isfinite(value)):
        raise where.error(f"'{key}' must be a finite number, not {value!r}")
    return float(value)


def _positive(table: dict, key: str, where: _Where, default: float | None = None) -> float:
    value = _number(table, key, where, default)
    if value <= 0:
        raise where.error(f"'{key}' must be positive, not {value:g}")
    return value


def _utc(table: dict, key: str, where: _Where) -> float:
    try:
        return float(parse_utc(utc_text(table[key])))
    except TimeFormatError as exc:
        raise where.error(f"'{key}': {exc}") from None


def _list_of(table: dict, key: str, where: _Where) -> list:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise where.error(f"'{key}' must be a list, not {value!r}")
    return value


def show_from_dict(doc: dict, p: Path | None = None) -> Show:
    """Validate a parsed show file; `p` names it in messages and anchors relative paths."""
    file = _Where(f"show file '{p}'" if p else "show")
    _check_fields(doc, ("show", "chapter"), "the file (top level)", file)
    head = _check_fields(doc.get("show"), SHOW_FIELDS, "[show]", file) if "show" in doc \
        else None
    if head is None:
        raise file.error("the [show] table is missing; give it at least a title")
    title = _text(head, "title", file)
    credits = _list_of(head, "credits", file)
    if not all(isinstance(c, str) for c in credits):
        raise file.error("'credits' must be a list of texts in quotes")
    sources = []
    for n, src in enumerate(_list_of(head, "sources", file), 1):
        w = _Where(f"{file.text}: source {n}")
        src = _check_fields(src, SOURCE_FIELDS, "a source", w)
        url = src.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith(("http://",
                                                                             "https://"))):
            raise w.error(f"'url' must be an http(s) address, not {url!r}")
        sources.append(Source(_text(src, "text", w), url))
    projection = _projection(head, file)
    credits_s = _number(head, "credits_s", file, DEFAULT_CREDITS_S if credits else 0.0)
    if credits_s < 0:
        raise file.error(f"'credits_s' must not be negative, not {credits_s:g}")

    tables = doc.get("chapter")
    if not isinstance(tables, list) or not tables:
        raise file.error("no [[chapter]] tables; add at least one")
    chapters = tuple(_chapter(t, n, file, p, len(sources)) for n, t in enumerate(tables, 1))
    _check_transitions(chapters, file)
    return Show(p, title, tuple(credits), tuple(sources), projection, credits_s, chapters)


def projection(kind: str, fov_deg: float | None = None, tilt_deg: float = 0.0) -> Projection:
    """A checked projection (for a command-line override too); ValueError in one sentence."""
    if kind not in PROJECTIONS:
        raise ValueError(f"'projection' must be {', '.join(PROJECTIONS)}, not {kind!r}")
    fov = DEFAULT_FOV_DEG[kind] if fov_deg is None else float(fov_deg)
    low, high = FOV_RANGE_DEG[kind]
    if not low <= fov <= high:
        span = f"{low:g}" if low == high else f"{low:g}-{high:g}"
        raise ValueError(f"'fov_deg' {fov:g} is out of range for {kind} ({span})")
    if not -90.0 <= tilt_deg <= 90.0:
        raise ValueError(f"'tilt_deg' {tilt_deg:g} must lie between -90 and 90")
    return Projection(kind, fov, float(tilt_deg))


def _projection(head: dict, file: _Where) -> Projection:
    kind = head.get("projection", "perspective")
    fov = _number(head, "fov_deg", file) if "fov_deg" in head else None
    try:
        return projection(kind, fov, _number(head, "tilt_deg", file, 0.0))
    except ValueError as exc:
        raise file.error(str(exc)) from None


def _chapter(table: object, n: int, file: _Where, p: Path | None, n_sources: int) -> Chapter:
    from perijove.flybys.catalog import find

    label = ""
    if isinstance(table, dict) and isinstance(table.get("title"), str):
        label = f' ("{table["title"]}")'
    where = _Where(f"{file.text}: chapter {n}{label}")
    table = _check_fields(table, CHAPTER_FIELDS, "a chapter", where)
    title = _text(table, "title", where)

    flyby_id, ca = None, None
    if "flyby" in table:
        try:
            flyby = find(_text(table, "flyby", where))
        except KeyError as exc:
            raise where.error(f"'flyby': {exc}") from None
        flyby_id, ca = flyby.id, float(flyby.ca_tdb_s)
        start = _utc(table, "start", where) if "start" in table else ca - DEFAULT_SPAN_S
        end = _utc(table, "end", where) if "end" in table else ca + DEFAULT_SPAN_S
    elif "start" in table and "end" in table:
        start, end = _utc(table, "start", where), _utc(table, "end", where)
    else:
        raise where.error("give 'flyby', or both 'start' and 'end' (ISO 8601 UTC)")
    if end <= start:
        raise where.error("'end' must come after 'start'")

    camera, camera_file, scene = _camera(table, where, p, flyby_id)
    if scene is not None and (scene.end_tdb_s <= start or scene.start_tdb_s >= end):
        raise where.error(f"'camera' path {camera_file.stem} covers {scene.title!r}, which "
                          "does not overlap this chapter's time span; choose a path for it")
    holds = tuple(sorted((_hold(h, k, where, ca, start, end)
                          for k, h in enumerate(_list_of(table, "holds", where), 1)),
                         key=lambda h: h.t_tdb_s))
    hold_s = sum(h.duration_s for h in holds)
    if ("rate" in table) == ("duration_s" in table):
        raise where.error("give 'rate' (simulated seconds per second) or 'duration_s' "
                          "(show seconds), one of the two")
    if "rate" in table:
        rate = _positive(table, "rate", where)
    else:
        duration = _positive(table, "duration_s", where)
        if duration <= hold_s:
            raise where.error(f"'duration_s' {duration:g} s leaves no time to move: the holds "
                              f"alone take {hold_s:g} s")
        rate = _span_s(start, end) / (duration - hold_s)

    transition = table.get("transition", "cut")
    if transition not in TRANSITIONS:
        raise where.error(f"'transition' must be {', '.join(TRANSITIONS)}, not {transition!r}")
    transition_s = 0.0 if transition == "cut" else _positive(table, "transition_s", where,
                                                             DEFAULT_TRANSITION_S)
    if transition == "cut" and "transition_s" in table:
        raise where.error("'transition_s' has no meaning with transition 'cut'; remove it or "
                          "choose fade or crossfade")

    overlays = table.get("overlays", [])
    if not isinstance(overlays, list) or any(o not in OVERLAYS for o in overlays):
        raise where.error(f"'overlays' must be a list of {', '.join(OVERLAYS)}, not "
                          f"{_one_line(overlays)}")
    chapter = Chapter(n, title, flyby_id, ca, start, end, camera, camera_file, rate, holds, (),
                      transition, transition_s, scene, tuple(overlays))
    captions = tuple(_caption(c, k, where, chapter, n_sources)
                     for k, c in enumerate(_list_of(table, "captions", where), 1))
    return Chapter(n, title, flyby_id, ca, start, end, camera, camera_file, rate, holds,
                   captions, transition, transition_s, scene, tuple(overlays))


def _camera(table: dict, where: _Where, p: Path | None,
            flyby_id: str | None) -> tuple[str, Path | None, Scene | None]:
    camera = _text(table, "camera", where, "target" if flyby_id else "overview")
    if camera.startswith("path:"):
        name = camera[5:].strip()
        try:
            local = (p.parent / name) if p is not None else None
            scene_path = local if local is not None and local.is_file() \
                else resolve_scene_path(name)
            scene = load_scene(scene_path)
        except SceneFileError as exc:
            raise where.error(f"'camera' {camera!r}: {exc}") from None
        if not flyby_id and any(k.anchor == "juno" for k in scene.camera.keyframes):
            raise where.error(f"'camera' {camera!r} looks at Juno, which is drawn only in "
                              "flybys; give the chapter a 'flyby'")
        return "path", scene_path, scene
    if camera.startswith("surface:"):
        if not flyby_id:
            raise where.error(f"'camera' {camera!r} looks at a feature of a flyby's moon; "
                              "give the chapter a 'flyby'")
        from perijove.catalogs.features import find_feature
        from perijove.flybys.catalog import find

        moon = find(flyby_id).moon
        name = camera[len("surface:"):].strip()
        if find_feature(moon, name) is None:
            raise where.error(f"'camera' {camera!r}: {moon.capitalize()} has no feature "
                              f"called {name!r} in the IAU Gazetteer copy; 'perijove features "
                              f"{moon}' lists them")
        return camera, None, None
    if camera not in CAMERA_MODES:
        raise where.error(f"'camera' must be {', '.join(CAMERA_MODES)}, surface:FEATURE or "
                          f"path:NAME, not {camera!r}")
    if camera in FLYBY_CAMERA_MODES and not flyby_id:
        raise where.error(f"'camera' {camera} looks at a flyby's moon or Juno; give the "
                          "chapter a 'flyby' or choose overview")
    return camera, None, None


def _event_time(event: object, ca: float | None, where: _Where, what: str) -> float:
    if event != "ca":
        raise where.error(f"{what} 'event' must be \"ca\" (closest approach), not {event!r}")
    if ca is None:
        raise where.error(f"{what} is at closest approach but the chapter has no 'flyby'")
    return ca


def _hold(table: object, k: int, where: _Where, ca: float | None, start: float,
          end: float) -> Hold:
    what = f"hold {k}"
    table = _check_fields(table, HOLD_FIELDS, what, where)
    w = _Where(f"{where.text}: {what}")
    if ("event" in table) == ("at" in table):
        raise w.error("give 'event' (\"ca\") or 'at' (a UTC time), one of the two")
    if "event" in table:
        t, event = _event_time(table["event"], ca, where, what), "ca"
    else:
        t, event = _utc(table, "at", w), None
    if not start <= t <= end:
        raise w.error("falls outside the chapter's time span (start to end)")
    return Hold(t, _positive(table, "duration_s", w), event)


def _caption(table: object, k: int, where: _Where, chapter: Chapter, n_sources: int) -> Caption:
    what = f"caption {k}"
    table = _check_fields(table, CAPTION_FIELDS, what, where)
    w = _Where(f"{where.text}: {what}")
    title = _text(table, "title", w, "")
    text = _text(table, "text", w, "")
    if not title and not text:
        raise w.error("has neither 'title' nor 'text'")
    if "at_s" in table and "event" in table:
        raise w.error("give 'at_s' or 'event' with 'offset_s', not both")
    if "at_s" in table:
        if "offset_s" in table:
            raise w.error("'offset_s' goes with 'event'; with 'at_s' remove it")
        start_s = _number(table, "at_s", w)
    elif "event" in table:
        event = table["event"]
        if event not in CAPTION_EVENTS:
            raise w.error(f"'event' must be {' or '.join(CAPTION_EVENTS)}, not {event!r}")
        if event == "end":
            anchor = chapter.duration_s
        else:
            anchor = chapter.chapter_s_of(_event_time(event, chapter.ca_tdb_s, where, what))
        start_s = anchor + _number(table, "offset_s", w, 0.0)
    else:
        raise w.error("has no time; give 'at_s' (seconds into the chapter), or 'event' "
                      "(\"ca\" or \"end\") with 'offset_s'")
    if not 0.0 <= start_s < chapter.duration_s:
        raise w.error(f"starts at {start_s:g} s, outside the chapter's "
                      f"{chapter.duration_s:g} s")
    duration = _positive(table, "duration_s", w, DEFAULT_CAPTION_S)
    duration = min(duration, chapter.duration_s - start_s)
    refs = table.get("sources", [])
    if not isinstance(refs, list) or not all(
            isinstance(r, int) and not isinstance(r, bool) and 1 <= r <= n_sources
            for r in refs):
        raise w.error(f"'sources' must list source numbers 1-{n_sources} from [show] "
                      f"sources, not {refs!r}")
    return Caption(title, text, start_s, duration, tuple(refs))


def transition_in_s(chapters: tuple[Chapter, ...], k: int) -> float:
    """Show seconds at the start of chapter k taken by its incoming transition."""
    c = chapters[k]
    if c.transition == "crossfade" and k > 0:
        return c.transition_s
    return c.transition_s / 2.0 if c.transition in ("fade", "crossfade") else 0.0


def transition_out_s(chapters: tuple[Chapter, ...], k: int) -> float:
    """Show seconds at the end of chapter k taken by the transition out of it."""
    if k == len(chapters) - 1:
        return END_FADE_S
    nxt = chapters[k + 1]
    return {"cut": 0.0, "fade": nxt.transition_s / 2.0, "crossfade": nxt.transition_s}[
        nxt.transition]


def _check_transitions(chapters: tuple[Chapter, ...], file: _Where) -> None:
    for k, c in enumerate(chapters):
        t_in, t_out = transition_in_s(chapters, k), transition_out_s(chapters, k)
        if t_in + t_out <= c.duration_s + 1e-9:
            continue
        # Blame the transition_s that takes the larger share (it is written in the chapter
        # the transition goes into); the final fade to black is no field of anyone's.
        owner = chapters[k + 1] if k + 1 < len(chapters) and t_out > t_in else c
        where = _Where(f'{file.text}: chapter {owner.number} ("{owner.title}")')
        raise where.error(
            f"'transition_s' {owner.transition_s:g} s does not fit: chapter {c.number} lasts "
            f"{c.duration_s:g} s but its transitions in and out take {t_in + t_out:g} s; "
            "shorten them or lengthen the chapter")
