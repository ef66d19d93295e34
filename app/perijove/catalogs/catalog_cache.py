"""The catalogues' binary cache: numpy arrays in one .npz per product, keyed to their source.

- The folder: ``PERIJOVE_CACHE_DIR`` if set (tests), else platformdirs' per-user cache folder
  for the app name ``perijove`` (e.g. ``~/.cache/perijove`` on Linux), subfolder ``catalogs``.
- Each file carries a key (JSON: the source file's path, size and modification time in ns, the
  format version, and any build parameters). A key that differs from the caller's means the
  source or the build changed: the caller rebuilds. The source's SHA-256 is not checked on
  load: hashing the 33 MB catalogue costs more than the whole cached load.
- Files are written under a temporary name in the same folder, then renamed (atomic on POSIX
  and Windows), so a crash never leaves a half-written cache; an unreadable cache file is
  treated as absent.
"""

from __future__ import annotations

import contextlib
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import platformdirs

ENV_CACHE_DIR = "PERIJOVE_CACHE_DIR"
_KEY_FIELD = "__key__"


def cache_dir() -> Path:
    """The catalogue cache folder (not created here)."""
    env = os.environ.get(ENV_CACHE_DIR)
    base = Path(env).expanduser() if env else platformdirs.user_cache_path("perijove",
                                                                            appauthor=False)
    return base / "catalogs"


def source_key(path: Path) -> dict[str, object]:
    """What identifies a version of a source file: its resolved path, size and mtime (ns)."""
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def load_cached(name: str, key: dict[str, object]) -> tuple[dict[str, np.ndarray] | None, str]:
    """The arrays cached as `name` if their key equals `key`; else (None, why) with why one of
    "absent", "stale", "unreadable"."""
    path = cache_dir() / f"{name}.npz"
    if not path.is_file():
        return None, "absent"
    try:
        with np.load(path, allow_pickle=False) as z:
            stored = json.loads(z[_KEY_FIELD].tobytes().decode("utf-8"))
            if stored != json.loads(json.dumps(key)):
                return None, "stale"
            return {k: z[k] for k in z.files if k != _KEY_FIELD}, ""
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError):
        return None, "unreadable"


def save_cached(name: str, key: dict[str, object], arrays: dict[str, np.ndarray]) -> str | None:
    """Write `arrays` as `name` (temporary name, then rename); one warning line if it cannot."""
    folder = cache_dir()
    path = folder / f"{name}.npz"
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    payload = dict(arrays)
    payload[_KEY_FIELD] = np.frombuffer(json.dumps(key).encode("utf-8"), dtype=np.uint8)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            np.savez(f, **payload)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return (f"could not write the star cache '{path}' ({exc.strerror or exc}); the catalogue "
                f"is rebuilt on every start until {ENV_CACHE_DIR} or the cache folder is writable")
    return None
