"""Scene files (TOML under scenes/): a flyby or time range, a duration and a camera path.

    title = "PJ57: Juno skims Io at 1,500 km"
    flyby = "PJ57-Io"                 # or start/end as ISO 8601 UTC
    start = "2023-12-30T07:56:01Z"    # optional with a flyby (default: CA - 1 h)
    end = "2023-12-30T09:16:01Z"      # optional with a flyby (default: CA + 1 h)
    duration_s = 40
    [[keyframe]]
    at_s = 0
    anchor = "io"
    distance_km = 25000
    azimuth_deg = 30
    elevation_deg = 25
    [[keyframe]]                      # or a camera mode's own camera at that moment
    at_s = 20
    mode = "follow"                   # follow, from-juno or target (needs a flyby)

Time runs linearly from start to end over duration_s, unless [[timekey]] tables say
otherwise: each gives a moment of the animation (at_s) and the simulated time shown then
(utc, or ca_offset_s from the flyby's closest approach); time runs linearly between them,
so closely spaced keys slow the pass down and two keys with the same time hold it:

    [[timekey]]
    at_s = 18
    ca_offset_s = -20
    [[timekey]]
    at_s = 26
    ca_offset_s = 20                  # 40 s of the flyby over 8 s of video
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from perijove.core.bodies import BODIES
from perijove.core.timescale import TimeFormatError, format_utc, parse_utc
from perijove.scene.easing import Easing
from perijove.show.camera_path import CameraPath, Keyframe

ANCHORS = (*[b for b in BODIES if b != "sun"], "juno")
KEYFRAME_MODES = ("follow", "from-juno", "target")


class SceneFileError(ValueError):
    """A problem in a scene file a user wrote: one sentence naming the file and the key."""


@dataclass(frozen=True)
class TimeKey:
    at_s: float  # seconds into the animation
    t_tdb_s: float  # the simulated time shown then


@dataclass
class Scene:
    path: Path | None
    title: str
    flyby_id: str | None
    start_tdb_s: float
    end_tdb_s: float
    duration_s: float
    camera: CameraPath
    time_keys: tuple[TimeKey, ...] = ()

    def _keys(self) -> tuple[np.ndarray, np.ndarray]:
        if self.time_keys:
            return (np.array([k.at_s for k in self.time_keys]),
                    np.array([k.t_tdb_s for k in self.time_keys]))
        return (np.array([0.0, self.duration_s]), np.array([self.start_tdb_s, self.end_tdb_s]))

    def time_at(self, anim_s: float) -> float:
        """The simulated time shown `anim_s` seconds into the animation."""
        at, t = self._keys()
        return float(np.interp(anim_s, at, t))

    def anim_s_at(self, t_tdb_s: float) -> float:
        """The first moment of the animation that shows simulated time `t_tdb_s`."""
        at, t = self._keys()
        if t_tdb_s <= t[0]:
            return float(at[0])
        if t_tdb_s >= t[-1]:
            return float(at[np.argmax(t >= t[-1])])
        i = int(np.searchsorted(t, t_tdb_s, side="left"))
        t0, t1 = t[i - 1], t[i]
        return float(at[i - 1] + (at[i] - at[i - 1]) * (t_tdb_s - t0) / (t1 - t0))


def _number(doc: dict, key: str, where: str, default: float | None = None) -> float:
    value = doc.get(key, default)
    if value is None:
        raise SceneFileError(f"{where}: '{key}' is missing")
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise SceneFileError(f"{where}: '{key}' must be a finite number, not {value!r}")
    return float(value)


def utc_text(value: object) -> str:
    """Times may be TOML strings or (unquoted) TOML datetimes."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return str(value)


def shipped_scenes() -> dict[str, Path]:
    """The camera paths Perijove ships (scenes/ in a checkout, or inside the package)."""
    here = Path(__file__).resolve()
    out: dict[str, Path] = {}
    for folder in (here.parents[1] / "scenes_shipped", here.parents[3] / "scenes"):
        if folder.is_dir():
            for f in sorted(folder.glob("*.toml")):
                out.setdefault(f.stem, f)
    return out


