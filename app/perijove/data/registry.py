"""What is installed: downloaded manifest items and local files the user added.

A manifest item is installed exactly when its file exists in the data folder: downloads
only ever appear there by an atomic rename after verification. ``registry.json`` in the data
folder records details (checksum, source URL, SPK coverage) and the local files added with
``perijove data add``, which are registered where they are, never copied.

Everything here reads the local disk only: safe to call at start-up with no network.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from perijove.data import cache
from perijove.data.errors import DataError, os_reason, shown_path
from perijove.data.manifest import LSK, MAP, MODEL, PCK, SPK, Item, find_item, items
from perijove.data.validate import META, guess_kind, metakernel_paths, validate_file

REGISTRY_NAME = "registry.json"
BODIES = ("jupiter", "io", "europa", "ganymede", "callisto")


@dataclass(frozen=True)
class MapSource:
    """A better map for one globe: the file and the credit to show for it."""

    body: str
    path: Path
    credit: str
    note: str
    item: str | None  # manifest item name, None for a file the user added
    centre_east_lon_deg: float = 180.0  # east longitude at the image centre


def registry_path() -> Path:
    return cache.data_dir() / REGISTRY_NAME


def load() -> dict[str, Any]:
    """The registry; empty if absent or unreadable (files on disk stay the truth).

    Entries that are not what this module writes (a hand-edited or half-written file) are
    dropped, so nothing downstream meets a missing key.
    """
    try:
        data = json.loads(registry_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data.setdefault("version", 1)
    installed = data.get("installed")
    data["installed"] = ({k: v for k, v in installed.items() if isinstance(v, dict)}
                         if isinstance(installed, dict) else {})
    added = data.get("added")
    data["added"] = [e for e in added if isinstance(e, dict)
                     and isinstance(e.get("path"), str) and isinstance(e.get("kind"), str)
                     ] if isinstance(added, list) else []
    return data


def save(data: dict[str, Any]) -> None:
    """Write the registry atomically (a temporary file renamed over the old one).

    Whatever fails (a full disk, at write, flush or close), the temporary file is removed and
    the old registry stays as it was.
    """
    folder = cache.ensure_writable_dir(cache.data_dir())
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".registry-", suffix=".json", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, registry_path())
        tmp = None
    except OSError as exc:
        raise DataError(cache.unwritable_message(folder, exc)) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass  # nothing more can be done; it is a hidden .registry-*.json


def file_exists(path: Path) -> bool:
    """Path.is_file, but False (not an OSError) for a path the system cannot even look up."""
    try:
        return path.is_file()
    except OSError:
        return False


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- downloaded items ------------------------------------------------------------------------
def is_installed(item: Item) -> bool:
    return file_exists(cache.item_path(item))


def installed_items() -> list[Item]:
    return [i for i in items() if is_installed(i)]


def record_install(item: Item, path: Path, sha256: str, url: str, info: dict[str, Any]) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(f"'{shown_path(path)}' cannot be read ({os_reason(exc)})") from None
    data = load()
    data["installed"][item.name] = {"path": str(path), "sha256": sha256,
                                    "size": size, "url": url,
                                    "installed_at": _now(), "info": info}
    save(data)


def install_record(item: Item) -> dict[str, Any] | None:
    return load()["installed"].get(item.name)


# ---- local files -----------------------------------------------------------------------------
def added_entries() -> list[dict[str, Any]]:
    """Local files registered with `perijove data add` that still exist."""
    return [e for e in load()["added"] if file_exists(Path(e["path"]))]


def add_paths(paths: list[str | os.PathLike], body: str | None = None) -> list[dict[str, Any]]:
    """Validate and register local files (a meta-kernel adds the kernels it lists).

    Every file is checked before any is registered: one bad file registers nothing.
    """
    if body is not None and body.lower() not in BODIES:
        raise DataError(f"unknown body '{body}' for a map; choose one of: {', '.join(BODIES)}")
    new: list[dict[str, Any]] = []
    for raw in paths:
        try:
            p = Path(raw).expanduser()
            found = p.is_file()
            p = p.resolve() if found else p
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic-link loop
            why = os_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise DataError(f"'{shown_path(raw)}' cannot be opened ({why}); check the path") \
                from None
        if not found:
            raise DataError(f"'{shown_path(raw)}' does not exist or is not a file; check the "
                            "path")
        kind = guess_kind(p)
        if kind == META:
            for k in metakernel_paths(p):
                new.append(_entry(k, guess_kind(k), body, source=str(p)))
        else:
            new.append(_entry(p, kind, body, source=None))
    data = load()
    new_paths = {e["path"] for e in new}
    data["added"] = [e for e in data["added"] if e["path"] not in new_paths] + new
    save(data)
    return new


def _entry(path: Path, kind: str, body: str | None, source: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": str(path), "kind": kind, "added_at": _now(),
                             "from_metakernel": source}
    if kind == META:
        raise DataError(f"meta-kernel '{source}' lists another meta-kernel '{path.name}'; "
                        "add that one directly")
    if kind in (SPK, LSK, PCK, MODEL):
        entry["info"] = validate_file(path, kind)
    elif kind == MAP:
        entry["info"] = validate_file(path, kind)
        entry["body"] = (body or _body_from_name(path)).lower()
    else:  # kernels Perijove does not use (CK, FK, SCLK...): registered for the record only
        entry["info"] = {}
    return entry


def _body_from_name(path: Path) -> str:
    name = path.name.lower()
    found = [b for b in BODIES if b in name]
    if len(found) != 1:
        raise DataError(f"which globe is the map '{path.name}' for? add it with "
                        f"--body ({', '.join(BODIES)})")
    return found[0]


def remove(name: str) -> str:
    """Delete a downloaded item, or unregister an added file (never deleting the user's file).

    Returns what was done, in words.
    """
    try:
        item = find_item(name)
    except DataError:
        item = None
    if item is not None:
        path = cache.item_path(item)
        partial = cache.partial_path(path)
        if not file_exists(path) and not file_exists(partial):
            raise DataError(f"'{item.name}' is not installed; nothing to remove")
        for p in (path, partial, cache.resume_path(path)):
            try:
                p.unlink(missing_ok=True)
            except OSError as exc:
                raise DataError(f"cannot delete '{shown_path(p)}' ({os_reason(exc)})") \
                    from None
        data = load()
        data["installed"].pop(item.name, None)
        save(data)
        return f"removed {item.name} ({path})"
    data = load()
    keep, dropped = [], []
    for e in data["added"]:
        p = Path(e["path"])
        hit = name in (e["path"], p.name) or (
            e.get("from_metakernel") and name in (e["from_metakernel"],
                                                  Path(e["from_metakernel"]).name))
        (dropped if hit else keep).append(e)
    if not dropped:
        raise DataError(f"'{name}' is neither a data item nor an added file; see "
                        "'perijove data status'")
    data["added"] = keep
    save(data)
    return f"unregistered {len(dropped)} added file(s); the files themselves were kept"


# ---- what the app loads at start-up --------------------------------------------------------
def installed_kernel_paths() -> list[Path]:
    """SPK files to load, in load order: downloads (manifest order), then added files.

    SPICE gives priority to the last loaded file where several cover, so the reconstructed
    Juno trajectory beats the predicted ones and the user's own files beat downloads.
    """
    out = [cache.item_path(i) for i in items() if i.kind == SPK and is_installed(i)]
    out += [Path(e["path"]) for e in added_entries() if e["kind"] == SPK]
    return _unique(out)


def installed_text_kernels() -> list[Path]:
    """Installed leap-seconds and planetary-constants kernels (LSK, PCK)."""
    out = [cache.item_path(i) for i in items() if i.kind in (LSK, PCK) and is_installed(i)]
    out += [Path(e["path"]) for e in added_entries() if e["kind"] in (LSK, PCK)]
    return _unique(out)


def installed_map_sources() -> dict[str, MapSource]:
    """The best installed map per body: an added one, else the highest-priority download."""
    out: dict[str, MapSource] = {}
    ranked = sorted((i for i in items() if i.kind == MAP and is_installed(i)),
                    key=lambda i: i.priority)
    for i in ranked:
        out[i.body] = MapSource(i.body, cache.item_path(i), i.credit, i.note, i.name,
                                i.centre_east_lon_deg)
    for e in added_entries():
        if e["kind"] == MAP and e.get("body"):
            out[e["body"]] = MapSource(e["body"], Path(e["path"]),
                                       f"local file {Path(e['path']).name}", "", None,
                                       float(e.get("centre_east_lon_deg", 180.0)))
    return out


def installed_maps() -> dict[str, Path]:
    """Body name -> the map file to use instead of the embedded default."""
    return {b: m.path for b, m in installed_map_sources().items()}


def installed_juno_model() -> Path | None:
    """NASA's Juno glTF model if downloaded (or a .glb the user added), else None."""
    added = [Path(e["path"]) for e in added_entries() if e["kind"] == MODEL]
    if added:
        return added[-1]
    for i in items():
        if i.kind == MODEL and is_installed(i):
            return cache.item_path(i)
    return None


def _unique(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    out = []
    for p in paths:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
