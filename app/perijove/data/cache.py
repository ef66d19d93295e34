"""Where downloaded data lives, and where it is downloaded from.

- The data folder: ``PERIJOVE_DATA_DIR`` if set, else platformdirs' per-user data folder
  for the app name ``perijove`` (e.g. ``~/.local/share/perijove`` on Linux).
- ``PERIJOVE_DATA_MIRROR=URL`` replaces each manifest URL's origin (everything up to the
  file name) with URL, keeping the file name: for offline mirrors and the tests.

The mirror contract: a mirror is ONE FLAT FOLDER holding each file under its upstream file
name, the last part of the manifest URL (``naif0012.tls``, ``juno_rec_orbit.bsp``,
``europa.jpg``, ``juno.glb``...; ``perijove data status`` and the 404 message name them),
reached by an ``http://``, ``https://`` or ``file://`` URL. Any other value is refused with
one line. Pinned files are still checked against their SHA-256 and every file is validated,
so a mirror cannot slip in a different file.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from perijove.data.errors import DataError, os_reason, shown_path
from perijove.data.manifest import Item

ENV_DIR = "PERIJOVE_DATA_DIR"
ENV_MIRROR = "PERIJOVE_DATA_MIRROR"
PARTIAL_SUFFIX = ".partial"
RESUME_SUFFIX = ".partial.resume"  # the validator a resumed download must match (If-Range)
MIRROR_SCHEMES = ("http", "https", "file")


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


def resume_path(path: Path) -> Path:
    """Beside the partial file: the validator (ETag or Last-Modified) its bytes came with."""
    return path.with_name(path.name + RESUME_SUFFIX)


def url_file_name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def mirror_url() -> str | None:
    """PERIJOVE_DATA_MIRROR if set (checked: an http, https or file URL), else None."""
    mirror = os.environ.get(ENV_MIRROR, "").strip()
    if not mirror:
        return None
    try:
        parts = urlsplit(mirror)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    ok = parts is not None and parts.scheme.lower() in MIRROR_SCHEMES and (
        parts.netloc if parts.scheme.lower() != "file" else parts.path)
    if not ok:
        raise DataError(f"{ENV_MIRROR}='{shown_path(mirror)}' is not an http://, https:// or "
                        "file:// URL of a folder; set it to one (e.g. "
                        "file:///media/usb/perijove-mirror/) or unset it")
    return mirror


def resolve_url(url: str) -> str:
    """The URL to fetch: the manifest's, or the same file name under PERIJOVE_DATA_MIRROR."""
    mirror = mirror_url()
    if mirror is None:
        return url
    return mirror.rstrip("/") + "/" + url_file_name(url)


def check_data_dir() -> Path:
    """The data folder, if the system can look it up (absent is fine); else DataError.

    For commands that only read: a folder name too long for the file system, or one on a
    folder without permission, gives one line instead of an OSError wherever it is first met.
    """
    folder = data_dir()
    try:
        folder.stat()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise DataError(f"the data folder '{shown_path(folder)}' cannot be used "
                        f"({os_reason(exc)}); set {ENV_DIR} to a folder that can") from None
    return folder


def ensure_writable_dir(folder: Path) -> Path:
    """Create `folder` if needed; DataError if it cannot be written (read-only, under a file)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(_unwritable(folder, exc)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DataError(f"the data folder '{shown_path(folder)}' is read-only; make it "
                        f"writable or set {ENV_DIR} to a writable folder")
    return folder


def _unwritable(folder: Path, exc: OSError) -> str:
    reason = "a file is in the way" if exc.errno == errno.ENOTDIR else os_reason(exc)
    return (f"cannot write to the data folder '{shown_path(folder)}' ({reason}); set {ENV_DIR} "
            "to a writable folder")


def unwritable_message(folder: Path, exc: OSError) -> str:
    """One line for an OSError met while writing into `folder`."""
    return _unwritable(folder, exc)
