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
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from perijove.core.bodies import BODIES
from perijove.core.timescale import TimeFormatError, format_utc, parse_utc
from perijove.scene.easing import Easing
from perijove.show.camera_path import CameraPath, Keyframe

ANCHORS = (*[b for b in BODIES if b != "sun"], "juno")


class SceneFileError(ValueError):
    """A problem in a scene file a user wrote: one sentence naming the file and the key."""


@dataclass
class Scene:
    path: Path | None
    title: str
    flyby_id: str | None
    start_tdb_s: float
    end_tdb_s: float
    duration_s: float
    camera: CameraPath


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
    return Scene(p, title, flyby_id, start, end, duration, CameraPath(keys))


def scene_to_toml(scene: Scene) -> str:
    """TOML text for a scene (what the GUI's "Save as scene file" writes)."""
    lines = [f"title = {scene.title!r}".replace("'", '"')]
    if scene.flyby_id:
        lines.append(f'flyby = "{scene.flyby_id}"')
    lines += [f'start = "{format_utc(scene.start_tdb_s)}"',
              f'end = "{format_utc(scene.end_tdb_s)}"',
              f"duration_s = {scene.duration_s:g}", ""]
    for k in scene.camera.sorted():
        lines += ["[[keyframe]]", f"at_s = {k.at_s:g}", f'anchor = "{k.anchor}"',
                  f"distance_km = {k.distance_km:.6g}", f"azimuth_deg = {k.azimuth_deg:.4g}",
                  f"elevation_deg = {k.elevation_deg:.4g}"]
        if k.roll_deg:
            lines.append(f"roll_deg = {k.roll_deg:.4g}")
        if k.ease is not Easing.SMOOTH:
            lines.append(f'ease = "{k.ease.value}"')
        lines.append("")
    return "\n".join(lines)
