"""Rendered frames kept between runs, so that an interrupted export resumes.

A frame is kept as a lossless PNG under a key made of everything that decides its pixels
(the export's settings, the data it draws, the code that draws it: see export.identity) and
its index: ``ROOT/KEY/000123.png``. Running the same export again after a crash, a cancel
or a lost worker renders only the frames that are not there; ``--fresh`` empties the key
first. A frame appears only by an atomic rename, so a file that is there is complete.

ROOT is ``--frames-dir`` if given (a folder every render machine can write, for shared
storage), else ``PERIJOVE_CACHE_DIR/frames``, else the user's cache folder
(``~/.cache/perijove/frames`` on Linux). An export that completes removes its frames. The
frames of an export that nobody is running any more (its lock is free) and that has not
been touched for a week are removed by the next export.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import socket
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from perijove.export.settings import ExportError

ENV_CACHE_DIR = "PERIJOVE_CACHE_DIR"
STALE_AFTER_S = 7 * 86400.0
LOCK_NAME = ".lock"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"
PNG_LEVEL = 1  # zlib level: lossless either way; 1 is the fastest to write


def cache_root() -> Path:
    """Perijove's cache folder (locks, frames): PERIJOVE_CACHE_DIR or the user cache dir."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("perijove", appauthor=False)


def frames_root(frames_dir: Path | None) -> Path:
    return frames_dir if frames_dir is not None else cache_root() / "frames"


def frame_name(i: int) -> str:
    return f"{i:06d}.png"


def oserror_reason(exc: OSError) -> str:
    """A few words for an OSError, for a one-line message."""
    return {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
            errno.EACCES: "permission denied", errno.EPERM: "permission denied",
            errno.EROFS: "read-only file system", errno.ENAMETOOLONG: "the name is too long",
            errno.EILSEQ: "the file system refuses the characters of this name",
            errno.ENOTDIR: "a file is in the way", errno.ENOENT: "the folder disappeared",
            errno.EIO: "input/output error"}.get(exc.errno or 0,
                                                 exc.strerror or type(exc).__name__)


def encode_png(rgb: np.ndarray) -> bytes:
    """A frame as PNG bytes (lossless: decoding gives the same array back)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8)).save(
        buf, format="PNG", compress_level=PNG_LEVEL)
    return buf.getvalue()


def decode_png(data: bytes) -> np.ndarray:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(im.convert("RGB"))


def looks_complete(path: Path) -> bool:
    """A PNG that starts and ends as a PNG does (a cut file fails this)."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            f.seek(-8, os.SEEK_END)
            tail = f.read(8)
    except OSError:
        return False
    return head == PNG_SIGNATURE and tail == PNG_END


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to a temporary name beside `path`, then rename (OSError as raised)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class FrameCache:
    """The kept frames of one export (one key), locked by the run that uses them."""

    def __init__(self, root: Path, key: str) -> None:
        self.root = root
        self.key = key
        self.folder = root / key
        self._lock_fd: int | None = None

    # ---- the run's lock ------------------------------------------------------------------
    def open(self, description: dict, fresh: bool = False) -> None:
        """Create and lock the folder (ExportError if another run holds it), drop the
        temporary files of dead runs, and with `fresh` every kept frame."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ExportError(f"cannot use the frame cache folder '{self.folder}' "
                              f"({oserror_reason(exc)}); choose another with --frames-dir or "
                              f"{ENV_CACHE_DIR}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another run"
            os.close(fd)
            raise ExportError(f"the same export is already running ({holder}) and holds "
                              f"'{self.folder}'; wait for it to finish") from None
        self._lock_fd = fd
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"PID {os.getpid()} on {socket.gethostname()}".encode(), 0)
        for p in self.folder.iterdir():
            if p.name.endswith(".tmp") or (fresh and p.name.endswith(".png")):
                p.unlink(missing_ok=True)
        try:
            write_atomic(self.folder / "export.json",
                         json.dumps(description, indent=1, sort_keys=True).encode())
        except OSError as exc:
            self.close()
            raise ExportError(f"cannot write to the frame cache folder '{self.folder}' "
                              f"({oserror_reason(exc)}); free space there or choose another "
                              "folder with --frames-dir") from None

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def remove(self) -> None:
        """Delete the kept frames (the export is complete)."""
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # ---- frames --------------------------------------------------------------------------
    def path(self, i: int) -> Path:
        return self.folder / frame_name(i)

    def kept(self, count: int) -> set[int]:
        """Indices of complete kept frames below `count` (a cut file is deleted)."""
        out = set()
        try:
            names = [p.name for p in self.folder.iterdir()]
        except OSError:
            return out
        for name in names:
            stem = name[:-4]
            if name.endswith(".png") and stem.isdigit() and int(stem) < count:
                if looks_complete(self.folder / name):
                    out.add(int(stem))
                else:
                    (self.folder / name).unlink(missing_ok=True)
        return out

    def put(self, i: int, png: bytes) -> None:
        try:
            write_atomic(self.path(i), png)
        except OSError as exc:
            raise ExportError(f"cannot write frame {i} to the frame cache folder "
                              f"'{self.folder}' ({oserror_reason(exc)}); the frames kept so "
                              "far resume the export: free space there (or choose another "
                              "folder with --frames-dir) and run the same command again") \
                from None

    def get(self, i: int) -> bytes:
        try:
            return self.path(i).read_bytes()
        except OSError as exc:
            raise ExportError(f"cannot read frame {i} from the frame cache folder "
                              f"'{self.folder}' ({oserror_reason(exc)}); run the export again "
                              "with --fresh") from None


def _try_lock(folder: Path) -> int | None:
    """The folder's lock, taken (an fd to close), or None while a run holds it."""
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def remove_stale_locks(folder: Path, now_s: float | None = None) -> None:
    """Remove the lock files in `folder` that nobody holds and nobody used for a week."""
    now_s = time.time() if now_s is None else now_s
    try:
        locks = [p for p in folder.iterdir() if p.name.endswith(".lock")]
    except OSError:
        return
    for path in locks:
        try:
            if now_s - path.stat().st_mtime <= STALE_AFTER_S:
                continue
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path.unlink(missing_ok=True)
        except OSError:
            pass
        finally:
            os.close(fd)


def remove_stale(root: Path, keep: Iterable[str] = (), now_s: float | None = None) -> list[Path]:
    """Remove the frames of exports nobody runs (lock free) untouched for STALE_AFTER_S."""
    now_s = time.time() if now_s is None else now_s
    removed = []
    try:
        folders = [p for p in root.iterdir() if p.is_dir() and p.name not in set(keep)]
    except OSError:
        return removed
    for folder in folders:
        if not (folder / "export.json").is_file() and not (folder / LOCK_NAME).is_file():
            continue  # not ours
        try:
            newest = max([folder.stat().st_mtime] +
                         [p.stat().st_mtime for p in folder.iterdir()])
        except OSError:
            continue
        if now_s - newest <= STALE_AFTER_S:
            continue
        fd = _try_lock(folder)
        if fd is not None:  # removed while holding its lock: no run can start on it meanwhile
            try:
                shutil.rmtree(folder, ignore_errors=True)
            finally:
                os.close(fd)
            removed.append(folder)
    return removed
