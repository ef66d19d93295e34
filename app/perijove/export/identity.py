"""What an export's pixels depend on, named and fingerprinted: the data items it draws
(kernels, maps, the Juno model, trajectory tables, a camera path), the code that draws them,
and its settings.

Two uses: the frame cache's key (a frame kept under the same key is the same frame), and the
check that every render worker draws with the same data as the client: a worker that lacks
an item, or holds a different one, is refused with one line naming the worker and the item
before it renders anything.

Fingerprints are SHA-256 of the file's bytes; for a file installed with `perijove data` the
SHA-256 recorded when it was downloaded and verified is used while the file keeps its size
(hashing jup365.bsp, about 1 GB, would cost seconds on every worker).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from perijove.export.settings import ExportError, ExportSettings

# Packages whose version changes pixels or positions: the renderer, the ephemerides.
PACKAGES = ("vtk", "numpy", "skyfield", "skyfield-data", "astronomy-engine", "spiceypy")
KEY_VERSION = 1

_digests: dict[tuple[str, int, int], str] = {}


@dataclass(frozen=True)
class DataItem:
    role: str    # what it is for, e.g. "Io map", "kernel juno_rec_orbit.bsp", "code Perijove"
    name: str    # the file's name or the version
    digest: str  # "sha256:<hex>" or a version string


class DataMismatch(ExportError):
    """A render worker's data differs from the client's: one line naming both."""


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, remembered per (path, size, mtime) in this process."""
    st = path.stat()
    memo = (str(path), st.st_size, st.st_mtime_ns)
    if memo not in _digests:
        recorded = _recorded_sha256(path, st.st_size)
        if recorded is None:
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
            recorded = h.hexdigest()
        _digests[memo] = recorded
    return _digests[memo]


def _recorded_sha256(path: Path, size: int) -> str | None:
    from perijove.data import registry

    for record in registry.load()["installed"].values():
        if record.get("path") == str(path) and record.get("size") == size and \
                record.get("sha256"):
            return str(record["sha256"])
    return None


def _code_digest() -> str:
    """SHA-256 over Perijove's own files (code and shipped tables), in a fixed order."""
    import perijove

    package = Path(perijove.__file__).resolve().parent
    roots = [package, package.parent.parent / "assets"]  # a checkout keeps assets/ at the top
    h = hashlib.sha256()
    for root in roots:
        if not root.is_dir():
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix in (
                    ".py", ".csv", ".json", ".toml", ".html"):
                h.update(p.relative_to(root).as_posix().encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def software_items() -> list[DataItem]:
    from importlib.metadata import PackageNotFoundError, version

    import perijove

    items = [DataItem("code Perijove", perijove.__version__, "sha256:" + _code_digest())]
    for name in PACKAGES:
        try:
            items.append(DataItem(f"package {name}", name, version(name)))
        except PackageNotFoundError:
            items.append(DataItem(f"package {name}", name, "absent"))
    return items


def data_items(session, s: ExportSettings) -> list[DataItem]:  # noqa: ANN001 - Session
    """Every data item the session draws with, and the code that draws it."""
    items: list[DataItem] = []

    def add(role: str, path: Path) -> None:
        items.append(DataItem(role, path.name, "sha256:" + file_sha256(Path(path))))

    for kernel in session.ephemeris.kernels:
        add(f"kernel {kernel.name}", kernel.path)
    for table in session.ephemeris.juno.tables:
        add(f"trajectory table {Path(table.path).name}", Path(table.path))
    for body, surface in sorted(session.maps.items()):
        add(f"{body.capitalize()} map", surface.path)
    if session.spacecraft_model is not None:
        add("Juno 3D model", session.spacecraft_model)
    if s.camera.startswith("path:"):
        from perijove.show.scene_file import resolve_scene_path

        add("camera path", resolve_scene_path(s.camera.split(":", 1)[1]))
    return sorted(items, key=lambda i: i.role) + software_items()


def compare(expected: list[DataItem], actual: list[DataItem], worker: str) -> str | None:
    """None if the worker's items are the client's; else one line naming the worker and the
    first item that differs."""
    have = {i.role: i for i in actual}
    want = {i.role: i for i in expected}
    for role, item in want.items():
        other = have.get(role)
        if other is None:
            return (f"render worker {worker} lacks the {role} ({item.name}) that this export "
                    f"uses; install the same data on every machine (perijove data) and run "
                    f"again")
        if other.digest != item.digest or other.name != item.name:
            return (f"render worker {worker} has a different {role}: {other.name} "
                    f"({_short(other.digest)}) where this export uses {item.name} "
                    f"({_short(item.digest)}); install the same data on every machine and "
                    f"run again")
    for role, other in have.items():
        if role not in want:
            return (f"render worker {worker} has a {role} ({other.name}) that this export does "
                    f"not use, which would change what it draws; remove it there or install "
                    f"it here, and run again")
    return None


def _short(digest: str) -> str:
    kind, _, value = digest.partition(":")
    return f"{kind} {value[:12]}" if value else digest


def pixel_settings(s: ExportSettings) -> dict:
    """The settings that decide a frame's pixels (not where or how it is encoded)."""
    d = {f.name: getattr(s, f.name) for f in dataclasses.fields(s)}
    for name in ("out", "fmt", "crf", "bitrate_kbps", "workers", "cluster", "frames_dir",
                 "fresh", "kernels", "trajectories"):
        d.pop(name)
    d["projection"] = repr(s.projection)
    d["options"] = repr(s.options)
    d["size"] = list(s.size)
    d["overlays"] = list(s.overlays)
    if s.camera.startswith("path:"):
        d["camera"] = "path"  # the file's contents are a data item; its location is not
    return d


def export_key(s: ExportSettings, items: list[DataItem]) -> str:
    """The frame cache key: SHA-256 of the pixel settings and every item's fingerprint."""
    blob = json.dumps({"v": KEY_VERSION, "settings": pixel_settings(s),
                       "items": [dataclasses.astuple(i) for i in items]},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def describe(s: ExportSettings, items: list[DataItem]) -> dict:
    """What a frame cache folder holds, for people reading it."""
    return {"out": os.fsencode(s.out).decode("utf-8", "replace"),
            "frames": s.frame_count, "settings": pixel_settings(s),
            "items": [dataclasses.asdict(i) for i in items]}