def resolve_scene_path(path: str | Path) -> Path:
    """A file path, or the name of a shipped scene ('pj57-io')."""
    p = Path(path)
    if p.is_file():
        return p
    shipped = shipped_scenes()
    if str(path) in shipped:
        return shipped[str(path)]
    names = ", ".join(shipped) or "none"
    raise SceneFileError(f"scene file '{p}' does not exist; give a path or a shipped scene "
                         f"({names})")


def load_scene(path: str | Path) -> Scene:
    p = resolve_scene_path(path)
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SceneFileError(f"scene file '{p}' is not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise SceneFileError(f"scene file '{p}' is not UTF-8 text; give a TOML scene file") \
            from None
    except OSError as exc:
        raise SceneFileError(f"scene file '{p}' cannot be read ({exc.strerror})") from None
    return scene_from_dict(doc, p)


def scene_from_dict(doc: dict, p: Path | None = None) -> Scene:
    from perijove.flybys.catalog import find

    where = str(p) if p else "scene"
    flyby_id = doc.get("flyby")
    try:
        if flyby_id:
            try:
                flyby = find(str(flyby_id))
            except KeyError as exc:
                raise SceneFileError(f"{where}: {exc}") from None
            start = parse_utc(utc_text(doc["start"])) if "start" in doc else (
                flyby.ca_tdb_s - 3600.0)
            end = parse_utc(utc_text(doc["end"])) if "end" in doc else flyby.ca_tdb_s + 3600.0
            flyby_id = flyby.id
        else:
            if "start" not in doc or "end" not in doc:
                raise SceneFileError(f"{where}: give 'flyby' or both 'start' and 'end'")
            start, end = parse_utc(utc_text(doc["start"])), parse_utc(utc_text(doc["end"]))
    except TimeFormatError as exc:
        raise SceneFileError(f"{where}: {exc}") from None
    if end <= start:
        raise SceneFileError(f"{where}: 'end' must come after 'start'")
    duration = _number(doc, "duration_s", where, 30.0)
    if duration <= 0:
        raise SceneFileError(f"{where}: 'duration_s' must be positive")
    keys = []
    tables = doc.get("keyframe", [])
    if not isinstance(tables, list) or not all(isinstance(k, dict) for k in tables):
        raise SceneFileError(f"{where}: keyframes must be [[keyframe]] tables")
    for n, k in enumerate(tables, 1):
        kw = f"{where} keyframe {n}"
        if "mode" in k:
            mode = str(k["mode"]).lower()
            if mode not in KEYFRAME_MODES:
                raise SceneFileError(f"{kw}: mode '{k['mode']}' is not one of "
                                     f"{', '.join(KEYFRAME_MODES)}")
            if not flyby_id:
                raise SceneFileError(f"{kw}: mode '{mode}' needs 'flyby' (it follows Juno)")
            try:
                ease = Easing.parse(str(k.get("ease", "smooth")))
            except ValueError as exc:
                raise SceneFileError(f"{kw}: {exc}") from None
            anchor = "juno" if mode != "target" else find(flyby_id).moon
            keys.append(Keyframe(_number(k, "at_s", kw), anchor, 1.0, ease=ease, mode=mode))
            continue
        anchor = str(k.get("anchor", "")).lower()
        if anchor not in ANCHORS:
            raise SceneFileError(f"{kw}: anchor '{anchor}' is not one of {', '.join(ANCHORS)}")
        if anchor == "juno" and not flyby_id:
            raise SceneFileError(f"{kw}: anchor 'juno' needs 'flyby' (Juno is drawn in flybys)")
        distance = _number(k, "distance_km", kw)
        if not 0 < distance < 1e10:  # also nan and inf
            raise SceneFileError(f"{kw}: 'distance_km' must be positive")
        try:
            ease = Easing.parse(str(k.get("ease", "smooth")))
        except ValueError as exc:
            raise SceneFileError(f"{kw}: {exc}") from None
        keys.append(Keyframe(_number(k, "at_s", kw), anchor, distance,
                             _number(k, "azimuth_deg", kw, 0.0),
                             _number(k, "elevation_deg", kw, 20.0),
                             _number(k, "roll_deg", kw, 0.0), ease))
    if not keys:
        raise SceneFileError(f"{where}: no [[keyframe]] tables; add at least one")
    title = str(doc.get("title", flyby_id or "Perijove"))
    time_keys = _time_keys(doc, where, flyby_id, duration)
    if time_keys:
        start, end = time_keys[0].t_tdb_s, time_keys[-1].t_tdb_s
    return Scene(p, title, flyby_id, start, end, duration, CameraPath(keys), time_keys)


def _time_keys(doc: dict, where: str, flyby_id: str | None, duration: float
               ) -> tuple[TimeKey, ...]:
    from perijove.flybys.catalog import find

    tables = doc.get("timekey", [])
    if not isinstance(tables, list) or not all(isinstance(k, dict) for k in tables):
        raise SceneFileError(f"{where}: time keys must be [[timekey]] tables")
    out: list[TimeKey] = []
    for n, k in enumerate(tables, 1):
        kw = f"{where} timekey {n}"
        at = _number(k, "at_s", kw)
        if "utc" in k:
            try:
                t = parse_utc(utc_text(k["utc"]))
            except TimeFormatError as exc:
                raise SceneFileError(f"{kw}: {exc}") from None
        elif "ca_offset_s" in k:
            if not flyby_id:
                raise SceneFileError(f"{kw}: 'ca_offset_s' needs 'flyby'")
            t = find(flyby_id).ca_tdb_s + _number(k, "ca_offset_s", kw)
        else:
            raise SceneFileError(f"{kw}: give 'utc' or 'ca_offset_s'")
        if out and at <= out[-1].at_s:
            raise SceneFileError(f"{kw}: 'at_s' must increase from one time key to the next")
        if out and t < out[-1].t_tdb_s:
            raise SceneFileError(f"{kw}: time must not run backwards (equal times hold it)")
        if not 0.0 <= at <= duration:
            raise SceneFileError(f"{kw}: 'at_s' {at:g} is outside the animation (0 to "
                                 f"{duration:g} s)")
        out.append(TimeKey(at, t))
    if len(out) == 1:
        raise SceneFileError(f"{where}: give at least two [[timekey]] tables, or none")
    if out and out[-1].t_tdb_s <= out[0].t_tdb_s:
        raise SceneFileError(f"{where}: the time keys must span some time")
    if out:  # the first and last keys hold the ends of the animation
        if out[0].at_s > 0.0:
            out.insert(0, TimeKey(0.0, out[0].t_tdb_s))
        if out[-1].at_s < duration:
            out.append(TimeKey(duration, out[-1].t_tdb_s))
    return tuple(out)


def scene_to_toml(scene: Scene) -> str:
    """TOML text for a scene (what the GUI's "Save as scene file" writes)."""
    lines = [f"title = {scene.title!r}".replace("'", '"')]
    if scene.flyby_id:
        lines.append(f'flyby = "{scene.flyby_id}"')
    lines += [f'start = "{format_utc(scene.start_tdb_s)}"',
              f'end = "{format_utc(scene.end_tdb_s)}"',
              f"duration_s = {scene.duration_s:g}", ""]
    for k in scene.camera.sorted():
        if k.mode:
            lines += ["[[keyframe]]", f"at_s = {k.at_s:g}", f'mode = "{k.mode}"']
            if k.ease is not Easing.SMOOTH:
                lines.append(f'ease = "{k.ease.value}"')
            lines.append("")
            continue
        lines += ["[[keyframe]]", f"at_s = {k.at_s:g}", f'anchor = "{k.anchor}"',
                  f"distance_km = {k.distance_km:.6g}", f"azimuth_deg = {k.azimuth_deg:.4g}",
                  f"elevation_deg = {k.elevation_deg:.4g}"]
        if k.roll_deg:
            lines.append(f"roll_deg = {k.roll_deg:.4g}")
        if k.ease is not Easing.SMOOTH:
            lines.append(f'ease = "{k.ease.value}"')
        lines.append("")
    for k in scene.time_keys:
        lines += ["[[timekey]]", f"at_s = {k.at_s:g}", f'utc = "{format_utc(k.t_tdb_s, 3)}"', ""]
    return "\n".join(lines)
