"""Where downloaded data lives, and where it is downloaded from.

- The data folder: ``PERIJOVE_DATA_DIR`` if set, else platformdirs' per-user data folder
  for the app name ``perijove`` (e.g. ``~/.local/share/perijove`` on Linux).
- ``PERIJOVE_DATA_MIRROR=URL`` replaces each manifest URL's origin (everything up to the
  file name) with URL, keeping the file name: for offline mirrors and the tests.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from perijove.data.errors import DataError
from perijove.data.manifest import Item

ENV_DIR = "PERIJOVE_DATA_DIR"
ENV_MIRROR = "PERIJOVE_DATA_MIRROR"
PARTIAL_SUFFIX = ".partial"


def data_dir() -> Path:
    """The data folder (not created here)."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path("perijove", appauthor=False)


def item_path(item: Item) -> Path:
    """Where `item` is installed (it is installed exactly when this file exists)."""
    return data_dir() / item.subdir / item.filename


def partial_path(path: Path) -> Path:
    """The in-progress download beside `path`: never mistaken for an installed file."""
    return path.with_name(path.name + PARTIAL_SUFFIX)


def url_file_name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def resolve_url(url: str) -> str:
    """The URL to fetch: the manifest's, or the same file name under PERIJOVE_DATA_MIRROR."""
    mirror = os.environ.get(ENV_MIRROR, "").strip()
    if not mirror:
        return url
    return mirror.rstrip("/") + "/" + url_file_name(url)


def ensure_writable_dir(folder: Path) -> Path:
    """Create `folder` if needed; DataError if it cannot be written (read-only, under a file)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(_unwritable(folder, exc)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DataError(f"the data folder '{folder}' is read-only; make it writable or set "
                        f"{ENV_DIR} to a writable folder")
    return folder


def _unwritable(folder: Path, exc: OSError) -> str:
    reason = {errno.ENOTDIR: "a file is in the way", errno.EROFS: "read-only file system",
              errno.EACCES: "permission denied", errno.EPERM: "permission denied",
              errno.ENOSPC: "the disk is full"}.get(exc.errno or 0, exc.strerror or str(exc))
    return (f"cannot write to the data folder '{folder}' ({reason}); set {ENV_DIR} to a "
            "writable folder")


def unwritable_message(folder: Path, exc: OSError) -> str:
    """One line for an OSError met while writing into `folder`."""
    return _unwritable(folder, exc)
